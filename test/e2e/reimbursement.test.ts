/**
 * A manual reimbursement claim (零星报销, issue 15) through the workbench in a real Chromium against
 * the real service (API + worker + Temporal dev server + PostgreSQL): the 台山 window clerk accepts a
 * basic inpatient claim through the acceptance form (an incomplete checklist stopped in the form,
 * nothing sent), the reviewer decides its line in yuan with the reason for the reduction, finance
 * pays the decided amount seeing the account in full, and the approver completes it; the claim's
 * row in PostgreSQL follows each step. Then the assistance claim on it (001 §13), accepted in the same form
 * and signed 初审, 复审 (another reviewer), 核准, 拨付, 办结 on each role's screen, posted with its payment.
 * Screenshots go to test/output/.
 *
 * The API serves the built page (web/dist) at /app/; this test builds it first (see workbench.test.ts).
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { addDays, shanghaiDate } from '../../domain/dates';
import { newIdNumber } from '../support/care';
import { applicationNo, testPrisma } from '../support/env';
import { ensureUsers } from '../support/users';
import { startTestService, type TestService } from '../support/service';
import { E2E_CONFIG, buildWebOnce, launchChromium, logIn as logInAs, outputDir } from '../support/browser';

const prisma = testPrisma();
const SECOND_REVIEWER = 'taishan.reviewer.b';
let svc: TestService;
let browser: any; // playwright-core's Browser (its types are not resolvable from the root)
let base: string;

beforeAll(async () => {
  buildWebOnce();
  svc = await startTestService(prisma, `it-web-reimbursement-${randomUUID()}`, E2E_CONFIG);
  // 初审 and 复审 are signed by two different reviewers (001 附件1)
  await ensureUsers(prisma, [{ username: SECOND_REVIEWER, displayName: '台山复审人', role: 'reviewer', jurisdiction: 'taishan' }]);
  base = svc.api.url;
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await svc?.stop();
  await prisma.$disconnect();
});

/** A fresh browser session at 1366×768, logged in as `username`; content-security-policy violations collected. */
async function logIn(username: string, violations: string[]) {
  return logInAs(browser, base, username, (page: any) =>
    page.on('console', (m: any) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    }),
  );
}

test('the clerk accepts a claim in the form, the reviewer decides it, finance pays it, the approver completes it; then its assistance claim', async () => {
  const violations: string[] = [];
  const today = shanghaiDate(Date.now());
  const claimNo = applicationNo('LXWEB');
  const idNumber = newIdNumber();
  const invoiceNo = `ZY-${randomUUID().slice(0, 8)}`;
  const account = '6222021234567890123';

  // 窗口受理
  const clerk = await logIn('taishan.clerk', violations);
  const cp = clerk.page;
  await cp.getByRole('link', { name: '零星报销', exact: true }).click();
  const form = cp.getByRole('form', { name: '零星报销窗口受理' });
  await form.getByLabel('报销类别', { exact: true }).selectOption('basic_inpatient');
  await form.getByLabel('申请编号', { exact: true }).fill(claimNo);
  await form.getByLabel('参保人姓名', { exact: true }).fill('陈住院');
  await form.getByLabel('身份证号码', { exact: true }).fill(idNumber);
  await form.getByLabel('入院日期', { exact: true }).fill(addDays(today, -20));
  await form.getByLabel('出院日期', { exact: true }).fill(addDays(today, -10));
  await form.getByLabel('住院医疗机构编码', { exact: true }).fill('H44078101');
  await form.getByLabel('第1张出院日期', { exact: true }).fill(addDays(today, -10));
  await form.getByLabel('第1张医疗机构编码', { exact: true }).fill('H44078101');
  await form.getByLabel('第1张医疗机构名称', { exact: true }).fill('台山市人民医院');
  await form.getByLabel('第1张发票号码', { exact: true }).fill(invoiceNo);
  await form.getByLabel('第1张金额（元）', { exact: true }).fill('1,234.50'); // not a yuan amount as typed
  await form.getByLabel('账号', { exact: true }).fill(account);
  await form.getByLabel('开户银行', { exact: true }).fill('中国工商银行台山支行');
  await form.getByLabel('户名', { exact: true }).fill('陈住院');
  for (const m of ['医保电子凭证', '医院收费票据', '住院费用清单', '诊断证明'])
    await form.getByRole('checkbox', { name: m, exact: true }).check();
  await form.getByRole('button', { name: '受理' }).click();
  // Both refusals under their fields; nothing was sent.
  await form.getByText('请填写金额（元，最多两位小数）').waitFor();
  await form.getByText(/尚缺：出院小结或出院记录/).waitFor();
  expect(await form.getByLabel('第1张金额（元）', { exact: true }).getAttribute('aria-invalid')).toBe('true');
  await cp.screenshot({ path: path.join(outputDir, 'reimbursement-accept-form.png'), fullPage: true });
  expect(await prisma.reimbursementClaim.count({ where: { claimNo } })).toBe(0);

  await form.getByLabel('第1张金额（元）', { exact: true }).fill('1234.50');
  await form.getByRole('checkbox', { name: '出院小结', exact: true }).check();
  await form.getByRole('button', { name: '受理' }).click();
  await cp.getByRole('heading', { level: 1, name: new RegExp(claimNo) }).waitFor();
  const claimId = decodeURIComponent(new URL(cp.url()).hash).replace(/^#\/reimbursement\//, '');
  expect(claimId).toMatch(new RegExp(`^reimbursement:[0-9a-f]{16}:${claimNo}$`));
  expect(await cp.getByTestId('claim-status').textContent()).toContain('待审核');
  expect(await cp.getByTestId('claim-account').textContent()).toContain('***************0123'); // the clerk is not finance
  expect(await prisma.reimbursementClaim.findUniqueOrThrow({ where: { id: claimId } })).toMatchObject({
    status: 'open',
    pendingStep: 'review',
    claimedFen: 123_450n,
  });
  await clerk.close();

  const claimPage = `${base}/app/#/reimbursement/${encodeURIComponent(claimId)}`;
  // 审核: the line's payable amount in yuan; a reduction needs its reason
  const reviewer = await logIn('taishan.reviewer', violations);
  const rp = reviewer.page;
  await rp.goto(claimPage);
  await rp.getByLabel(/第1行核定金额/).fill('1000');
  await rp.getByRole('button', { name: '提交' }).click();
  expect(await rp.getByRole('alert').textContent()).toBe('第1行：核减须说明原因');
  await rp.getByLabel('第1行核减原因').fill('乙类药品个人先行自付部分');
  await rp.getByRole('button', { name: '提交' }).click();
  await rp.getByTestId('claim-done').getByText('待拨付').waitFor();
  await rp.getByTestId('line-1').getByText('1,000.00 元', { exact: true }).waitFor(); // the page reloads the claim
  await rp.screenshot({ path: path.join(outputDir, 'reimbursement-reviewed.png'), fullPage: true });
  await reviewer.close();

  // 拨付: finance sees the account in full and pays the decided amount, typing none
  const finance = await logIn('taishan.finance', violations);
  const fp = finance.page;
  await fp.goto(claimPage);
  expect(await fp.getByTestId('claim-account').textContent()).toContain(account);
  expect(await fp.getByTestId('disburse-amount').textContent()).toContain('1,000.00 元');
  await fp.getByRole('button', { name: '提交' }).click();
  await fp.getByTestId('claim-done').getByText('待办结').waitFor();
  await finance.close();

  // 办结
  const approver = await logIn('taishan.approver', violations);
  const ap = approver.page;
  await ap.goto(claimPage);
  await ap.getByRole('button', { name: '提交' }).click();
  await ap.getByTestId('claim-done').getByText('已办结').waitFor();
  await ap.getByRole('list', { name: '签名' }).locator('li').nth(3).waitFor();
  const signatures = await ap.getByRole('list', { name: '签名' }).locator('li').allTextContents();
  expect(signatures.map((s: string) => s.split('：')[0])).toEqual(['窗口受理', '审核', '拨付', '办结']);
  await ap.screenshot({ path: path.join(outputDir, 'reimbursement-completed.png'), fullPage: true });
  await approver.close();

  expect(await prisma.reimbursementClaim.findUniqueOrThrow({ where: { id: claimId } })).toMatchObject({
    status: 'completed',
    decidedFen: 100_000n,
    paidFen: 100_000n,
  });

  // The assistance claim on the paid basic claim (001 §13, 附件1): accepted in the form, then 初审 → 复审 →
  // 核准 → 拨付 → 办结 on each role's screen, 初审 and 复审 by two different reviewers.
  const clerk2 = await logIn('taishan.clerk', violations);
  const c2 = clerk2.page;
  await c2.getByRole('link', { name: '零星报销', exact: true }).click();
  const form2 = c2.getByRole('form', { name: '零星报销窗口受理' });
  const assistanceNo = applicationNo('JZWEB');
  await form2.getByLabel('报销类别', { exact: true }).selectOption('assistance');
  await form2.getByLabel('申请编号', { exact: true }).fill(assistanceNo);
  await form2.getByLabel('参保人姓名', { exact: true }).fill('陈住院');
  await form2.getByLabel('身份证号码', { exact: true }).fill(idNumber);
  await form2.getByLabel('救助对象类别', { exact: true }).selectOption('subsistence_allowance');
  await form2.getByLabel('参保情况', { exact: true }).selectOption('insured_here');
  await form2.getByLabel('已拨付的基本医保报销申请号', { exact: true }).fill(claimId);
  await form2.getByLabel('身份认定日期（救助对象登记簿无记录时填写）', { exact: true }).fill(addDays(today, -400));
  await form2.getByLabel('身份证明材料', { exact: true }).fill('台山市民政局低保证 TS-WEB-1');
  await form2.getByLabel('账号', { exact: true }).fill(account);
  await form2.getByLabel('开户银行', { exact: true }).fill('中国工商银行台山支行');
  await form2.getByLabel('户名', { exact: true }).fill('陈住院');
  // insured here, the paid basic claim is the settlement: the list asks for the ID and 附件1 only
  expect(await form2.getByRole('checkbox', { name: '基本医保、大病保险报销后的结算单' }).count()).toBe(0);
  await form2.getByRole('checkbox', { name: '有效身份证件', exact: true }).check();
  await form2.getByRole('checkbox', { name: '《医疗救助申请表》', exact: true }).check();
  await form2.getByRole('button', { name: '受理' }).click();
  await c2.getByRole('heading', { level: 1, name: new RegExp(assistanceNo) }).waitFor();
  const assistanceId = decodeURIComponent(new URL(c2.url()).hash).replace(/^#\/reimbursement\//, '');
  expect(await c2.getByTestId('claim-status').textContent()).toContain('待初审');
  expect(await c2.getByTestId('line-1').textContent()).toContain('基本医保已付 1,000.00 元'); // taken from the basic claim
  await clerk2.close();

  const assistancePage = `${base}/app/#/reimbursement/${encodeURIComponent(assistanceId)}`;
  const step = async (username: string, act: (page: any) => Promise<void>, next: string) => {
    const s = await logIn(username, violations);
    await s.page.goto(assistancePage);
    await act(s.page);
    await s.page.getByRole('button', { name: '提交' }).click();
    await s.page.getByTestId('claim-done').getByText(next).waitFor();
    return s;
  };
  // 初审: 1,234.50 claimed, 1,000.00 paid by basic insurance: at most 234.50
  const first = await step(
    'taishan.reviewer',
    async (p) => {
      await p.getByLabel('救助金额（元）').fill('200');
    },
    '待复审',
  );
  await first.page
    .getByTestId('assistance-amount')
    .getByText(/本次予以医疗救助：200\.00 元/)
    .waitFor();
  await first.close();
  await (await step(SECOND_REVIEWER, async () => {}, '待核准')).close();
  await (await step('taishan.approver', async () => {}, '待拨付')).close();
  const paid = await step(
    'taishan.finance',
    async (p) => expect(await p.getByTestId('disburse-amount').textContent()).toContain('200.00 元'),
    '待办结',
  );
  await paid.close();
  const done = await step('taishan.approver', async () => {}, '已办结');
  await done.page.getByRole('list', { name: '签名' }).locator('li').nth(5).waitFor();
  const signed = await done.page.getByRole('list', { name: '签名' }).locator('li').allTextContents();
  expect(signed.map((s: string) => s.split('，')[0])).toEqual([
    '窗口受理：taishan.clerk',
    '初审：taishan.reviewer',
    `复审：${SECOND_REVIEWER}`,
    '核准：taishan.approver',
    '拨付：taishan.finance',
    '办结：taishan.approver',
  ]);
  await done.page.screenshot({ path: path.join(outputDir, 'reimbursement-assistance-completed.png'), fullPage: true });
  await done.close();
  const row = await prisma.reimbursementClaim.findUniqueOrThrow({ where: { id: assistanceId } });
  expect(row).toMatchObject({ status: 'completed', paidFen: 20_000n });
  expect(row.entryId).not.toBeNull(); // posted 支出户 → 住院救助支出 with the payment
  expect(violations).toEqual([]);
}, 240_000);
