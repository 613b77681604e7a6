/**
 * Delivers one notice of the outbox on each of its channels in parallel, retrying with backoff.
 * `deliverNotice` never sends a channel twice (it answers 'already_sent'), so running this again
 * for the same notice, or replaying it, is harmless. A channel that still fails after the last
 * retry is marked failed with its reason, for a clerk to see and a supervisor to retry.
 */
import { ActivityFailure, ParentClosePolicy, proxyActivities, startChild } from '@temporalio/workflow';
import type { NoticeActivities } from '../activities/notices';

export interface NoticeDeliveryInput {
  noticeId: string;
  channels: string[];
}

export type ChannelOutcome = 'sent' | 'already_sent' | 'failed';

/** The first run's workflow ID; a retry from the API appends `:retry-<n>`. */
export const noticeDeliveryId = (noticeId: string) => `notice-delivery:${noticeId}`;

const { deliverNotice } = proxyActivities<NoticeActivities>({
  startToCloseTimeout: '30 seconds',
  // 5 attempts over about 15 seconds (1, 2, 4, 8): a gateway's short outage, not a long one.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 5 },
});
const { markDeliveryFailed } = proxyActivities<NoticeActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export async function noticeDelivery(input: NoticeDeliveryInput): Promise<Record<string, ChannelOutcome>> {
  const channels = [...new Set(input.channels)];
  const outcomes = await Promise.all(
    channels.map(async (channel): Promise<[string, ChannelOutcome]> => {
      try {
        return [channel, await deliverNotice({ noticeId: input.noticeId, channel })];
      } catch (e) {
        if (!(e instanceof ActivityFailure)) throw e;
        // The cause is the last attempt's failure: its message is the reason a clerk reads.
        await markDeliveryFailed({ noticeId: input.noticeId, channel, error: e.cause?.message || e.message });
        return [channel, 'failed'];
      }
    }),
  );
  return Object.fromEntries(outcomes);
}

/**
 * Starts the delivery of a notice the record-event activity wrote to the outbox (one child per
 * notice, left running when the process moves on); nothing when it has no channel to go by.
 */
export async function startNoticeDelivery(written: { noticeId: string; channels: string[] } | null | undefined): Promise<void> {
  if (!written || written.channels.length === 0) return;
  await startChild(noticeDelivery, {
    workflowId: noticeDeliveryId(written.noticeId),
    args: [{ noticeId: written.noticeId, channels: written.channels }],
    parentClosePolicy: ParentClosePolicy.ABANDON,
  });
}
