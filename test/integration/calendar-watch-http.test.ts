/**
 * The calendar watch on the dev server: the daily Schedule exists at 08:00 Asia/Shanghai and starts
 * the tick, and GET /calendar/status says what the banner shows (both follow missingNextYearCalendar).
 */
import { randomUUID } from 'node:crypto';
import { shanghaiDate } from '../../domain/dates';
import { missingNextYearCalendar } from '../../domain/working-days';
import { CALENDAR_WATCH_SCHEDULE, FUND_CALENDAR_SCHEDULE, ensureSchedules } from '../../platform/schedules';
import { testPrisma } from '../support/env';
import { startTestService, type TestService } from '../support/service';

const prisma = testPrisma();
let svc: TestService;

beforeAll(async () => {
  svc = await startTestService(prisma, `it-calendar-watch-${randomUUID()}`);
}, 120_000);
afterAll(async () => {
  await svc?.stop();
  await prisma.$disconnect();
});

test('the daily calendar watch Schedule runs at 08:00 Asia/Shanghai and its tick answers for today', async () => {
  const client = svc.api.client;
  // This file's own Schedules: other test files share the Temporal server and its Schedules.
  const prefix = `${svc.config.TEMPORAL_TASK_QUEUE}:`;
  await ensureSchedules(client, svc.config.TEMPORAL_TASK_QUEUE, { prefix });
  await ensureSchedules(client, svc.config.TEMPORAL_TASK_QUEUE, { prefix }); // idempotent
  const handle = client.schedule.getHandle(`${prefix}${CALENDAR_WATCH_SCHEDULE}`);
  const other = client.schedule.getHandle(`${prefix}${FUND_CALENDAR_SCHEDULE}`);
  try {
    const described = await handle.describe();
    expect(described.spec.timezone).toBe('Asia/Shanghai');
    expect(described.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 8, end: 8, step: 1 }], minute: [{ start: 0, end: 0, step: 1 }] });
    await handle.trigger();
    let actions = described.info.recentActions;
    for (let i = 0; i < 50 && actions.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      actions = (await handle.describe()).info.recentActions;
    }
    const tick = await client.workflow.getHandle(actions[0]!.action.workflow.workflowId).result();
    const today = shanghaiDate(Date.now());
    const loaded = new Set((await prisma.calendarYear.findMany({ select: { year: true } })).map((r) => r.year));
    expect(tick).toMatchObject({ date: today, missingYear: missingNextYearCalendar(today, loaded)?.year ?? null });

    const token = await svc.login('municipal.supervisor');
    const status = await svc.call(token, 'GET', '/calendar/status');
    expect(status.body).toMatchObject({ today, missingNextYear: missingNextYearCalendar(today, loaded) });
    expect(status.body.loadedYears).toEqual([...loaded].sort());
  } finally {
    await handle.delete();
    await other.delete();
  }
});
