/**
 * The quarterly disclosure of medical assistance (001 §25, 附件2) through the workbench in a real
 * Chromium against the real service: 开平 finance builds a quarter's table, a reviewer (not the
 * builder) reviews it, the approver publishes it (who and when; the objection period's durable timer
 * starts), the counter records an objection and the reviewer answers it; finance reads the quarter's
 * statistics with their charts; and the counter clerk's date question on a pushed identity (001 §10).
 * The disclosure's row in PostgreSQL follows each step; screenshots
 * go to test/output/.
 *
 * The API serves the built page (web/dist) at /app/; this test builds it first (see workbench.test.ts).
 */
import { Client, Connection } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { shanghaiDate } from '../../domain/dates';
import { objectionPeriodEnd } from '../../domain/assistance-disclosure';
import { newIdNumber } from '../support/care';
import { testPrisma } from '../support/env';
import { startTestService, type TestService } from '../support/service';
import { E2E_CONFIG, buildWebOnce, launchChromium, logIn as logInAs, outputDir } from '../support/browser';

const prisma = testPrisma();
let svc: TestService;
let browser: any; // playwright-core's Browser (its types are not resolvable from the root)
let base: string;

beforeAll(async () => {
  buildWebOnce();
  svc = await startTestService(prisma, `it-web-disclosure-${randomUUID()}`, E2E_CONFIG);
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

// a quarter no other test file discloses for 开平 (the suite shares one database)
const quarter = '2021-Q1';
const id = `kaiping:${quarter}:v1`;

test('finance builds the quarter, the reviewer reviews it, the approver publishes it; an objection is recorded and answered', async () => {
  const violations: string[] = [];
  const today = shanghaiDate(Date.now());

  // 编制: finance, from the books
  const finance = await logIn('kaiping.finance', violations);
  const fp = finance.page;
  await fp.getByRole('link', { name: '救助公示与统计', exact: true }).click();
  const build = fp.getByRole('form', { name: '编制季度公示' });
  await build.getByLabel('季度', { exact: true }).fill(quarter);
  await build.getByRole('button', { name: '编制公示' }).click();
  const card = fp.getByRole('article', { name: `${quarter} 第1版` });
  await card.getByTestId('disclosure-status').getByText('草稿（待审核）').waitFor();
  expect(await card.getByRole('button', { name: '审核通过' }).count()).toBe(0); // the builder cannot review
  // the statistics of the same quarter, with their charts
  const stats = fp.getByRole('form', { name: '统计期间' });
  await stats.getByLabel(/统计期间/).fill(quarter);
  await stats.getByRole('button', { name: '统计' }).click();
  await fp.getByRole('img', { name: '按救助对象类型的支出' }).waitFor();
  expect(await fp.getByRole('img', { name: '按明细科目的支出' }).locator('rect').count()).toBeGreaterThan(0);
  await fp.screenshot({ path: path.join(outputDir, 'disclosure-draft.png'), fullPage: true });
  await finance.close();
  expect(await prisma.assistanceDisclosure.findUniqueOrThrow({ where: { id } })).toMatchObject({
    status: 'draft',
    builtBy: 'kaiping.finance',
  });

  // 审核
  const reviewer = await logIn('kaiping.reviewer', violations);
  const rp = reviewer.page;
  await rp.getByRole('link', { name: '救助公示与统计', exact: true }).click();
  const rcard = rp.getByRole('article', { name: `${quarter} 第1版` });
  await rcard.getByRole('button', { name: '审核通过' }).click();
  await rcard.getByTestId('disclosure-status').getByText('已审核（待公布）').waitFor();
  expect(await rcard.getByRole('button', { name: '公布' }).count()).toBe(0); // publishing is the approver's
  await reviewer.close();

  // 公布
  const approver = await logIn('kaiping.approver', violations);
  const ap = approver.page;
  await ap.getByRole('link', { name: '救助公示与统计', exact: true }).click();
  const acard = ap.getByRole('article', { name: `${quarter} 第1版` });
  await acard.getByRole('button', { name: '公布' }).click();
  await acard.getByTestId('disclosure-status').getByText('已公布').waitFor();
  const until = objectionPeriodEnd(today);
  await acard.getByText(`公示期 ${today} 至 ${until}`).waitFor();
  await ap.screenshot({ path: path.join(outputDir, 'disclosure-published.png'), fullPage: true });
  await approver.close();
  expect(await prisma.assistanceDisclosure.findUniqueOrThrow({ where: { id } })).toMatchObject({
    status: 'published',
    reviewedBy: 'kaiping.reviewer',
    publishedBy: 'kaiping.approver',
    publishedOn: today,
    objectionUntil: until,
  });
  // the objection period runs as a durable timer
  const connection = await Connection.connect({ address: svc.temporalAddress });
  const period = await new Client({ connection }).workflow.getHandle(`assistance-disclosure:${id}`).describe();
  expect(period.status.name).toBe('RUNNING');
  await connection.close();

  // 异议: recorded at the counter, answered by the reviewer
  const clerk = await logIn('kaiping.clerk', violations);
  const cp = clerk.page;
  await cp.getByRole('link', { name: '救助公示与统计', exact: true }).click();
  const objection = cp.getByRole('article', { name: `${quarter} 第1版` }).getByRole('form', { name: '登记异议' });
  await objection.getByLabel('异议人', { exact: true }).fill('陈某');
  await objection.getByLabel('异议内容', { exact: true }).fill('第一季度人次与本村名单不符');
  await objection.getByRole('button', { name: '登记异议' }).click();
  await cp.getByText('异议已登记').waitFor();
  await clerk.close();

  const reviewer2 = await logIn('kaiping.reviewer', violations);
  const r2 = reviewer2.page;
  await r2.getByRole('link', { name: '救助公示与统计', exact: true }).click();
  const answer = r2.getByRole('article', { name: `${quarter} 第1版` }).getByRole('form', { name: '答复异议' });
  await answer.getByLabel('答复', { exact: true }).fill('已核对支出户记账，人次无误');
  await answer.getByRole('button', { name: '答复' }).click();
  await r2.getByText('答复（kaiping.reviewer）：已核对支出户记账，人次无误').waitFor();
  await reviewer2.close();
  const objections = await prisma.disclosureObjection.findMany({ where: { disclosureId: id } });
  expect(objections.map((o) => [o.submitter, o.recordedBy, o.answeredBy])).toEqual([['陈某', 'kaiping.clerk', 'kaiping.reviewer']]);
  expect(violations).toEqual([]);
}, 180_000);

test('the counter clerk asks whether a pushed person is a recipient on a date and reads why', async () => {
  const violations: string[] = [];
  const idNumber = newIdNumber();
  const token = await svc.login('kaiping.clerk');
  const pushed = await svc.call(token, 'POST', '/assistance/identities', {
    person: { name: '梁网页', idNumber },
    category: 'extreme_poverty',
    recognizedOn: '2026-03-10',
    terminatedOn: '2026-08-31',
    department: 'civil_affairs',
  });
  expect(pushed.status).toBe(201);

  const clerk = await logIn('kaiping.clerk', violations);
  const cp = clerk.page;
  await cp.getByRole('link', { name: '医疗救助对象', exact: true }).click();
  const query = cp.getByRole('form', { name: '救助对象身份查询' });
  await query.getByLabel('身份证号码', { exact: true }).fill(idNumber);
  await query.getByLabel('日期', { exact: true }).fill('2026-08-31');
  await query.getByRole('button', { name: '查询' }).click();
  await query.getByText('是医疗救助对象：特困人员').waitFor();
  await query.getByRole('cell', { name: '2026-03-10 至 2026-08-31' }).waitFor();
  // the day after the termination (001 §10(一): the termination day itself is the last)
  await query.getByLabel('日期', { exact: true }).fill('2026-09-01');
  await query.getByRole('button', { name: '查询' }).click();
  await query.getByText('不是医疗救助对象').waitFor();
  await cp.screenshot({ path: path.join(outputDir, 'assistance-recipient-query.png'), fullPage: true });
  await clerk.close();
  expect(violations).toEqual([]);
}, 120_000);
