/**
 * The clerks' workbench (web/) in a real Chromium against the real service (API + worker + Temporal
 * dev server + PostgreSQL): a case started and accepted by a window clerk and reviewed by a reviewer,
 * with both in its history; a 开平 case invisible to a 台山 clerk; this month's turnover request
 * triggered twice is one request; a hospital's family-bed application through the form, and the 台山
 * supervisor's summary with it. Screenshots go to test/output/.
 *
 * The API serves the built page (web/dist) at /app/; this test builds it first. playwright-core and
 * the page's tool chain live in web/node_modules (`npm --prefix web ci`); the root installs nothing.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { eligibleFamilyBed, newIdNumber } from '../support/care';
import { randomIdNumber } from '../support/id-number';
import { applicationNo, testPrisma } from '../support/env';
import { startTestService, type TestService } from '../support/service';
import { E2E_CONFIG, buildWebOnce, launchChromium, logIn as logInAs, outputDir } from '../support/browser';
import { insertOpenCases } from '../support/tasks';
import { ensureUsers } from '../support/users';
import { pdfText, pdfToPng } from '../support/pdf';
import { idNumberOf } from '../support/id-number';
import { mkdirSync, readFileSync } from 'node:fs';

const RETIREMENT = '442189209003'; // 职工医保退休待遇核定: 申请-受理-审核-办结, 5 working days
const prisma = testPrisma();
let svc: TestService;
let browser: any; // playwright-core's Browser (its types are not resolvable from the root)
let base: string;

beforeAll(async () => {
  buildWebOnce();

  svc = await startTestService(prisma, `it-web-${randomUUID()}`, E2E_CONFIG);
  base = svc.api.url;
  const index = await fetch(`${base}/app/`);
  if (index.status !== 200 || !index.headers.get('content-type')?.startsWith('text/html')) {
    throw new Error(
      `GET /app/ answered ${index.status} ${index.headers.get('content-type')}: the API must serve web/dist at /app/ without a token`,
    );
  }
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await svc?.stop();
  await prisma.$disconnect();
});

/**
 * Every content-security-policy violation any page reports (issue 13 §9): the workbench must work
 * under the policy the service sends, so each test ends with none.
 */
let cspViolations: string[] = [];
async function watchPolicy(page: any): Promise<void> {
  page.on('console', (m: any) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  await page.addInitScript(`document.addEventListener('securitypolicyviolation',
    (e) => console.error('Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI))`);
}
beforeEach(() => {
  cspViolations = [];
});
afterEach(() => expect(cspViolations).toEqual([]));

/** A fresh browser session (own sessionStorage) at 1366×768, logged in as `username`. */
async function logIn(username: string) {
  return logInAs(browser, base, username, watchPolicy);
}

const caseUrl = (id: string) => `${base}/app/#/cases/${encodeURIComponent(id)}`;
const historyRows = async (page: any): Promise<string[][]> =>
  page
    .getByRole('table', { name: '办理记录（按时间先后）' })
    .locator('tbody tr')
    .evaluateAll((rows: any[]) => rows.map((r) => Array.from(r.cells as ArrayLike<any>, (c) => String(c.textContent).trim())));
/** The fact shown beside a label on the case page. */
const fact = (page: any, label: string) => page.locator(`dt:text-is("${label}") + dd`).first().textContent();

test('a clerk starts and accepts a case, a reviewer reviews it; the history shows both with their offices', async () => {
  const appNo = applicationNo('WEB');
  const clerk = await logIn('taishan.clerk');
  const { page } = clerk;
  expect(await page.getByTestId('who').textContent()).toMatch(/taishan\.clerk.*窗口受理人员.*台山/);

  await page.getByRole('link', { name: '新建案件' }).click();
  await page.getByLabel('服务事项').selectOption(RETIREMENT);
  await page.getByLabel('申请编号').fill(appNo);
  await page.getByLabel('申请人姓名').fill('陈一');
  await page.getByLabel('身份证号码').fill('440781196001011234');
  await page.getByRole('button', { name: '创建案件' }).click();
  await page.getByRole('heading', { level: 1, name: new RegExp(appNo) }).waitFor();
  const caseId = `service-case:${RETIREMENT}:${appNo}`;
  expect(decodeURIComponent(new URL(page.url()).hash)).toBe(`#/cases/${caseId}`);
  expect(await fact(page, '当前环节')).toBe('待受理');
  expect(await fact(page, '身份证号码')).toBe('440781196001011234'); // the handling clerk sees it in full

  // A refusal without a reason is stopped in the form: nothing is sent, the case stays as it was.
  await page.getByRole('radio', { name: '不予受理' }).check();
  await page.getByRole('button', { name: '提交' }).click();
  expect(await page.getByRole('alert').textContent()).toBe('退回或不予受理须填写原因');
  await page.screenshot({ path: path.join(outputDir, 'workbench-case-form.png') });
  expect((await svc.call(await svc.login('taishan.clerk'), 'GET', `/cases/${encodeURIComponent(caseId)}`)).body.status).toBe('open');
  // With a reason, an ending action still asks first; cancelled, nothing is sent.
  await page.getByLabel(/原因/).fill('材料不全');
  await page.getByRole('button', { name: '提交' }).click();
  expect(await page.getByRole('alertdialog').textContent()).toContain('案件将就此办结');
  await page.getByRole('button', { name: '取消' }).click();
  expect((await svc.call(await svc.login('taishan.clerk'), 'GET', `/cases/${encodeURIComponent(caseId)}`)).body.status).toBe('open');
  await page.getByLabel(/原因/).fill('');

  await page.getByRole('radio', { name: '受理', exact: true }).check();
  await page.getByRole('button', { name: '提交' }).click();
  await page.getByText(/已办理，案件现为「办理中」，待审核/).waitFor();
  await page.locator('dt:text-is("当前环节") + dd', { hasText: '待审核' }).waitFor();
  expect(await fact(page, '收件日')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  expect(await fact(page, '法定时限')).toBe('5 个工作日');
  // How the deadline was counted: from the day after receipt, skipping the calendar's non-working days.
  await page.locator('dt:text-is("计算方法")').waitFor();
  expect(await fact(page, '计算方法')).toMatch(/^自收件日次日起算，跳过 \d+ 个非工作日/);
  await clerk.close();

  const reviewer = await logIn('taishan.reviewer');
  const rp = reviewer.page;
  const link = rp.getByRole('link', { name: appNo });
  await rp.getByLabel('查找').fill(appNo); // other test files' 台山 cases share the queue
  await link.waitFor(); // in the reviewer's inbox: it waits on 审核
  await rp.screenshot({ path: path.join(outputDir, 'workbench-inbox.png') });
  await link.click();
  await rp.getByRole('heading', { level: 1, name: new RegExp(appNo) }).waitFor();
  await rp.getByRole('radio', { name: '审核通过' }).check();
  await rp.getByLabel('备注（可选）').fill('材料齐全');
  await rp.getByRole('button', { name: '提交' }).click();
  await rp.locator('dt:text-is("当前环节") + dd', { hasText: '待办结' }).waitFor();

  const rows = await historyRows(rp);
  expect(rows.map((r) => r.slice(1, 5))).toEqual([
    // display names, not log-ins (the 经办人 of each step is the person who took it)
    ['台山窗口受理人员', '窗口受理人员', '台山', '申请'],
    ['台山窗口受理人员', '窗口受理人员', '台山', '受理'],
    ['台山审核人员', '审核人员', '台山', '审核'],
  ]);
  for (const r of rows) expect(r[0]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  await rp.screenshot({ path: path.join(outputDir, 'workbench-case.png'), fullPage: true });
  await reviewer.close();
}, 120_000);

test('a 台山 clerk does not see a 开平 case: not in the inbox, and its page shows the refusal', async () => {
  const kaiping = await svc.login('kaiping.clerk');
  const kpNo = applicationNo('KP');
  const created = await svc.call(kaiping, 'POST', '/cases', {
    itemCode: RETIREMENT,
    applicationNo: kpNo,
    jurisdiction: 'kaiping',
    applicant: { name: '周五', idNumber: '440783197002023453' },
  });
  expect(created.status).toBe(201);
  // A 台山 case pending acceptance, so the inbox provably lists what the clerk may see.
  const tsNo = applicationNo('TS');
  expect(
    (
      await svc.call(await svc.login('taishan.clerk'), 'POST', '/cases', {
        itemCode: RETIREMENT,
        applicationNo: tsNo,
        jurisdiction: 'taishan',
        applicant: { name: '吴六', idNumber: '44078119800303456X' },
      })
    ).status,
  ).toBe(201);

  const { page, close } = await logIn('taishan.clerk');
  await page.getByLabel('查找').fill(tsNo);
  await page.getByRole('link', { name: tsNo }).waitFor();
  expect(await page.getByRole('link', { name: kpNo }).count()).toBe(0);
  await page.getByLabel('查找').fill(kpNo);
  await page.getByText('没有符合条件的待办').waitFor();
  // Not among all open work of the clerk's jurisdiction either (the county filter is fixed to 台山).
  await page.getByLabel('范围').selectOption('all');
  await page.getByText('没有符合条件的待办').waitFor();
  await page.getByLabel('查找').fill(tsNo);
  await page.getByRole('link', { name: tsNo }).waitFor();
  expect(await page.getByRole('link', { name: kpNo }).count()).toBe(0);
  expect(await page.getByLabel('辖区').isDisabled()).toBe(true);

  await page.goto(caseUrl(created.body.id));
  expect(await page.getByRole('alert').textContent()).toBe('该案件不属于您所在的经办辖区');
  expect(await page.getByText('周五').count()).toBe(0);
  await close();
}, 120_000);

test('the inbox pages through more than 1,000 open cases from the server: the whole total, the most urgent first, page 2', async () => {
  // 江海 (jianghai) is this test's own county: no other test file has cases there
  await ensureUsers(prisma, [{ username: 'jianghai.reviewer', displayName: '江海审核人员', role: 'reviewer', jurisdiction: 'jianghai' }]);
  await insertOpenCases(prisma, 'jianghai', 'JH-BULK', 1_050);
  const { page, close } = await logIn('jianghai.reviewer');
  const count = page.locator('p.count');
  await count.filter({ hasText: '共 1,050 件，其中已超期 1,050 件' }).waitFor();
  const firstRow = page.getByRole('table').locator('tbody tr').first();
  expect(await firstRow.textContent()).toContain('JH-BULK-00000');
  expect(await page.getByRole('table').locator('tbody tr').count()).toBe(50);
  await page.screenshot({ path: path.join(outputDir, 'workbench-inbox-1050.png') });
  await page.getByRole('button', { name: '下一页' }).click();
  await page.getByRole('link', { name: 'JH-BULK-00050' }).waitFor();
  expect(await firstRow.textContent()).toContain('JH-BULK-00050');
  expect(await count.textContent()).toContain('第 2 页');
  await page.getByRole('button', { name: '上一页' }).click();
  await page.getByRole('link', { name: 'JH-BULK-00000' }).waitFor();
  await close();
}, 120_000);

test('a clerk prints a 受理通知书, uploads and downloads a scan, finds the person; a reviewer claims, a supervisor reassigns', async () => {
  await ensureUsers(prisma, [
    { username: 'jianghai.clerk', displayName: '江海窗口受理人员', role: 'window_clerk', jurisdiction: 'jianghai' },
    { username: 'jianghai.reviewer', displayName: '江海审核人员', role: 'reviewer', jurisdiction: 'jianghai' },
    { username: 'jianghai.reviewer2', displayName: '江海审核员乙', role: 'reviewer', jurisdiction: 'jianghai' },
  ]);
  const appNo = applicationNo('JHW');
  const person = { name: '江小九', idNumber: idNumberOf('440704', '1961-06-06', 321) };
  const clerkToken = await svc.login('jianghai.clerk');
  const created = await svc.call(clerkToken, 'POST', '/cases', {
    itemCode: RETIREMENT,
    applicationNo: appNo,
    jurisdiction: 'jianghai',
    applicant: person,
  });
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  expect((await svc.call(clerkToken, 'POST', `/cases/${encodeURIComponent(id)}/actions`, { action: 'accept' })).status).toBe(200);

  const clerk = await logIn('jianghai.clerk');
  const { page } = clerk;
  await page.goto(caseUrl(id));
  await page.getByRole('heading', { level: 1, name: new RegExp(appNo) }).waitFor();
  // the printed 受理通知书: a PDF from the server, rendered to PNG and its text read back
  const [pdfDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '受理通知书' }).click()]);
  const pdf = readFileSync(await pdfDownload.path());
  const text = pdfText(pdf).replace(/\s+/g, '');
  expect(text).toContain('受理通知书');
  expect(text).toContain('江小九');
  expect(text).toContain(appNo);
  expect(pdfToPng(pdf, 'e2e', 'acceptance-notice')).toHaveLength(1);

  // a scan uploaded against a material of the checklist, then downloaded byte for byte
  const scan = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
  await page.getByLabel(/扫描件/).setInputFiles({ name: 'id-card.png', mimeType: 'image/png', buffer: scan });
  const material = await page.getByLabel('对应材料').locator('option').nth(1).textContent();
  await page.getByLabel('对应材料').selectOption({ index: 1 });
  await page.getByRole('button', { name: '上传附件' }).click();
  const fileButton = page.getByRole('button', { name: 'id-card.png' });
  await fileButton.waitFor();
  expect(await page.getByRole('list', { name: '材料清单' }).textContent()).toContain(`☑ ${material}`);
  const [scanDownload] = await Promise.all([page.waitForEvent('download'), fileButton.click()]);
  expect(readFileSync(await scanDownload.path()).equals(scan)).toBe(true);
  await page.screenshot({ path: path.join(outputDir, 'workbench-case-tools.png'), fullPage: true });

  // find the person by ID number; the person page lists the case
  await page.getByRole('link', { name: '查找人员' }).click();
  await page.getByLabel('身份证号、姓名或申请编号').fill(person.idNumber);
  await page.getByRole('button', { name: '查找' }).click();
  await page.getByRole('link', { name: '江小九' }).click();
  await page.getByRole('heading', { level: 1, name: '江小九' }).waitFor();
  await page.getByRole('link', { name: appNo }).waitFor();
  expect(await page.getByText(person.idNumber).count()).toBe(1); // the counter clerk sees it in full (logged)
  await page.screenshot({ path: path.join(outputDir, 'workbench-person.png'), fullPage: true });
  await clerk.close();

  // a reviewer claims the task; the supervisor reassigns it to another reviewer
  const reviewer = await logIn('jianghai.reviewer');
  await reviewer.page.goto(caseUrl(id));
  await reviewer.page.getByRole('button', { name: '认领', exact: true }).click();
  await reviewer.page.getByTestId('assignee').filter({ hasText: '江海审核人员' }).waitFor();
  await reviewer.close();
  const supervisor = await logIn('jianghai.supervisor');
  await supervisor.page.goto(caseUrl(id));
  await supervisor.page.getByTestId('assignee').filter({ hasText: '江海审核人员' }).waitFor();
  await supervisor.page.getByLabel('改派给（用户名）').fill('jianghai.reviewer2');
  await supervisor.page.getByRole('button', { name: '改派' }).click();
  await supervisor.page.getByTestId('assignee').filter({ hasText: '江海审核员乙' }).waitFor();
  const actions = (await historyRows(supervisor.page)).map((r) => r[4]);
  expect(actions).toEqual(expect.arrayContaining(['上传附件', '认领', '改派']));
  await supervisor.page.screenshot({ path: path.join(outputDir, 'workbench-reassign.png'), fullPage: true });
  await supervisor.close();
}, 180_000);

test("a finance officer triggers this month's turnover request twice and sees one", async () => {
  const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7); // Asia/Shanghai
  const { page, close } = await logIn('taishan.finance');
  await page.getByRole('link', { name: '周转金' }).click();
  const trigger = page.getByRole('button', { name: `发起本月（${month}）周转金申请` });
  await trigger.click();
  await page.getByRole('status').filter({ hasText: month }).waitFor();
  const firstId = await fact(page, '申请编号');
  expect(firstId).toBe(`fund-request:turnover:taishan:${month}`);

  await trigger.click();
  await page
    .getByRole('status')
    .filter({ hasText: `${month} 的月度周转金申请已存在` })
    .waitFor();
  expect(await fact(page, '申请编号')).toBe(firstId);
  expect(await fact(page, '申请金额')).toMatch(/^[\d,]+\.\d{2} 元$/);
  const listed = page.getByRole('table', { name: '周转金申请列表' }).locator('tbody tr', { hasText: firstId! });
  expect(await listed.count()).toBe(1);
  await page.screenshot({ path: path.join(outputDir, 'workbench-fund.png') });
  await close();
}, 120_000);

test('a hospital applies for a family bed through the form; the 台山 supervisor sees 台山 in the summary', async () => {
  const appNo = applicationNo('FBW');
  const idNumber = randomIdNumber({ region: '440781', birthDate: '1950-01-01' });
  const lastYear = new Date(Date.now() + 8 * 3600_000 - 365 * 86_400_000).toISOString().slice(0, 10);
  const hospital = await logIn('taishan.hospital');
  const hp = hospital.page;
  await hp.getByRole('link', { name: '家庭病床' }).click();
  await hp.getByRole('heading', { level: 1, name: '家庭病床申请' }).waitFor();
  // Submitting the empty form is stopped at the fields: nothing is sent.
  await hp.getByRole('button', { name: '提交申请' }).click();
  await hp.getByText('请选择病种（情形）').waitFor();
  await hp.getByLabel('申请编号').fill(appNo);
  await hp.getByLabel('参保人姓名').fill('李四');
  await hp.getByLabel('身份证号码').fill(idNumber);
  await hp.getByLabel('出生日期').fill('1950-01-01');
  await hp.getByLabel('病种（情形）').selectOption('copd_acute_exacerbation');
  await hp.getByLabel('诊断', { exact: true }).fill('慢性阻塞性肺疾病急性加重期');
  await hp.getByLabel('功能障碍程度').selectOption('moderate');
  await hp.getByLabel(/到医疗机构连续就诊有困难/).check();
  await hp.getByLabel('监护人姓名').fill('李小四');
  await hp.getByLabel('与参保人关系').fill('子');
  await hp.getByLabel('监护人手机号码').fill('13800138000');
  await hp.getByLabel('记录1：医疗机构').fill('台山市人民医院');
  await hp.getByLabel('记录1：机构等级').selectOption('2');
  await hp.getByLabel('记录1：日期').fill(lastYear);
  await hp.getByLabel('诊断证明', { exact: true }).check();
  await hp.getByLabel('检查报告', { exact: true }).check();
  await hp.getByRole('button', { name: '提交申请' }).click();
  await hp.getByTestId('episode-status').waitFor();
  expect(await hp.getByTestId('episode-status').textContent()).toBe('经办机构审核中');
  expect(await hp.getByText('各项建床条件均符合。').count()).toBe(1);
  await hp.locator('table tbody tr', { hasText: appNo }).filter({ hasText: '经办机构审核中' }).waitFor(); // in the institution's list
  await hp.getByRole('heading', { name: '申请结果' }).scrollIntoViewIfNeeded();
  await hp.screenshot({ path: path.join(outputDir, 'workbench-family-bed.png') });
  await hospital.close();

  const supervisor = await logIn('taishan.supervisor');
  const sp = supervisor.page;
  await sp.getByRole('link', { name: '督办统计' }).click();
  const row = sp.getByRole('row', { name: /^台山/ });
  await row.waitFor();
  const cells: string[] = await row.locator('th, td').evaluateAll((cs: any[]) => cs.map((c) => String(c.textContent).trim()));
  // 辖区 | 政务服务事项 在办/已到期/超期 | 家庭病床/老年病区 在办/超期 | 资金申请 在办/逾期 | 门诊特定病种 在办/超期
  // (later processes add their columns after these, from the registry's `supervision`)
  expect(cells.length).toBeGreaterThanOrEqual(10);
  expect(cells[0]).toBe('台山');
  expect(Number(cells[4])).toBeGreaterThanOrEqual(1); // the application above is under review
  expect(await sp.getByRole('row', { name: /^开平/ }).count()).toBe(0); // a county supervisor sees their county only
  await sp.getByRole('heading', { level: 2, name: '通知发送情况' }).waitFor();
  await sp.screenshot({ path: path.join(outputDir, 'workbench-supervisor.png') });
  await supervisor.close();
}, 120_000);

test('an institution registers a special-disease certification for a 开平 resident; renewal is not offered before its window, which is named', async () => {
  const { page, close } = await logIn('taishan.hospital');
  await page.getByRole('link', { name: '门诊特定病种' }).click();
  await page.getByLabel('参保人姓名').fill('钱九');
  // the page also has the coverage question's form with its own 身份证号码
  await page.getByRole('form', { name: '登记门诊特定病种认定' }).getByLabel('身份证号码').fill(newIdNumber());
  await page.getByLabel('病种', { exact: true }).selectOption('MT001');
  await page.getByLabel('认定定点医院', { exact: true }).selectOption('H44078101');
  await page.getByLabel(/^参保地/).selectOption('kaiping');
  await page.getByRole('button', { name: '登记认定' }).click();
  await page.locator('dt:text-is("有效期")').waitFor();
  expect(await fact(page, '有效期')).toMatch(/^\d{4}-\d{2}-\d{2} 至 \d{4}-\d{2}-\d{2}$/);
  expect(await fact(page, '参保地')).toBe('开平');
  expect(await fact(page, '状态')).toBe('有效');
  // Today is far before the window (E−29): no 续期 button, and the day it opens is named.
  const opens = (await fact(page, '按期续期')).slice(0, 10);
  expect(await page.getByTestId('renewal-closed').textContent()).toContain(`续期自 ${opens} 起可办理`);
  expect(await page.getByRole('button', { name: '续期' }).count()).toBe(0);
  await page.screenshot({ path: path.join(outputDir, 'workbench-special-disease.png') });
  await close();
}, 60_000);

test('Swagger UI renders /docs under its content-security-policy', async () => {
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  await watchPolicy(page);
  await page.goto(`${base}/docs/`);
  await page.locator('.swagger-ui .info .title').waitFor();
  expect(await page.locator('.swagger-ui .opblock').count()).toBeGreaterThan(10);
  // the workbench's stylesheet applies under the policy too (styles.css sets the page's fonts)
  await page.goto(`${base}/app/`);
  await page.getByLabel('用户名').waitFor();
  expect(await page.evaluate('getComputedStyle(document.body).fontFamily')).toContain('PingFang SC');
  await context.close();
});

// ---------------------------------------------------------------------------------------------
// Every role's own decisions in the browser (issue 18 "done when"), and the shell's comfort
// ---------------------------------------------------------------------------------------------

test('a reviewer decides family-bed applications from the queue: approves one, rejects one with its unmet criteria in words', async () => {
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const hospital = await svc.login('taishan.hospital');
  const apply = async (extra: object) => {
    const res = await svc.call(hospital, 'POST', '/care/family-beds', {
      applicationNo: applicationNo('FBD'),
      application: { ...eligibleFamilyBed(newIdNumber(), today), ...extra },
    });
    expect(res.status).toBe(201);
    return res.body as { id: string; applicationNo: string };
  };
  const eligible = await apply({});
  const unmet = await apply({ mobilityDifficulty: false, documents: { diagnosisCertificate: false, examinationReports: true } });

  const { page, close } = await logIn('taishan.reviewer');
  const open = async (appNo: string) => {
    await page.goto(`${base}/app/#/`);
    await page.getByLabel('查找').fill(appNo); // other files' 台山 work shares the queue
    await page.getByRole('link', { name: appNo }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(appNo) }).waitFor();
  };

  await open(eligible.applicationNo);
  expect(await page.getByTestId('episode-status').textContent()).toBe('经办机构审核中');
  await page.getByRole('radio', { name: '批准建床' }).check();
  await page.getByRole('button', { name: '提交' }).click();
  await page.getByTestId('episode-done').filter({ hasText: '已办理，申请现为「已建床/在院」' }).waitFor();
  await page.screenshot({ path: path.join(outputDir, 'workbench-care-approved.png'), fullPage: true });
  const approved = await svc.call(await svc.login('taishan.reviewer'), 'GET', `/care/episodes/${encodeURIComponent(eligible.id)}`);
  expect(approved.body.openedOn).toBe(today);

  await open(unmet.applicationNo);
  // each unmet criterion with its article written as the hospital reads the rules
  const criteria = page.getByRole('list', { name: '不符合的条件' });
  expect(await criteria.locator('li').count()).toBe(2);
  expect(await criteria.textContent()).toContain('《江门市基本医疗保险就医管理规程》第七条');
  expect(await page.getByRole('radio', { name: '批准建床' }).count()).toBe(1);
  await page.getByRole('radio', { name: '不予批准' }).check();
  await page.getByLabel(/原因/).fill('不符合建床条件：行动不便及诊断证明');
  await page.getByRole('button', { name: '提交' }).click();
  await page.getByRole('button', { name: '确认不予批准' }).click();
  await page.getByTestId('episode-done').filter({ hasText: '已办理，申请现为「不予批准」' }).waitFor();
  await page.screenshot({ path: path.join(outputDir, 'workbench-care-rejected.png'), fullPage: true });
  const rejected = await svc.call(await svc.login('taishan.reviewer'), 'GET', `/care/episodes/${encodeURIComponent(unmet.id)}`);
  expect(rejected.body.status).toBe('rejected');
  await close();
}, 120_000);

test('the finance department approves a submitted fund request from its queue; a 0.00-yuan request asks to be confirmed first', async () => {
  // 新会 (xinhui) books and fund requests are this test's own
  await ensureUsers(prisma, [
    { username: 'xinhui.finance', displayName: '新会财务人员', role: 'finance', jurisdiction: 'xinhui' },
    { username: 'xinhui.fiscal', displayName: '新会财政审批人员', role: 'fiscal', jurisdiction: 'xinhui' },
  ]);
  const finance = await svc.login('xinhui.finance');
  const created = await svc.call(finance, 'POST', '/fund/requests', { kind: 'prepayment', period: '2046' });
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  expect(created.body.amountFen).toBe(0);
  const submitted = await svc.call(finance, 'POST', `/fund/requests/${encodeURIComponent(id)}/actions`, { action: 'submit' });
  expect(submitted.body.status).toBe('submitted');

  const { page, close } = await logIn('xinhui.fiscal');
  await page.getByLabel('查找').fill('2046');
  await page.getByRole('link', { name: '2046' }).click();
  await page.getByRole('heading', { level: 1 }).filter({ hasText: '2046' }).waitFor();
  expect(await page.getByRole('radio', { name: '审批通过（拨付）' }).isChecked()).toBe(true);
  await page.getByRole('button', { name: '提交' }).click();
  await page.getByText('申请金额为 0.00 元：请勾选“已核实”后再提交或审批').waitFor();
  expect((await svc.call(finance, 'GET', `/fund/requests/${encodeURIComponent(id)}`)).body.status).toBe('submitted');
  await page.getByLabel('已核实：本期申请金额确为 0.00 元').check();
  await page.getByRole('button', { name: '提交' }).click();
  await page.getByText('您当前没有可对该申请办理的操作', { exact: false }).waitFor();
  await page.screenshot({ path: path.join(outputDir, 'workbench-fiscal-approved.png'), fullPage: true });
  const after = await svc.call(finance, 'GET', `/fund/requests/${encodeURIComponent(id)}`);
  expect(after.body.status).toBe('approved');
  expect(after.body.history.map((h: { action: string; actor: string }) => [h.action, h.actor]).at(-1)).toEqual([
    'approve',
    'xinhui.fiscal',
  ]);
  await close();
}, 120_000);

test("a supervisor drills from the supervision table to the cases behind a number and urges one; the assignee's role is told", async () => {
  // 蓬江 (pengjiang) cases are this test's own
  await ensureUsers(prisma, [{ username: 'pengjiang.reviewer', displayName: '蓬江审核人员', role: 'reviewer', jurisdiction: 'pengjiang' }]);
  await insertOpenCases(prisma, 'pengjiang', 'PJ-DRILL', 3);
  const { page, close } = await logIn('pengjiang.supervisor');
  await page.getByRole('link', { name: '督办统计' }).click();
  const number = page.getByRole('link', { name: /^蓬江·政务服务事项·已到期/ });
  expect(await number.textContent()).toBe('3');
  await number.click();
  await page.getByRole('heading', { level: 1, name: '蓬江·服务事项·已到期未办结' }).waitFor();
  expect(await page.getByTestId('drill-count').textContent()).toBe('共 3 件');
  await page.getByRole('button', { name: '督办 PJ-DRILL-00000（申请人0）' }).click();
  await page.getByLabel('督办意见').fill('请于今日内办结');
  await page.getByRole('button', { name: '发送督办' }).click();
  expect(await page.getByTestId('urge-done').textContent()).toContain('pengjiang.reviewer');
  await page.screenshot({ path: path.join(outputDir, 'workbench-supervision-drill.png'), fullPage: true });
  const told = await prisma.notification.findMany({
    where: { caseId: `service-case:${RETIREMENT}:PJ-DRILL-00000`, recipient: 'pengjiang.reviewer' },
  });
  expect(told.length).toBe(1);
  // Back returns to the table
  await page.goBack();
  await page.getByRole('heading', { level: 1, name: '督办统计' }).waitFor();
  await close();
}, 120_000);

test('the session is shared by the tabs (log-in carries over, log-out ends both), each page has its title, the header fits 800 px', async () => {
  const { page, close } = await logIn('taishan.clerk');
  expect(await page.title()).toBe('待办 · 江门医保经办工作台');
  const second = await page.context().newPage();
  second.setDefaultTimeout(20_000);
  await watchPolicy(second);
  await second.setViewportSize({ width: 800, height: 600 });
  await second.goto(`${base}/app/#/new`);
  await second.getByTestId('who').waitFor(); // signed in from the first tab, no log-in form
  await second.getByRole('heading', { level: 1, name: '新建服务案件' }).waitFor();
  expect(await second.title()).toBe('新建服务案件 · 江门医保经办工作台');

  // at 800 px every navigation entry and 退出 are inside the window, with no sideways scrolling
  const boxes: { right: number; bottom: number }[] = await second
    .locator('header.top a, header.top button')
    .evaluateAll((els: any[]) => els.map((e) => e.getBoundingClientRect()).map((r: any) => ({ right: r.right, bottom: r.bottom })));
  expect(boxes.length).toBeGreaterThan(5);
  for (const b of boxes) expect(b.right).toBeLessThanOrEqual(800);
  expect(await second.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(800);
  expect(await second.getByRole('button', { name: '退出' }).isVisible()).toBe(true);
  // the new-case form's intake checklist, from the catalogue's materials of the item
  await second.getByLabel('服务事项').selectOption(RETIREMENT);
  const checklist = second.getByRole('group', { name: /^收件材料清单/ });
  const materials = await checklist.getByRole('checkbox').count();
  expect(await checklist.getByRole('status').textContent()).toBe(
    `已收 0 项，尚缺 ${materials} 项：${await checklist
      .locator('label')
      .allTextContents()
      .then((t: string[]) => t.map((x) => x.trim()).join('、'))}`,
  );
  await checklist.getByRole('checkbox').first().check();
  expect(await checklist.getByRole('status').textContent()).toMatch(materials === 1 ? /^材料齐全$/ : /^已收 1 项，尚缺 \d+ 项：/);
  await second.screenshot({ path: path.join(outputDir, 'workbench-header-800.png'), fullPage: true });

  await second.getByRole('button', { name: '退出' }).click();
  await second.getByRole('button', { name: '登录' }).waitFor();
  await page.getByRole('button', { name: '登录' }).waitFor(); // the first tab is logged out too
  expect(await page.getByTestId('who').count()).toBe(0);
  expect(await page.title()).toBe('登录 · 江门医保经办工作台');
  await close();
}, 60_000);

test('every role reaches each screen of its navigation: a heading, the title after it, a screenshot of each', async () => {
  const roles = [
    'taishan.clerk',
    'taishan.reviewer',
    'taishan.approver',
    'taishan.finance',
    'taishan.fiscal',
    'taishan.panel',
    'taishan.hospital',
    'taishan.supervisor',
    'municipal.admin',
  ];
  const dir = path.join(outputDir, 'screens');
  mkdirSync(dir, { recursive: true });
  let shots = 0;
  for (const username of roles) {
    const { page, close } = await logIn(username);
    const links: { href: string; label: string }[] = await page
      .getByRole('navigation', { name: '主导航' })
      .locator('a')
      .evaluateAll((as: any[]) => as.map((a) => ({ href: a.getAttribute('href'), label: String(a.textContent).trim() })));
    expect(links.length).toBeGreaterThan(0);
    let previous = String(await page.getByRole('heading', { level: 1 }).first().textContent()).trim();
    let previousHref = new URL(page.url()).hash.split('?')[0] || '#/';
    for (const { href, label } of links) {
      await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: label, exact: true }).click();
      // Polled from here, not evaluated in the page (its CSP refuses string evaluation). The address
      // changes before the new page renders: wait for a new heading, then for the title to name it.
      await page.waitForURL((url: URL) => url.hash.split('?')[0] === href);
      const heading = page.getByRole('heading', { level: 1 }).first();
      const moved = href !== previousHref;
      let text = '';
      for (let tries = 0; tries < 100; tries++) {
        text = String(await heading.textContent()).trim();
        if ((!moved || text !== previous) && (await page.title()) === `${text} · 江门医保经办工作台`) break;
        await page.waitForTimeout(50);
      }
      expect([username, href, text]).not.toContain('无权访问');
      if (moved) expect(text).not.toBe(previous); // each screen of the navigation has its own heading
      expect(await page.title()).toBe(`${text} · 江门医保经办工作台`);
      previous = text;
      previousHref = href;
      await page.screenshot({ path: path.join(dir, `${username}-${href.replace(/[#/]+/g, '') || 'inbox'}.png`), fullPage: true });
      shots++;
    }
    await close();
  }
  expect(shots).toBeGreaterThanOrEqual(roles.length * 2);
}, 180_000);
