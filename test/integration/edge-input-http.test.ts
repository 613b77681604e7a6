/**
 * Bad input at the edge (issue 13 §1–3): control characters, impossible years, dates and amounts,
 * and bytes that are not UTF-8 are refused with 400 in the standard error shape, and nothing is
 * started or written. Real service, real Temporal dev server and PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { applicationNo, testPrisma } from '../support/env';
import { startTestService, type TestService } from '../support/service';

const prisma = testPrisma();
let svc: TestService;
const tokens: Record<string, string> = {};
const as = (user: string) => tokens[user]!;

beforeAll(async () => {
  svc = await startTestService(prisma, `it-edge-input-${randomUUID()}`);
  for (const u of ['taishan.clerk', 'kaiping.finance', 'municipal.finance']) tokens[u] = await svc.login(u);
}, 120_000);

afterAll(async () => {
  await svc?.stop();
  await prisma.$disconnect();
});

const RETIREMENT = '442189209003';
const applicant = { name: '李四', idNumber: '44078119580308123X' };

/** A request with a raw body (bytes as sent), for what JSON.stringify cannot produce. */
async function raw(token: string | null, method: string, path: string, body: Buffer | string, contentType = 'application/json') {
  const res = await fetch(`${svc.api.url}${path}`, {
    method,
    body,
    headers: { 'content-type': contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

test('a NUL in the applicant name is refused at once, and the same application number can then be created', async () => {
  const appNo = applicationNo('NUL');
  const started = Date.now();
  const refused = await svc.call(as('taishan.clerk'), 'POST', '/cases', {
    itemCode: RETIREMENT,
    applicationNo: appNo,
    jurisdiction: 'taishan',
    applicant: { ...applicant, name: '李\u0000四' },
  });
  expect(refused.status).toBe(400);
  expect(refused.body).toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ path: 'body.applicant.name' }] });
  expect(refused.body.message).toContain('body.applicant.name');
  expect(Date.now() - started).toBeLessThan(10_000); // it answers (it used to never answer)
  expect(await prisma.serviceCase.count({ where: { applicationNo: appNo } })).toBe(0);

  const created = await svc.call(as('taishan.clerk'), 'POST', '/cases', {
    itemCode: RETIREMENT,
    applicationNo: appNo,
    jurisdiction: 'taishan',
    applicant,
  });
  expect(created.status).toBe(201);
  expect(created.body.applicant.name).toBe('李四');

  // Multi-line fields keep their line breaks; other control characters are refused anywhere.
  const id = encodeURIComponent(created.body.id);
  const bell = await svc.call(as('taishan.clerk'), 'POST', `/cases/${id}/actions`, { action: 'accept', note: '材料\u0007齐全' });
  expect(bell.status).toBe(400);
  expect(bell.body.issues).toEqual([{ path: 'body.note', message: expect.any(String) }]);
  const lines = await svc.call(as('taishan.clerk'), 'POST', `/cases/${id}/actions`, { action: 'accept', note: '材料齐全\r\n已核对原件' });
  expect(lines.status).toBe(200);
});

test('control characters in a query string, an object key or a one-line name are refused with the field named', async () => {
  const query = await svc.call(as('taishan.clerk'), 'GET', '/cases?assignee=a%00b');
  expect(query.status).toBe(400);
  expect(query.body).toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ path: 'querystring.assignee' }] });

  const key = await raw(as('taishan.clerk'), 'POST', '/cases', '{"itemCode":"442189209003","x\\u0001":1}');
  expect(key.status).toBe(400);
  expect(key.body.code).toBe('VALIDATION_FAILED');

  // A line break is no control character for a free-text field, but a name is one line.
  const newline = await svc.call(as('taishan.clerk'), 'POST', '/cases', {
    itemCode: RETIREMENT,
    applicationNo: applicationNo('NL'),
    jurisdiction: 'taishan',
    applicant: { ...applicant, name: '李\n四' },
  });
  expect(newline.status).toBe(400);
  expect(newline.body.issues).toEqual([expect.objectContaining({ path: 'body.applicant.name' })]);

  // An unpaired surrogate cannot be stored as UTF-8 either.
  const surrogate = await raw(
    as('taishan.clerk'),
    'POST',
    '/cases',
    JSON.stringify({
      itemCode: RETIREMENT,
      applicationNo: applicationNo('SG'),
      jurisdiction: 'taishan',
      applicant: { ...applicant, name: 'x' },
    }).replace('"name":"x"', '"name":"\\ud800"'),
  );
  expect(surrogate.status).toBe(400);
  expect(surrogate.body.issues).toEqual([expect.objectContaining({ path: 'body.applicant.name' })]);
});

test('a body that is not UTF-8 is refused, not stored with U+FFFD', async () => {
  const appNo = applicationNo('U8');
  const json = JSON.stringify({
    itemCode: RETIREMENT,
    applicationNo: appNo,
    jurisdiction: 'taishan',
    applicant: { ...applicant, name: 'NAME' },
  });
  const [before, after] = json.split('NAME') as [string, string];
  // "李" in GBK (0xC0 0xEE) is not UTF-8.
  const body = Buffer.concat([Buffer.from(before), Buffer.from([0xc0, 0xee]), Buffer.from(after)]);
  const res = await raw(as('taishan.clerk'), 'POST', '/cases', body);
  expect(res.status).toBe(400);
  expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED' });
  expect(res.body.message).toContain('UTF-8');
  expect(await prisma.serviceCase.count({ where: { applicationNo: appNo } })).toBe(0);

  // The settlement-file upload is a JSON body too: the same check covers it.
  const csv = Buffer.concat([
    Buffer.from('{"csv":"institution,date,category,amount\\n'),
    Buffer.from([0xff]),
    Buffer.from(',2026-01-05,outpatient,1.00\\n"}'),
  ]);
  const file = await raw(as('kaiping.finance'), 'POST', '/ledger/settlements/import', csv);
  expect(file.status).toBe(400);
  expect(file.body.code).toBe('VALIDATION_FAILED');

  // %-escapes in the address that are not UTF-8
  const url = await svc.call(as('taishan.clerk'), 'GET', '/cases?assignee=%C0%EE');
  expect(url.status).toBe(400);
  expect(url.body.code).toBe('VALIDATION_FAILED');
});

test('a prepayment for year 0000 and ledger entries dated 0000-01-01 or 9999-12-31 are refused; nothing starts or posts', async () => {
  const fin = as('municipal.finance');
  for (const period of ['0000', '1999', '2101']) {
    const res = await svc.call(fin, 'POST', '/fund/requests', { kind: 'prepayment', period });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ path: 'body.period' }] });
  }
  for (const period of ['0000-01', '2026-13', '2026-00']) {
    expect((await svc.call(fin, 'POST', '/fund/requests', { kind: 'turnover', period })).status).toBe(400);
  }
  expect(await prisma.fundRequest.count({ where: { agency: 'municipal', period: { in: ['0000', '1999', '2101', '0000-01'] } } })).toBe(0);

  const ref = `edge-${randomUUID()}`;
  for (const date of ['0000-01-01', '9999-12-31', '2026-02-30']) {
    const res = await svc.call(fin, 'POST', '/ledger/entries', {
      event: 'fiscal_income',
      date,
      kind: 'fiscal_subsidy',
      amountFen: 100,
      ref,
    });
    expect(res.status).toBe(400);
    expect(res.body.issues).toEqual([expect.objectContaining({ path: 'body.date' })]);
  }
  for (const amountFen of [0, -1, 1.5, 1_000_000_000_001, Number.MAX_SAFE_INTEGER]) {
    const res = await svc.call(fin, 'POST', '/ledger/entries', {
      event: 'fiscal_income',
      date: '2026-03-02',
      kind: 'fiscal_subsidy',
      amountFen,
      ref,
    });
    expect(res.status).toBe(400);
    expect(res.body.issues).toEqual([expect.objectContaining({ path: 'body.amountFen' })]);
  }
  // The settlement file's rows get the same bounds, with the row number.
  const file = await svc.call(fin, 'POST', '/ledger/settlements/import', {
    csv: 'institution,date,category,amount\n江门市中心医院,0000-01-01,outpatient,1.00\n江门市中心医院,2026-03-02,inpatient,10000000000.01\n',
  });
  expect(file.status).toBe(400);
  expect(file.body.issues.map((i: { path: string }) => i.path)).toEqual(['row 2', 'row 3']);
  expect(await prisma.journalEntry.count({ where: { agency: 'municipal', date: { in: ['0000-01-01', '9999-12-31'] } } })).toBe(0);

  const statement = await svc.call(fin, 'GET', '/ledger/statements?period=0000');
  expect(statement.status).toBe(400);

  // list pages and calendar years are bounded too
  expect((await svc.call(as('taishan.clerk'), 'GET', '/cases?page=100001')).status).toBe(400);
  expect((await svc.call(as('taishan.clerk'), 'GET', '/calendar/1999')).status).toBe(400);
});

test("Fastify's own refusals come in the standard shape, in Chinese", async () => {
  const badJson = await raw(as('taishan.clerk'), 'POST', '/cases', '{"itemCode":');
  expect(badJson.status).toBe(400);
  expect(badJson.body).toEqual({ code: 'VALIDATION_FAILED', message: expect.stringMatching(/JSON/) });

  const xml = await raw(as('taishan.clerk'), 'POST', '/cases', '<case/>', 'application/xml');
  expect(xml.status).toBe(415);
  expect(xml.body).toEqual({ code: 'UNSUPPORTED_MEDIA_TYPE', message: expect.stringMatching(/[\u4e00-\u9fff]/) });

  const big = await raw(as('taishan.clerk'), 'POST', '/cases', JSON.stringify({ pad: 'x'.repeat(2 * 1024 * 1024) }));
  expect(big.status).toBe(413);
  expect(big.body.code).toBe('PAYLOAD_TOO_LARGE');

  const badPath = await svc.call(as('taishan.clerk'), 'GET', '/cases/%E0%A4%A');
  expect(badPath.status).toBe(400);
  expect(badPath.body).toMatchObject({ code: expect.any(String), message: expect.stringMatching(/[\u4e00-\u9fff]/) });
});
