/**
 * A deliberately incompatible change to the fund-request workflow (same name, a different first
 * step): the replay test shows that recorded histories catch such a change before it ships.
 */
import { proxyActivities } from '@temporalio/workflow';
import type * as activities from '../../../activities';

const { noticeOffsets } = proxyActivities<activities.Activities>({ startToCloseTimeout: '30 seconds' });

export async function fundRequest(): Promise<void> {
  await noticeOffsets(); // the recorded history computes the proposal here
}
