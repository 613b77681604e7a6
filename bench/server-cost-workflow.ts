/**
 * The bare floor's workflow (bench/bare-workflow.ts) with one feature of the service's workflows
 * added at a time, for bench/server-cost.ts: what each costs the Temporal server per case.
 */
import {
  allHandlersFinished,
  condition,
  defineUpdate,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
} from '@temporalio/workflow';

export const stepUpdate = defineUpdate<number, [string]>('step');

export interface Features {
  /** patch markers written with the first Update (each with the SDK's search-attribute upsert) */
  patchMarkers: number;
  /** a timer started with each Update and cancelled by the next (the deferred record's grace) */
  timerPerUpdate: boolean;
  /** a scheduled activity after the third Update (a closing decision's record-event) */
  activityAtEnd: boolean;
  /** a local activity before the first Update (the opening recorded locally) */
  localActivityAtStart: boolean;
}

const scheduled = proxyActivities<{ noop(): Promise<void> }>({ startToCloseTimeout: '30 seconds' });
const local = proxyLocalActivities<{ noop(): Promise<void> }>({ startToCloseTimeout: '30 seconds' });

export async function featureCase(f: Features): Promise<number> {
  let count = 0;
  setHandler(stepUpdate, (_action: string) => {
    // Benchmark only: the markers are what is measured, not a version of this code.
    if (count === 0) for (let i = 0; i < f.patchMarkers; i++) patched(`bench-patch-${i}`);
    return ++count;
  });
  if (f.localActivityAtStart) await local.noop();
  while (count < 3) {
    const seen = count;
    await condition(() => count !== seen, f.timerPerUpdate ? 10_000 : undefined);
  }
  if (f.activityAtEnd) await scheduled.noop();
  await condition(allHandlersFinished);
  return count;
}
