/**
 * The patches a run has in force, read from its history: each patch marker's id, and where the
 * marker is the patch baseline, every patch it stands for (workflows/patches.ts).
 */
import type { temporal } from '@temporalio/proto';
import { PATCH_BASELINE, inBaseline } from '../../workflows/patches';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** The ids of the patch markers in a history, in order. */
export function patchMarkerIds(events: HistoryEvent[]): string[] {
  return events
    .filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch')
    .map((e) => {
      const [data] = Object.values(e.markerRecordedEventAttributes!.details!); // { patch_data: { id, deprecated } }
      return (JSON.parse(Buffer.from(data!.payloads![0]!.data!).toString('utf8')) as { id: string }).id;
    });
}

/** Whether the run whose history this is has `patchId` in force. */
export function hasPatchInForce(events: HistoryEvent[], patchId: string): boolean {
  const ids = patchMarkerIds(events);
  return ids.includes(patchId) || (ids.includes(PATCH_BASELINE) && inBaseline(patchId));
}
