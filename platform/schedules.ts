/** The Temporal Schedules that start calendar-driven work; created at start-up, idempotently. */
import { type Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import { calendarWatchTick } from '../workflows/calendar-watch';
import { fundCalendarTick } from '../workflows/fund-calendar';

export const FUND_CALENDAR_SCHEDULE = 'fund-calendar-daily';
/** From 1 November: is next year's holiday calendar loaded? If not, tell administrators and supervisors. */
export const CALENDAR_WATCH_SCHEDULE = 'calendar-watch-daily';

export async function ensureSchedules(client: Client, taskQueue: string): Promise<void> {
  try {
    await client.schedule.create({
      scheduleId: FUND_CALENDAR_SCHEDULE,
      // Daily: the tick itself decides, from the holiday calendar, whether today is the first working day.
      spec: { calendars: [{ hour: 1, minute: 0, comment: '01:00 every day' }], timezone: 'Asia/Shanghai' },
      action: { type: 'startWorkflow', workflowType: fundCalendarTick, taskQueue, workflowId: 'fund-calendar-tick' },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
    });
  } catch (e) {
    if (!(e instanceof ScheduleAlreadyRunning)) throw e;
  }
  try {
    await client.schedule.create({
      scheduleId: CALENDAR_WATCH_SCHEDULE,
      spec: { calendars: [{ hour: 8, minute: 0, comment: '08:00 every day' }], timezone: 'Asia/Shanghai' },
      action: { type: 'startWorkflow', workflowType: calendarWatchTick, taskQueue, workflowId: 'calendar-watch-tick' },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
    });
  } catch (e) {
    if (!(e instanceof ScheduleAlreadyRunning)) throw e;
  }
}
