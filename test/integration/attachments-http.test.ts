/**
 * Attachments over HTTP (issue 18): a scan uploaded to a case, kept with its SHA-256, listed and
 * downloaded byte for byte by those who may read the case, always as a download (never inline),
 * refused when too large, of another type, or not what it says it is; in the case's history.
 */
import { createHash, randomUUID } from 'node:crypto';
import { applicationNo, testPrisma } from '../support/env';
import { idNumberOf } from '../support/id-number';
import { startTestService, type TestService } from '../support/service';
import { RETIREMENT } from '../support/tasks';
import { ensureUsers } from '../support/users';

const prisma = testPrisma();
let svc: TestService;
const tokens: Record<string, string> = {};
const as = (user: string) => tokens[user]!;
// a 1×1 PNG
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

beforeAll(async () => {
  await ensureUsers(prisma, [
    { username: 'heshan.clerk', displayName: '鹤山窗口受理人员', role: 'window_clerk', jurisdiction: 'heshan' },
    { username: 'heshan.reviewer', displayName: '鹤山审核员甲', role: 'reviewer', jurisdiction: 'heshan' },
  ]);
  svc = await startTestService(prisma, `it-attachments-${randomUUID()}`);
  for (const u of ['heshan.clerk', 'heshan.reviewer', 'taishan.reviewer']) tokens[u] = await svc.login(u);
}, 120_000);

afterAll(async () => {
  await svc?.stop();
  await prisma.$disconnect();
});

async function upload(user: string, id: string, body: Buffer, contentType: string, fileName = '身份证.png', material?: string) {
  const q = new URLSearchParams({ fileName, ...(material ? { material } : {}) });
  const res = await fetch(`${svc.api.url}/records/${encodeURIComponent(id)}/attachments?${q}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${as(user)}`, 'content-type': contentType },
    body,
  });
  return { status: res.status, body: (await res.json()) as any };
}

test('a scan is stored with its hash, listed and downloaded byte for byte as a download; refused when wrong; in the history', async () => {
  const created = await svc.call(as('heshan.clerk'), 'POST', '/cases', {
    itemCode: RETIREMENT,
    applicationNo: applicationNo('HSA'),
    jurisdiction: 'heshan',
    applicant: { name: '冯八', idNumber: idNumberOf('440784', '1962-02-02', 77) },
  });
  const id = created.body.id as string;

  const stored = await upload('heshan.clerk', id, png, 'image/png', '身份证.png', '有效身份证件');
  expect(stored.status).toBe(201);
  expect(stored.body).toMatchObject({
    fileName: '身份证.png',
    contentType: 'image/png',
    sizeBytes: png.length,
    sha256: createHash('sha256').update(png).digest('hex'),
    material: '有效身份证件',
    uploadedByName: '鹤山窗口受理人员',
  });

  const list = await svc.call(as('heshan.reviewer'), 'GET', `/records/${encodeURIComponent(id)}/attachments`);
  expect(list.body.map((a: { id: string }) => a.id)).toEqual([stored.body.id]);
  const download = await fetch(`${svc.api.url}/records/${encodeURIComponent(id)}/attachments/${stored.body.id}`, {
    headers: { authorization: `Bearer ${as('heshan.reviewer')}` },
  });
  expect(download.status).toBe(200);
  expect(Buffer.from(await download.arrayBuffer()).equals(png)).toBe(true);
  expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="___.png"; filename\*=UTF-8''%E8%BA%AB/);
  expect(download.headers.get('x-content-type-options')).toBe('nosniff');
  expect(download.headers.get('content-security-policy')).toContain('sandbox');
  expect(download.headers.get('content-type')).toBe('image/png');

  // another county reads nothing of it
  expect((await svc.call(as('taishan.reviewer'), 'GET', `/records/${encodeURIComponent(id)}/attachments`)).status).toBe(403);
  expect(
    (
      await fetch(`${svc.api.url}/records/${encodeURIComponent(id)}/attachments/${stored.body.id}`, {
        headers: { authorization: `Bearer ${as('taishan.reviewer')}` },
      })
    ).status,
  ).toBe(403);

  // an HTML page passed off as a PNG, a page as such, an oversize scan: refused, nothing stored
  const html = Buffer.from('<html><script>alert(1)</script></html>');
  const disguised = await upload('heshan.clerk', id, html, 'image/png', 'x.png');
  expect(disguised).toMatchObject({ status: 415, body: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
  expect(disguised.body.message).toContain('与声明的类型不符');
  // a type the upload does not take: the refusal names the types it does (not JSON)
  const page = await upload('heshan.clerk', id, html, 'text/html', 'x.html');
  expect(page).toMatchObject({ status: 415, body: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
  expect(page.body.message).toContain('PDF、JPEG、PNG 或 TIFF');
  expect(page.body.message).not.toContain('json');
  const big = Buffer.concat([png, Buffer.alloc(10 * 1024 * 1024)]);
  expect((await upload('heshan.clerk', id, big, 'image/png')).status).toBe(413);
  expect(await prisma.attachment.count({ where: { recordId: id } })).toBe(1);

  const history = (await svc.call(as('heshan.reviewer'), 'GET', `/cases/${encodeURIComponent(id)}`)).body.history as {
    action: string;
    note: string;
  }[];
  expect(history.find((h) => h.action === 'attachment')?.note).toContain('上传附件「身份证.png」（有效身份证件）');
});
