/**
 * The daily promise reminders of remote-care filings, started by the Schedule
 * `remote-care-promise-reminder-daily` (000 §32; 003 tips 3–4): each long-term filing made on a
 * personal promise and still missing its materials is reminded once per round, through the outbox.
 */
import { ParentClosePolicy, proxyActivities, startChild } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type * as activities from '../activities';
import { type IsoDate, shanghaiDate } from '../domain/dates';
import { noticeDelivery, noticeDeliveryId } from './notice-delivery';

const { remindPromisedMaterials } = proxyActivities<activities.Activities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes' },
});

/** `today` defaults to the Shanghai date of the run (a Schedule passes none). */
export async function remoteCarePromiseTick(input: { today?: IsoDate } = {}): Promise<{ date: IsoDate; reminded: number }> {
  const date = input.today ?? shanghaiDate(Date.now());
  const notices = await remindPromisedMaterials({ today: date });
  for (const notice of notices.filter((n) => n.channels.length)) {
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
  return { date, reminded: notices.length };
}
