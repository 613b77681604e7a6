/**
 * The daily check of the holiday calendar, started by the Schedule `calendar-watch-daily`: from
 * 1 November, while next year's calendar is not loaded, administrators and supervisors are told
 * (once per year and person) and each notice with a channel is delivered through the outbox.
 */
import { ParentClosePolicy, proxyActivities, startChild } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type * as activities from '../activities';
import { shanghaiDate } from '../domain/dates';
import { noticeDelivery, noticeDeliveryId } from './notice-delivery';

const { announceMissingCalendar } = proxyActivities<activities.Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes' },
});

export async function calendarWatchTick(): Promise<{ date: string; missingYear: number | null; notices: number }> {
  const date = shanghaiDate(Date.now());
  const result = await announceMissingCalendar({ today: date });
  for (const notice of result.notices.filter((n) => n.channels.length)) {
    try {
      await startChild(noticeDelivery, {
        workflowId: noticeDeliveryId(notice.noticeId),
        args: [{ noticeId: notice.noticeId, channels: notice.channels }],
        parentClosePolicy: ParentClosePolicy.ABANDON,
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
    } catch (e) {
      if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e; // delivered by an earlier tick
    }
  }
  return { date, missingYear: result.year, notices: result.notices.length };
}
