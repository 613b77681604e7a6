/**
 * Delivers one notice of the outbox on each of its channels in parallel, retrying with backoff.
 * `deliverNotice` never sends a channel twice (it answers 'already_sent'), so running this again
 * for the same notice, or replaying it, is harmless. A channel that still fails after the last
 * retry is marked failed with its reason, for a clerk to see and a supervisor to retry.
 */
import {
  ActivityFailure,
  ParentClosePolicy,
  type ActivityOptions,
  proxyActivities,
  proxyLocalActivities,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import { inForce } from './patches';
import type { NoticeActivities } from '../activities/notices';

export interface NoticeDeliveryInput {
  noticeId: string;
  channels: string[];
}

export type ChannelOutcome = 'sent' | 'already_sent' | 'failed';

/** The first run's workflow ID; a retry from the API appends `:retry-<n>`. */
export const noticeDeliveryId = (noticeId: string) => `notice-delivery:${noticeId}`;

const deliverOptions: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  // 5 attempts over about 15 seconds (1, 2, 4, 8): a gateway's short outage, not a long one.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 5 },
};
const { deliverNotice } = proxyActivities<NoticeActivities>(deliverOptions);
const { noticeDeliveryRoutes } = proxyLocalActivities<NoticeActivities>({ startToCloseTimeout: '10 seconds' });

/**
 * Deliveries of a channel with a quota run on that channel's rate-limited task queue (issue 19).
 * Runs started before it have no route marker and deliver on their own queue as before.
 */
export const NOTICE_CHANNEL_QUEUES_PATCH = 'notice-channel-queues';
/** How long a delivery may wait for its turn in a rate-limited channel's queue before it counts as failed. */
const QUEUE_WAIT = '6 hours';
const { markDeliveryFailed } = proxyActivities<NoticeActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export async function noticeDelivery(input: NoticeDeliveryInput): Promise<Record<string, ChannelOutcome>> {
  const channels = [...new Set(input.channels)];
  const routes = inForce(NOTICE_CHANNEL_QUEUES_PATCH) ? await noticeDeliveryRoutes({ taskQueue: workflowInfo().taskQueue, channels }) : {};
  const outcomes = await Promise.all(
    channels.map(async (channel): Promise<[string, ChannelOutcome]> => {
      const queue = routes[channel];
      const deliver = queue
        ? proxyActivities<NoticeActivities>({ ...deliverOptions, taskQueue: queue, scheduleToStartTimeout: QUEUE_WAIT }).deliverNotice
        : deliverNotice;
      try {
        return [channel, await deliver({ noticeId: input.noticeId, channel })];
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
