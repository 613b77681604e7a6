/**
 * Fund finance end to end over HTTP with the real worker, dev server and PostgreSQL: a year of
 * settlements imported, the prepayment computed from the books, adjusted, returned, resubmitted,
 * approved and posted; one turnover request per agency and month. Uses the municipal agency's
 * books on the database the suite's files share: the carryover is the expenditure account's whole
 * balance on 31 December, so the prepayment is for 2011 and computed from 2010's books, years before
 * any other file posts to the municipal books (they post from 2023 on).
 */
import { randomUUID } from 'node:crypto';
import { createActivities } from '../../activities';
import { postJournalEntry } from '../../store/ledger';
import { CALENDAR_WATCH_SCHEDULE, FUND_CALENDAR_SCHEDULE, ensureSchedules } from '../../platform/schedules';
import { shanghaiDate } from '../../domain/dates';
import { postTurnoverTransfer } from '../../domain/ledger';
import { testLogger, testPrisma } from '../support/env';
import { startTestService, type TestService } from '../support/service';

const prisma = testPrisma();
let svc: TestService;
const tokens: Record<string, string> = {};
const as = (user: string) => tokens[user]!;

beforeAll(async () => {
  svc = await startTestService(prisma, `it-fund-${randomUUID()}`);
  for (const u of ['municipal.finance', 'municipal.fiscal', 'municipal.supervisor', 'taishan.finance']) tokens[u] = await svc.login(u);
}, 120_000);

afterAll(async () => {
  await svc?.stop();
  await prisma.$disconnect();
});

const act = (user: string, id: string, body: object) =>
  svc.call(as(user), 'POST', `/fund/requests/${encodeURIComponent(id)}/actions`, body);

test('the prepayment is computed from last year, adjusted, returned, resubmitted, approved and posted', async () => {
  const lastYear = 2010;
  // A year of one-stop settlements: 12 outpatient × 1,000.00 and 12 inpatient × 2,500.50 yuan.
  const rows = ['institution,date,category,amount'];
  for (let m = 1; m <= 12; m++) {
    const date = `${lastYear}-${String(m).padStart(2, '0')}-15`;
    rows.push(`江门市中心医院,${date},outpatient,1000.00`, `"江门市人民医院",${date},inpatient,2500.50`);
  }
  const imported = await svc.call(as('municipal.finance'), 'POST', '/ledger/settlements/import', { csv: rows.join('\r\n') });
  expect(imported.status).toBe(201);
  expect(imported.body).toMatchObject({ posted: 24, totalFen: 4_200_600 });
  // The expenditure account was funded with 50,000.00 yuan during that year: 7,994.00 carry over.
  await postJournalEntry(
    prisma,
    postTurnoverTransfer({
      agency: 'municipal',
      date: `${lastYear}-01-10`,
      month: `${lastYear}-01`,
      amountFen: 5_000_000,
      requestId: 'setup',
    }),
    'test',
  );

  const created = await svc.call(as('municipal.finance'), 'POST', '/fund/requests', { kind: 'prepayment', period: String(lastYear + 1) });
  expect(created.status).toBe(201);
  // 25% of 42,006.00 = 10,501.50; less the carryover 7,994.00 = 2,507.50 yuan.
  expect(created.body).toMatchObject({
    status: 'draft',
    basisFen: 4_200_600,
    carryoverFen: 799_400,
    proposedFen: 250_750,
    amountFen: 250_750,
  });
  expect(created.body.calculation.map((l: any) => l.amountFen)).toEqual([4_200_600, 1_050_150, 799_400, 250_750]);
  const id = created.body.id;

  expect((await act('municipal.fiscal', id, { action: 'adjust', amountFen: 260_000, reason: 'x' })).body.code).toBe('ROLE_NOT_ALLOWED');
  expect((await act('municipal.finance', id, { action: 'adjust', amountFen: 260_000 })).body.code).toBe('VALIDATION_FAILED'); // a reason is part of an adjustment
  expect((await act('municipal.fiscal', id, { action: 'approve' })).body).toMatchObject({
    code: 'CASE_WRONG_STATE',
    facts: { status: 'draft' },
  });
  const adjusted = await act('municipal.finance', id, { action: 'adjust', amountFen: 260_000, reason: '预计一季度救助人次增加' });
  expect(adjusted.body).toMatchObject({ amountFen: 260_000, proposedFen: 250_750, adjustReason: '预计一季度救助人次增加' });
  expect((await act('municipal.finance', id, { action: 'submit' })).body.status).toBe('submitted');
  expect((await act('municipal.finance', id, { action: 'approve' })).body.code).toBe('ROLE_NOT_ALLOWED');
  const returned = await act('municipal.fiscal', id, { action: 'return', reason: '请附测算说明' });
  expect(returned.body).toMatchObject({ status: 'returned', returnReason: '请附测算说明' });
  expect((await act('municipal.finance', id, { action: 'submit' })).body.status).toBe('submitted');

  const before = (await svc.call(as('municipal.finance'), 'GET', '/ledger/trial-balance')).body;
  const approved = await act('municipal.fiscal', id, { action: 'approve' });
  expect(approved.body).toMatchObject({ status: 'approved', decidedBy: 'municipal.fiscal', entryId: expect.any(String) });
  const after = (await svc.call(as('municipal.finance'), 'GET', '/ledger/trial-balance')).body;
  expect(after.balanced).toBe(true);
  const balance = (tb: any, account: string) => tb.rows.find((r: any) => r.account === account)?.balanceFen ?? 0;
  expect(balance(after, 'expenditure_account_deposit') - balance(before, 'expenditure_account_deposit')).toBe(260_000);

  const again = await act('municipal.fiscal', id, { action: 'approve' });
  expect(again.status).toBe(409);
  const history = (await svc.call(as('municipal.supervisor'), 'GET', `/fund/requests/${encodeURIComponent(id)}`)).body.history;
  expect(history.map((e: any) => [e.action, e.actor])).toEqual([
    ['prepared', 'system'],
    ['adjust', 'municipal.finance'],
    ['submit', 'municipal.finance'],
    ['return', 'municipal.fiscal'],
    ['submit', 'municipal.finance'],
    ['approve', 'municipal.fiscal'],
  ]);
  // A copy of each submitted estimate and of the approval goes to the medical-security administration
  // (the municipal supervisors, 001 §20): two submissions and one approval.
  expect(await prisma.notification.count({ where: { caseId: id, kind: 'fund_request_copy', recipient: 'municipal.supervisor' } })).toBe(3);
});

test('the same month triggered twice gives one turnover request; other agencies cannot see it', async () => {
  const month = shanghaiDate(Date.now()).slice(0, 7);
  const first = await svc.call(as('municipal.finance'), 'POST', '/fund/requests', { kind: 'turnover', period: month });
  const second = await svc.call(as('municipal.finance'), 'POST', '/fund/requests', { kind: 'turnover', period: month });
  expect([first.status, second.status]).toEqual([201, 200]);
  expect(second.body.id).toBe(first.body.id);
  const list = await svc.call(as('municipal.finance'), 'GET', '/fund/requests?kind=turnover');
  expect(list.body.items.filter((r: any) => r.period === month)).toHaveLength(1);
  expect((await svc.call(as('taishan.finance'), 'GET', `/fund/requests/${encodeURIComponent(first.body.id)}`)).status).toBe(403);
  expect((await svc.call(as('municipal.finance'), 'POST', '/fund/requests', { kind: 'turnover', period: '2026-13' })).status).toBe(400);
});

test('the daily Schedule exists at 01:00 Asia/Shanghai and starts the calendar tick', async () => {
  const client = svc.api.client;
  // This file's own Schedules: other test files share the Temporal server and its Schedules.
  const prefix = `${svc.config.TEMPORAL_TASK_QUEUE}:`;
  await ensureSchedules(client, svc.config.TEMPORAL_TASK_QUEUE, { prefix });
  await ensureSchedules(client, svc.config.TEMPORAL_TASK_QUEUE, { prefix }); // idempotent
  const handle = client.schedule.getHandle(`${prefix}${FUND_CALENDAR_SCHEDULE}`);
  const other = client.schedule.getHandle(`${prefix}${CALENDAR_WATCH_SCHEDULE}`);
  try {
    const described = await handle.describe();
    expect(described.spec.timezone).toBe('Asia/Shanghai');
    expect(described.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 1, end: 1, step: 1 }], minute: [{ start: 0, end: 0, step: 1 }] });
    await handle.trigger();
    let actions = described.info.recentActions;
    for (let i = 0; i < 50 && actions.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      actions = (await handle.describe()).info.recentActions;
    }
    const tick = await client.workflow.getHandle(actions[0]!.action.workflow.workflowId).result();
    const today = shanghaiDate(Date.now());
    expect(tick.date).toBe(today);
    // From the month's first working day on, the tick starts the month's requests not yet started
    // (a missed first day is caught up); before it, nothing.
    const due = await createActivities({ prisma, logger: testLogger }).isOnOrAfterFirstWorkingDayOfMonth({ date: today });
    if (!due) expect(tick.started).toEqual([]);
    for (const id of tick.started) expect(id).toMatch(new RegExp(`^fund-request:(turnover|prepayment):[a-z]+:${today.slice(0, 4)}`));
    // A service moved to another task queue points its existing Schedules there.
    await ensureSchedules(client, 'moved-task-queue', { prefix });
    const moved = (await handle.describe()).action;
    expect(moved.type === 'startWorkflow' && moved.taskQueue).toBe('moved-task-queue');
  } finally {
    await handle.delete();
    await other.delete();
  }
}, 120_000);

test('a 0.00-yuan request is flagged to the finance officer before submission and to the finance department before approval', async () => {
  const created = await svc.call(as('taishan.finance'), 'POST', '/fund/requests', { kind: 'prepayment', period: '2045' });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ amountFen: 0, warnings: [{ code: 'ZERO_AMOUNT', message: expect.stringContaining('0.00 元') }] });
  const id = created.body.id;
  const submitted = await act('taishan.finance', id, { action: 'submit' });
  expect(submitted.body).toMatchObject({ status: 'submitted', warnings: [{ code: 'ZERO_AMOUNT' }] });
  const told = await prisma.notification.findMany({ where: { caseId: id, kind: 'fund_request_zero' }, select: { recipient: true } });
  expect(told.map((n) => n.recipient).sort()).toEqual(['taishan.finance', 'taishan.fiscal']);
});

test("a turnover request is submitted from its month's first day on, not before (001 §21: it rests on last month's spending)", async () => {
  const [y, m] = shanghaiDate(Date.now()).split('-').map(Number) as [number, number];
  const nextMonth = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  const created = await svc.call(as('taishan.finance'), 'POST', '/fund/requests', { kind: 'turnover', period: nextMonth });
  expect(created.status).toBe(201);
  const early = await act('taishan.finance', created.body.id, { action: 'submit' });
  expect(early).toMatchObject({ status: 409, body: { code: 'TURNOVER_PREMATURE', facts: { earliest: `${nextMonth}-01` } } });
  expect((await svc.call(as('taishan.finance'), 'GET', `/fund/requests/${encodeURIComponent(created.body.id)}`)).body.status).toBe('draft');
});
