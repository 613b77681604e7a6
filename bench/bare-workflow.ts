/**
 * The floor of the benchmark: a workflow with no activities and no database. Its one Update counts
 * and returns, and it finishes after three Updates, the same shape as a case that is accepted,
 * reviewed and completed. Bundled on its own by bench/service-case.bench.ts.
 */
import { allHandlersFinished, condition, defineUpdate, setHandler } from '@temporalio/workflow';

/** The argument names the action (accept, review, complete) only so histories read like a case. */
export const bumpUpdate = defineUpdate<number, [string]>('bump');

export async function bareCase(): Promise<number> {
  let count = 0;
  setHandler(bumpUpdate, (_action: string) => ++count);
  // Waiting for the handlers too, so the third Update's result is delivered before the workflow closes.
  await condition(() => count >= 3 && allHandlersFinished());
  return count;
}
