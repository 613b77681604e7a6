/**
 * Whether a patch is in force in this run: `patched()` with a baseline (issue 19).
 *
 * `patched(id)` writes a marker and a search-attribute upsert (TemporalChangeVersion, which the SDK
 * adds and no option turns off) into every new run for every patch its code asks about: 14 of a
 * service case's 50 history events, and about a third of what a full case costs the Temporal server
 * over bare Temporal (bench/README, "the patch baseline"). A run that asks with the baseline below
 * writes its marker once, and every patch listed in it is then in force without a marker of its own.
 *
 * It replays as before because it is `patched()` throughout:
 * - a run recorded before the baseline has no baseline marker, so `patched(PATCH_BASELINE)` is false
 *   while it replays and each patch is asked for by its own id, as its history recorded;
 * - a running workflow that reaches new code asks the baseline, which is then in force (`patched` is
 *   true outside replay), and so is every patch in it, as each `patched(id)` would have been.
 *
 * A new patch is asked for with `inForce(id)` and not listed here; to fold it in later, add a new
 * baseline (a new id, listing every patch), asked for first, and keep this one for the runs it
 * started. Calling `patched` directly in workflows/ is refused by the lint.
 */
import { patched } from '@temporalio/workflow';

export const PATCH_BASELINE = 'patch-baseline-2026-12';

/** Every patch in the workflow code when the baseline was made (each is also named where it is asked for). */
const BASELINE_PATCHES: ReadonlySet<string> = new Set([
  // workflows/decision-path.ts
  'one-record-event',
  'record-event-local',
  'record-event-scheduled',
  'deadline-count-local',
  'opening-record-local',
  'notice-delivery-from-record',
  'decision-recorded-by-caller',
  'decision-turn-at-record',
  'decision-record-deferred',
  // workflows/deadline-watcher.ts
  'deadline-notice-in-record',
  // the processes
  'online-clock-from-receipt',
  'notice-spread',
  'notice-plan-at-start',
  'notice-channel-queues',
  'remote-care-deadline-watcher',
  'remote-care-emergency-ends',
  'turnover-last-day-art-203',
  'fund-estimate-copy',
  'fund-tick-catch-up',
  'subsidised-enrolment-identity-changes',
  'subsidised-enrolment-continue-as-new',
  'subsidised-enrolment-one-per-person-year',
]);

export const inBaseline = (patchId: string): boolean => BASELINE_PATCHES.has(patchId);

/** `patched(patchId)`, answered by the baseline's one marker where the run has it (see above). */
export function inForce(patchId: string): boolean {
  return (BASELINE_PATCHES.has(patchId) && patched(PATCH_BASELINE)) || patched(patchId);
}
