/**
 * A change reaches every running workflow that depends on it: a corrected holiday calendar the open
 * records whose working-day deadline it moves, new notice offsets the running certifications
 * (README "Changing the offsets applies to running workflows"). The API starts this once the change
 * is saved. Before, the API signalled each workflow inside the HTTP request; one that could not be
 * reached then, or the API stopping half-way, kept its old deadline or plan. Here every page is
 * retried until told, and the run continues as new so that 100,000 workflows keep the history bounded.
 */
import { continueAsNew, proxyActivities } from '@temporalio/workflow';
import type * as activities from '../activities';
import type { ChangeCursor } from '../activities/change-broadcast';
import type { Change } from '../store/told-of-change';

const { tellOfChange } = proxyActivities<activities.Activities>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute' }, // until Temporal answers again
});

export interface ChangeBroadcastInput {
  change: Change;
  /** where an earlier run (continue-as-new) got to; absent at the start */
  cursor?: ChangeCursor;
  told?: number;
  closed?: number;
  pageSize?: number;
  pagesPerRun?: number;
}

export interface ChangeBroadcastResult {
  /** running workflows signalled */
  told: number;
  /** workflows that ended between being listed and being told */
  closed: number;
}

/**
 * One telling per saved change (`savedAt`: the saved row's time): a repeated request names the same
 * workflow, which is started only if the first request could not start it.
 */
export function changeBroadcastId(change: Change, savedAt: Date): string {
  const what = change.kind === 'calendar' ? `calendar:${change.year}` : 'special_disease.noticeOffsets';
  return `change-broadcast:${what}:${savedAt.toISOString()}`;
}

export async function changeBroadcast(input: ChangeBroadcastInput): Promise<ChangeBroadcastResult> {
  const pageSize = input.pageSize ?? 500;
  const pagesPerRun = input.pagesPerRun ?? 100;
  let cursor: ChangeCursor = input.cursor ?? { group: 0, after: null };
  let told = input.told ?? 0;
  let closed = input.closed ?? 0;
  for (let page = 0; page < pagesPerRun; page++) {
    const result = await tellOfChange({ change: input.change, cursor, pageSize });
    told += result.told;
    closed += result.closed;
    if (result.next === null) return { told, closed };
    cursor = result.next;
  }
  return continueAsNew<typeof changeBroadcast>({ ...input, cursor, told, closed });
}
