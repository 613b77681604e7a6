/** The Temporal Schedules that start calendar-driven work; created at start-up, idempotently. */
import { type Client, ScheduleAlreadyRunning, type ScheduleOptions, ScheduleOverlapPolicy } from '@temporalio/client';
import { calendarWatchTick } from '../workflows/calendar-watch';
import { fundCalendarTick } from '../workflows/fund-calendar';
import { assistanceYearEndTick } from '../workflows/assistance-outreach';
import { remoteCarePromiseTick } from '../workflows/remote-care-promise';

export const FUND_CALENDAR_SCHEDULE = 'fund-calendar-daily';
/** From 1 November: is next year's holiday calendar loaded? If not, tell administrators and supervisors. */
export const CALENDAR_WATCH_SCHEDULE = 'calendar-watch-daily';
/** 001 §22: after the year's end, income-type recipients with costs not settled one-stop are told to apply. */
export const ASSISTANCE_OUTREACH_SCHEDULE = 'assistance-outreach-january';

/** 000 §32: long-term filings on a personal promise are reminded to deliver their materials. */
export const REMOTE_CARE_PROMISE_SCHEDULE = 'remote-care-promise-reminder-daily';

/**
 * Creates the Schedules, or points existing ones at `taskQueue` (a service moved to another task
 * queue must not leave its Schedules starting work nobody polls). `prefix` namespaces the IDs, so
 * test files sharing one Temporal server each have their own.
 */
export async function ensureSchedules(client: Client, taskQueue: string, opts: { prefix?: string } = {}): Promise<void> {
  const prefix = opts.prefix ?? '';
  const schedules: ScheduleOptions[] = [
    {
      scheduleId: `${prefix}${FUND_CALENDAR_SCHEDULE}`,
      // Daily: the tick itself decides, from the holiday calendar, whether the month's requests are due.
      spec: { calendars: [{ hour: 1, minute: 0, comment: '01:00 every day' }], timezone: 'Asia/Shanghai' },
      action: { type: 'startWorkflow', workflowType: fundCalendarTick, taskQueue, workflowId: `${prefix}fund-calendar-tick` },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
    },
    {
      scheduleId: `${prefix}${CALENDAR_WATCH_SCHEDULE}`,
      spec: { calendars: [{ hour: 8, minute: 0, comment: '08:00 every day' }], timezone: 'Asia/Shanghai' },
      action: { type: 'startWorkflow', workflowType: calendarWatchTick, taskQueue, workflowId: `${prefix}calendar-watch-tick` },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
    },
    {
      scheduleId: `${prefix}${ASSISTANCE_OUTREACH_SCHEDULE}`,
      // every day of January at 02:00: each person is told once, late reimbursements of December are caught
      spec: { calendars: [{ month: 'JANUARY', hour: 2, minute: 0, comment: '02:00 every day of January' }], timezone: 'Asia/Shanghai' },
      action: { type: 'startWorkflow', workflowType: assistanceYearEndTick, taskQueue, workflowId: `${prefix}assistance-outreach-tick` },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
    },
    {
      scheduleId: `${prefix}${REMOTE_CARE_PROMISE_SCHEDULE}`,
      // daily: the tick sends each filing's reminder of a round once (promiseReminderRound)
      spec: { calendars: [{ hour: 9, minute: 30, comment: '09:30 every day' }], timezone: 'Asia/Shanghai' },
      action: { type: 'startWorkflow', workflowType: remoteCarePromiseTick, taskQueue, workflowId: `${prefix}remote-care-promise-tick` },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
    },
  ];
  for (const schedule of schedules) {
    try {
      await client.schedule.create(schedule);
    } catch (e) {
      if (!(e instanceof ScheduleAlreadyRunning)) throw e;
      const handle = client.schedule.getHandle(schedule.scheduleId);
      const current = await handle.describe();
      if (current.action.type === 'startWorkflow' && current.action.taskQueue !== taskQueue) {
        await handle.update((prev) => ({ ...prev, action: { ...prev.action, taskQueue } as typeof prev.action }));
      }
    }
  }
}
