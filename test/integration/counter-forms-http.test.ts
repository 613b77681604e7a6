/**
 * The counter paperwork as PDF over HTTP (documents/): 受理通知书 with the deadline, 不予受理告知书
 * with reason and returned materials, 一次性告知书 with the materials to correct, 办结通知书 with
 * the amount in words. Each PDF is rendered to PNG (test/output/forms/) and its text read back.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { applicationNo, testPrisma } from '../support/env';
import { outputDir, pdfFonts, pdfText, pdfToPng } from '../support/pdf';
import { startTestService, type TestService } from '../support/service';

const prisma = testPrisma();
let svc: TestService;
const tokens: Record<string, string> = {};
const as = (user: string) => tokens[user]!;

beforeAll(async () => {
  svc = await startTestService(prisma, `it-counter-forms-${randomUUID()}`);
  for (const u of ['taishan.clerk', 'taishan.reviewer', 'taishan.approver', 'taishan.finance', 'kaiping.clerk']) {
    tokens[u] = await svc.login(u);
  }
}, 120_000);

afterAll(async () => {
  await svc?.stop();
  await prisma.$disconnect();
});

const WITHDRAWAL = '442189208003'; // 个人账户一次性支取: 申请-受理-审核-拨付-办结, 15 working days
const RETIREMENT = '442189209003'; // 职工医保退休待遇核定: 5 working days
const CERTIFICATE = '442189209001'; // 出具《参保凭证》: 即时办结
const applicant = { name: '黄五', idNumber: '440781195803041238' };

const create = (body: Record<string, unknown>) =>
  svc.call(as('taishan.clerk'), 'POST', '/cases', { jurisdiction: 'taishan', applicant, ...body });
const act = (user: string, id: string, body: object) => svc.call(as(user), 'POST', `/cases/${encodeURIComponent(id)}/actions`, body);

async function form(id: string, name: string, user = 'taishan.clerk') {
  const res = await fetch(`${svc.api.url}/cases/${encodeURIComponent(id)}/documents/${name}.pdf`, {
    headers: { authorization: `Bearer ${as(user)}` },
  });
  const body = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, body, json: () => JSON.parse(body.toString('utf8')) };
}

/** pdftotext -layout may pad CJK with spaces; compare without them. */
const squeeze = (s: string) => s.replace(/\s+/g, '');

test('a 受理通知书 prints the accepted case with its deadline, the clerk, the agency; rendered to PNG with the font embedded', async () => {
  const created = await create({ itemCode: RETIREMENT, applicationNo: applicationNo('PDF') });
  expect(created.status).toBe(201);
  const id = created.body.id as string;

  const early = await form(id, 'acceptance-notice');
  expect(early.status).toBe(409);
  expect(early.json()).toMatchObject({ code: 'DOCUMENT_NOT_APPLICABLE' });
  expect(early.json().message).toContain('尚未受理');

  const accepted = await act('taishan.clerk', id, { action: 'accept' });
  expect(accepted.status).toBe(200);
  const { dueDate, workingDays } = accepted.body.deadline as { dueDate: string; workingDays: number };

  const pdf = await form(id, 'acceptance-notice');
  expect(pdf.status).toBe(200);
  expect(pdf.headers.get('content-type')).toBe('application/pdf');
  expect(pdf.headers.get('x-content-type-options')).toBe('nosniff');
  expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');

  const text = squeeze(pdfText(pdf.body));
  const [y, m, d] = dueDate.split('-');
  expect(text).toContain('受理通知书');
  expect(text).toContain('黄五');
  expect(text).toContain('职工医保退休待遇核定');
  expect(text).toContain(`${workingDays}个工作日`);
  expect(text).toContain(`将于${y}年${m}月${d}日前办结`);
  expect(text).toContain('440781********1238');
  expect(text).not.toContain(applicant.idNumber);
  expect(text).toContain('台山市医疗保障局');
  expect(text).toContain(created.body.applicationNo);
  const clerk = await prisma.user.findUniqueOrThrow({ where: { username: 'taishan.clerk' } });
  expect(text).toContain(`受理人（签名）：${clerk.displayName}`);

  const fonts = pdfFonts(pdf.body, path.join(outputDir, 'forms-fonts.pdf'));
  expect(fonts.length).toBeGreaterThan(0);
  expect(fonts.every((f) => f.embedded)).toBe(true);

  const pngs = pdfToPng(pdf.body, 'forms', 'acceptance-notice');
  expect(pngs).toHaveLength(1);
  const png = readFileSync(pngs[0]!);
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  expect(png.length).toBeGreaterThan(10_000); // a page with text on it, not a blank one
});

test('a 不予受理告知书 prints the reason and every returned material; not for a case that was accepted', async () => {
  const refusal = { reason: '申请人非本统筹区参保人员', returnedMaterials: ['居民身份证复印件', '社会保障卡复印件'] };
  const refused = await create({ itemCode: CERTIFICATE, applicationNo: applicationNo('PDFR'), counterRefusal: refusal });
  expect(refused.status).toBe(201);
  const pdf = await form(refused.body.id, 'refusal-notice');
  expect(pdf.status).toBe(200);
  const text = squeeze(pdfText(pdf.body));
  expect(text).toContain('不予受理告知书');
  expect(text).toContain('申请人非本统筹区参保人员');
  expect(text).toContain('1.居民身份证复印件');
  expect(text).toContain('2.社会保障卡复印件');
  pdfToPng(pdf.body, 'forms', 'refusal-notice');

  const open = await create({ itemCode: RETIREMENT, applicationNo: applicationNo('PDFR') });
  await act('taishan.clerk', open.body.id, { action: 'accept' });
  expect((await form(open.body.id, 'refusal-notice')).status).toBe(409);
});

test('an 一次性告知书 lists every material to correct; a 办结通知书 prints the amount paid in figures and in words', async () => {
  const created = await create({ itemCode: WITHDRAWAL, applicationNo: applicationNo('PDFC') });
  const id = created.body.id as string;
  await act('taishan.clerk', id, { action: 'accept' });
  const sentBack = await act('taishan.reviewer', id, {
    action: 'request_correction',
    missingMaterials: ['死亡证明原件', '继承人关系证明', '继承人银行账户'],
    reason: '继承材料不全',
  });
  expect(sentBack.status).toBe(200);
  const correction = await form(id, 'correction-notice');
  expect(correction.status).toBe(200);
  const correctionText = squeeze(pdfText(correction.body));
  expect(correctionText).toContain('一次性告知书');
  for (const [i, m] of ['死亡证明原件', '继承人关系证明', '继承人银行账户'].entries()) expect(correctionText).toContain(`${i + 1}.${m}`);
  expect(correctionText).toContain('继承材料不全');
  pdfToPng(correction.body, 'forms', 'correction-notice');

  expect((await form(id, 'completion-notice')).status).toBe(409);
  await act('taishan.clerk', id, { action: 'resubmit' });
  await act('taishan.reviewer', id, { action: 'review' });
  expect((await act('taishan.finance', id, { action: 'disburse', amountFen: 10_700_053 })).status).toBe(200);
  expect((await act('taishan.approver', id, { action: 'complete' })).status).toBe(200);
  const done = await form(id, 'completion-notice');
  expect(done.status).toBe(200);
  const doneText = squeeze(pdfText(done.body));
  expect(doneText).toContain('办结通知书');
  expect(doneText).toContain('¥107,000.53');
  expect(doneText).toContain('人民币（大写）壹拾万零柒仟元伍角叁分');
  pdfToPng(done.body, 'forms', 'completion-notice');
});

test('a clerk of another county cannot print a case they may not read (403); an unknown form is 400', async () => {
  const created = await create({ itemCode: RETIREMENT, applicationNo: applicationNo('PDFX') });
  await act('taishan.clerk', created.body.id, { action: 'accept' });
  expect((await form(created.body.id, 'acceptance-notice', 'kaiping.clerk')).status).toBe(403);
  const unknown = await form(created.body.id, 'receipt');
  expect(unknown.status).toBe(400);
  expect(unknown.json().code).toBe('VALIDATION_FAILED');
});
