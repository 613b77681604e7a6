/**
 * One decision at a time inside a workflow: a handler that awaits activities holds the lock, so the
 * next decision is checked against the state the previous one left (deterministic: a condition).
 */
import { condition } from '@temporalio/workflow';

export interface DecisionLock {
  readonly held: boolean;
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
}

export function decisionLock(): DecisionLock {
  let held = false;
  return {
    get held() { return held; },
    async exclusive<T>(fn: () => Promise<T>): Promise<T> {
      await condition(() => !held);
      held = true;
      try { return await fn(); } finally { held = false; }
    },
  };
}
