/**
 * Fund requests and the calendar tick on the time-skipping server, with real activities and
 * PostgreSQL. The tests run in clock order: the server's time only moves forward.
 */
import { Client } from '@temporalio/client';
import { loadCalendar, saveCalendarYear } from '../../store/calendar';
import { turnoverLastDay } from '../../domain/ledger';
import { endOfShanghaiDay, shanghaiDate, startOfShanghaiDay } from '../../domain/dates';
import { fundRequestId } from '../../domain/fund-request';
import { fundCalendarTick } from '../../workflows/fund-calendar';
import { fundOpenedUpdate, fundRequest, fundStateQuery } from '../../workflows/fund-request';
import { testPrisma } from '../support/env';
import { useTimeSkipping } from '../support/time-skipping';

const prisma = testPrisma();
const taskQueue = 'fund-time-skipping';
const ts = useTimeSkipping(prisma, taskQueue);

async function sleepUntil(epochMs: number) {
  const now = await ts.env.currentTimeMs();
  if (epochMs > now) await ts.env.sleep(epochMs - now);
}

test('a turnover request not submitted by the 18th is reminded, then marked late and escalated', async () => {
  const now = shanghaiDate(await ts.env.currentTimeMs());
  const [y, m] = now.split('-').map(Number) as [number, number];
  const month = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`; // next month: its 18th lies ahead
  await sleepUntil(startOfShanghaiDay(`${month}-01`) + 3_600_000);
  const requestId = fundRequestId('turnover', 'enping', month);
  const handle = await ts.env.client.workflow.start(fundRequest, {
    workflowId: requestId,
    taskQueue,
    args: [{ requestId, kind: 'turnover', agency: 'enping', period: month, startedBy: 'schedule' }],
  });
  const opened = await handle.executeUpdate(fundOpenedUpdate);
  // The 18th, or the next working day when it is not one (Civil Code art. 203), on the loaded calendar.
  const last = turnoverLastDay(month, await loadCalendar(prisma, [Number(month.slice(0, 4))])).date;
  expect(opened).toMatchObject({ status: 'draft', dueDate: last, late: false });

  await sleepUntil(endOfShanghaiDay(last) - 60_000);
  const onTheDay = await handle.query(fundStateQuery);
  expect(onTheDay).toMatchObject({ late: false, breachedAt: null });
  expect(onTheDay.remindedAt).not.toBeNull();

  await ts.env.sleep(120_000);
  const after = await handle.query(fundStateQuery);
  expect(after).toMatchObject({ late: true, status: 'draft', breachedAt: new Date(endOfShanghaiDay(last)).toISOString() });
  const notes = await prisma.notification.findMany({ where: { caseId: requestId }, orderBy: { id: 'asc' } });
  expect(notes.filter((n) => n.kind === 'deadline_breached').map((n) => n.recipient)).toEqual(['enping.supervisor']);
  const events = await prisma.auditEvent.findMany({ where: { caseId: requestId }, orderBy: { seq: 'asc' } });
  expect(events.map((e) => e.action)).toEqual(['prepared', 'deadline_reminder', 'late_request']);
});

test('the daily tick starts the prepayment and turnover requests on the first working day of January when 1–3 January are holidays', async () => {
  // A year far ahead, loaded here with 1–3 January as holidays (Wed–Fri) and no make-up day: the
  // first working day is Monday 6 January.
  const year = 2031;
  await saveCalendarYear(
    prisma,
    {
      year,
      notice: '测试用节假日安排',
      makeupWorkdays: [],
      holidays: ['01', '02', '03'].map((d) => ({ date: `${year}-01-${d}`, name: '元旦' })),
    },
    'test',
  );
  // A plain client: waiting on it does not let the test server skip time (the time-skipping client
  // would jump the clock far ahead while the tick, which has no timers, completes).
  const plain = new Client({ connection: ts.env.connection });
  const results: { date: string; started: string[] }[] = [];
  for (const day of [
    '2030-12-31',
    `${year}-01-01`,
    `${year}-01-02`,
    `${year}-01-03`,
    `${year}-01-04`,
    `${year}-01-05`,
    `${year}-01-06`,
    `${year}-01-07`,
  ]) {
    await sleepUntil(startOfShanghaiDay(day) + 3_600_000); // 01:00, when the Schedule fires
    results.push(await plain.workflow.execute(fundCalendarTick, { workflowId: `fund-calendar-tick-${day}`, taskQueue }));
  }
  const startedOn = results.filter((r) => r.started.length > 0).map((r) => r.date);
  // 31 December catches up December's turnover requests (nobody started them in this test's world);
  // January's start on its first working day, not on the holidays before it.
  expect(startedOn).toEqual(['2030-12-31', `${year}-01-06`]);
  expect(results[0]!.started).toEqual(expect.arrayContaining([fundRequestId('turnover', 'taishan', '2030-12')]));
  expect(results[0]!.started).toHaveLength(8);
  const started = results.find((r) => r.date === `${year}-01-06`)!.started;
  expect(started).toContain(fundRequestId('prepayment', 'municipal', String(year)));
  expect(started).toContain(fundRequestId('turnover', 'kaiping', `${year}-01`));
  expect(started).toHaveLength(16); // 8 agencies × (prepayment + turnover)
  // The turnover request of January is due on the 18th like any other month; 18 January 2031 is a
  // Saturday, so the last day is Monday the 20th (Civil Code art. 203).
  const jan = await ts.env.client.workflow.getHandle(fundRequestId('turnover', 'taishan', `${year}-01`)).query(fundStateQuery);
  expect(year).toBe(2031);
  expect(jan).toMatchObject({ status: 'draft', dueDate: `${year}-01-20` });
});

test('a tick missed on the first working day is caught up later in the month, once', async () => {
  // February 2031: Monday 3 February is the first working day; the service was down that day.
  const plain = new Client({ connection: ts.env.connection });
  const tick = async (day: string) => {
    await sleepUntil(startOfShanghaiDay(day) + 3_600_000);
    return plain.workflow.execute(fundCalendarTick, { workflowId: `fund-calendar-tick-${day}`, taskQueue });
  };
  expect((await tick('2031-02-01')).started).toEqual([]); // a Saturday, before the first working day
  const caughtUp = await tick('2031-02-05');
  expect(caughtUp.started).toHaveLength(8); // every agency's February turnover request
  expect(caughtUp.started).toContain(fundRequestId('turnover', 'enping', '2031-02'));
  expect((await tick('2031-02-06')).started).toEqual([]); // started once
});
