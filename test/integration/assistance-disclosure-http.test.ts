/**
 * The quarterly disclosure of medical assistance (001 §25, 附件2) over HTTP: built from the books
 * and the recipients' benefit occasions, reviewed, published (immutable), objections recorded and
 * answered, a correction as a new version, CSV and PDF; and the 001 §28 statistics of the quarter
 * checked against the ledger.
 */
import { randomUUID } from 'node:crypto';
import { objectionPeriodEnd } from '../../domain/assistance-disclosure';
import { shanghaiDate } from '../../domain/dates';
import { formatYuan, postSubsidisedEnrolmentPayment } from '../../domain/ledger';
import { pdfText } from '../support/pdf';
import { postJournalEntry } from '../../store/ledger';
import { testPrisma } from '../support/env';
import { startTestService, type TestService } from '../support/service';

const prisma = testPrisma();
let svc: TestService;
const tokens: Record<string, string> = {};
const as = (user: string) => tokens[user]!;
// After 2010: the prepayment test (fund-http) computes from 2010's municipal books, balance carried forward.
const quarter = '2023-Q2';
const run = randomUUID().slice(0, 8);

beforeAll(async () => {
  svc = await startTestService(prisma, `it-assistance-disclosure-${randomUUID()}`);
  for (const u of ['municipal.finance', 'municipal.reviewer', 'municipal.approver', 'municipal.clerk', 'taishan.reviewer'])
    tokens[u] = await svc.login(u);
}, 120_000);

afterAll(async () => {
  await svc?.stop();
  await prisma.$disconnect();
});

/** A download (CSV, PDF): the bytes as they come. */
async function download(user: string, path: string) {
  const res = await fetch(`${svc.api.url}${path}`, { headers: { authorization: `Bearer ${as(user)}` } });
  return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
}

/** A subsidised-enrolment ledger posted on `date` (what the enrolment workflow leaves behind). */
async function enrolmentPaid(category: string, amountFen: number, date: string) {
  const ref = `test-${run}:${category}:${date}`;
  const { entryId } = await postJournalEntry(prisma, postSubsidisedEnrolmentPayment({ agency: 'municipal', date, amountFen, ref }), 'test');
  await prisma.paymentLedgerPush.create({
    data: {
      sourceKey: ref,
      enrolmentId: `subsidised-enrolment:test-${run}`,
      agency: 'municipal',
      personKey: `p-${run}`,
      year: 2023,
      category,
      amountFen: BigInt(amountFen),
      payload: {},
      status: 'sent',
      createdAt: new Date(),
      entryId: BigInt(entryId),
    },
  });
}

test('a quarter from draft to published, objections answered, corrected as a new version; the statistics agree with the ledger', async () => {
  // Before: what the quarter's table will show
  const before = (await svc.call(as('municipal.finance'), 'GET', `/assistance/statistics?period=${quarter}`)).body;
  await enrolmentPaid('minimum_living', 40_000, '2023-05-10');
  await enrolmentPaid('extreme_poverty', 40_000, '2023-06-30');
  await enrolmentPaid('minimum_living', 40_000, '2023-07-01'); // the next quarter
  const settlement = await svc.call(as('municipal.finance'), 'POST', '/ledger/entries', {
    event: 'settlement_payment',
    date: '2023-06-15',
    institution: '江门市中心医院',
    category: 'inpatient',
    amountFen: 100_000,
    batchKey: `D-${run}`,
  });
  expect(settlement.status).toBe(201);

  // 001 §28 statistics of the quarter, checked against the ledger's own monthly statements
  const stats = await svc.call(as('municipal.finance'), 'GET', `/assistance/statistics?period=${quarter}`);
  expect(stats.status).toBe(200);
  expect(stats.body.totalFen - before.totalFen).toBe(180_000);
  const byAccount = Object.fromEntries(stats.body.byAccount.map((a: { account: string; amountFen: number }) => [a.account, a.amountFen]));
  const beforeByAccount = Object.fromEntries(before.byAccount.map((a: { account: string; amountFen: number }) => [a.account, a.amountFen]));
  expect(
    byAccount['assistance_benefit_expense.subsidised_enrolment'] - beforeByAccount['assistance_benefit_expense.subsidised_enrolment'],
  ).toBe(80_000);
  expect(byAccount['assistance_benefit_expense.inpatient'] - beforeByAccount['assistance_benefit_expense.inpatient']).toBe(100_000);
  let ledgerExpense = 0;
  for (const month of ['2023-04', '2023-05', '2023-06']) {
    const st = await svc.call(as('municipal.finance'), 'GET', `/ledger/statements?period=${month}`);
    ledgerExpense += st.body.totals.expenseFen;
  }
  expect(stats.body.totalFen).toBe(ledgerExpense);
  expect(stats.body.byCategory.reduce((s: number, r: { amountFen: number }) => s + r.amountFen, 0)).toBe(ledgerExpense);
  const csvStats = await download('municipal.finance', `/assistance/statistics?period=${quarter}&format=csv`);
  expect(csvStats.type).toContain('text/csv');
  expect(csvStats.bytes.toString('utf8')).toContain('资助参保支出');
  expect((await svc.call(as('municipal.finance'), 'GET', '/assistance/statistics?period=2023-Q5')).status).toBe(400);
  expect((await svc.call(as('municipal.finance'), 'GET', '/assistance/statistics?period=2023-H1')).body.to).toBe('2023-06-30');

  // the current quarter cannot be disclosed before it ends
  const today = shanghaiDate(Date.now());
  const current = `${today.slice(0, 4)}-Q${Math.ceil(Number(today.slice(5, 7)) / 3)}`;
  expect((await svc.call(as('municipal.finance'), 'POST', '/assistance/disclosures', { quarter: current })).status).toBe(409);

  // draft: every category of the city's policy, the typed occasions and the rest of the ledger's spending
  const draft = await svc.call(as('municipal.finance'), 'POST', '/assistance/disclosures', { quarter });
  expect(draft).toMatchObject({ status: 201, body: { status: 'draft', version: 1, periodFrom: '2023-04-01', periodTo: '2023-06-30' } });
  const id = draft.body.id as string;
  expect(draft.body.totalFen).toBe(ledgerExpense);
  expect(draft.body.ledgerSpendingFen).toBe(ledgerExpense);
  expect(draft.body.rows.length).toBeGreaterThanOrEqual(8);
  expect(draft.body.rows.find((r: { category: string }) => r.category === 'minimum_living').occasions).toBeGreaterThanOrEqual(1);

  // review by the reviewer (not finance), publish by the approver (not the reviewer)
  expect((await svc.call(as('municipal.finance'), 'POST', `/assistance/disclosures/${id}/review`, {})).status).toBe(403);
  expect((await svc.call(as('taishan.reviewer'), 'POST', `/assistance/disclosures/${id}/review`, {})).status).toBe(403);
  const reviewed = await svc.call(as('municipal.reviewer'), 'POST', `/assistance/disclosures/${id}/review`, {});
  expect(reviewed).toMatchObject({ status: 200, body: { status: 'reviewed', reviewedBy: 'municipal.reviewer' } });
  expect((await svc.call(as('municipal.reviewer'), 'POST', `/assistance/disclosures/${id}/publish`, {})).status).toBe(403);
  // two approvers at once: one publishes, the other is refused (409)
  const both = await Promise.all([
    svc.call(as('municipal.approver'), 'POST', `/assistance/disclosures/${id}/publish`, {}),
    svc.call(as('municipal.approver'), 'POST', `/assistance/disclosures/${id}/publish`, {}),
  ]);
  expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
  const published = both.find((r) => r.status === 200)!.body;
  expect(published).toMatchObject({
    status: 'published',
    publishedBy: 'municipal.approver',
    publishedOn: today,
    objectionUntil: objectionPeriodEnd(today),
  });

  // exports
  const csv = (await download('municipal.reviewer', `/assistance/disclosures/${id}?format=csv`)).bytes.toString('utf8');
  expect(csv).toContain('序号,救助对象类型,享受待遇人次,救助金额（元）');
  expect(csv).toContain('合计');
  const pdf = await download('municipal.reviewer', `/assistance/disclosures/${id}/disclosure.pdf`);
  expect(pdf).toMatchObject({ status: 200, type: 'application/pdf' });
  // read back as a person would (poppler): the title, the statistics period and the total in yuan
  const text = pdfText(pdf.bytes).replace(/\s+/g, '');
  expect(text).toContain('江门市医疗救助对象和救助金额等情况公示');
  expect(text).toContain('2023-04-01至2023-06-30');
  expect(text).toContain(formatYuan(published.totalFen).replace(/\s+/g, ''));

  // objections during the period, recorded and answered once
  const objected = await svc.call(as('municipal.clerk'), 'POST', `/assistance/disclosures/${id}/objections`, {
    receivedOn: today,
    submitter: '市民王某',
    content: '低保对象人次与社区公示不一致',
  });
  expect(objected.status).toBe(201);
  const objectionId = objected.body.objections[0].id;
  const answered = await svc.call(as('municipal.reviewer'), 'POST', `/assistance/disclosures/${id}/objections/${objectionId}/answer`, {
    answer: '经核对，社区公示含下季度新增对象，本表以记账日期为准',
  });
  expect(answered.body.objections[0]).toMatchObject({ answeredBy: 'municipal.reviewer' });
  expect(
    (await svc.call(as('municipal.approver'), 'POST', `/assistance/disclosures/${id}/objections/${objectionId}/answer`, { answer: '再答' }))
      .status,
  ).toBe(409);

  // published is immutable: building again needs a correction's reason, and makes version 2
  const refused = await svc.call(as('municipal.finance'), 'POST', '/assistance/disclosures', { quarter });
  expect(refused).toMatchObject({ status: 400, body: { code: 'REASON_REQUIRED' } });
  await svc.call(as('municipal.finance'), 'POST', '/ledger/entries', {
    event: 'settlement_payment',
    date: '2023-06-20',
    institution: '江门市中心医院',
    category: 'outpatient',
    amountFen: 5_000,
    batchKey: `E-${run}`,
  });
  const correction = await svc.call(as('municipal.finance'), 'POST', '/assistance/disclosures', {
    quarter,
    correctionReason: '补记6月门诊结算',
  });
  expect(correction).toMatchObject({ status: 201, body: { version: 2, status: 'draft', correctionOf: id } });
  expect(correction.body.totalFen).toBe(published.totalFen + 5_000);
  await svc.call(as('municipal.reviewer'), 'POST', `/assistance/disclosures/${correction.body.id}/review`, {});
  await svc.call(as('municipal.approver'), 'POST', `/assistance/disclosures/${correction.body.id}/publish`, {});
  const v1 = await svc.call(as('municipal.reviewer'), 'GET', `/assistance/disclosures/${id}`);
  expect(v1.body).toMatchObject({ status: 'superseded', totalFen: published.totalFen, rows: published.rows });
  expect(
    (
      await svc.call(as('municipal.clerk'), 'POST', `/assistance/disclosures/${id}/objections`, {
        receivedOn: today,
        submitter: '某',
        content: '某',
      })
    ).status,
  ).toBe(409);
}, 60_000);
