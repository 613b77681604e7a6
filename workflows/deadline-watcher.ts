/**
 * The one deadline watcher of every process with a time limit (DOMAIN §11): a reminder at the
 * start of the working day before the limit, at the limit a recorded breach escalated to the
 * supervisors, and a recomputation when the holiday calendar is corrected (a later limit lifts a
 * breach recorded against the old one; the breach stays in the audit log).
 *
 * The process says which deadline it watches now, how it records each change (its own action
 * names and fields) and whom it tells; the watcher decides when and what. Timers and
 * recomputations run through the process's decision serialiser like any decision.
 */
import type { StatutoryDeadline } from '../domain/working-days';
import { nextDeadlineTimer } from '../domain/working-days';

/** The watched limit and what has been done about it. */
export interface Watched {
  deadline: StatutoryDeadline | null;
  remindedAt: string | null;
  breachedAt: string | null;
}

export type WatchEvent = 'reminder' | 'breach' | 'recomputed';

export interface DeadlineWatcherOptions {
  /** the deadline watched now, or null (no limit runs: closed, waiting for correction, …) */
  watched(): Watched | null;
  /** records the watched fields after `event` (persisting the process's state with its own action) */
  record(next: Watched, event: WatchEvent, deadline: StatutoryDeadline): Promise<void>;
  /** tells the assignee (reminder) */
  remind(deadline: StatutoryDeadline): Promise<void>;
  /** tells the supervisors (breach) */
  escalate(deadline: StatutoryDeadline): Promise<void>;
}

export interface DeadlineWatcher {
  /** the timer to wait for now */
  next(): { kind: 'reminder' | 'breach'; atMs: number } | null;
  /** a timer fired: record and tell, unless a decision that came first moved or ended the limit */
  fire(kind: 'reminder' | 'breach'): Promise<void>;
  /** the calendar was corrected: `fresh` is the limit counted again from the same day of receipt */
  recompute(fresh: (d: StatutoryDeadline) => Promise<StatutoryDeadline>): Promise<void>;
}

export function deadlineWatcher(opts: DeadlineWatcherOptions): DeadlineWatcher {
  const next = () => {
    const w = opts.watched();
    return w ? nextDeadlineTimer(w.deadline, w.remindedAt, w.breachedAt) : null;
  };
  return {
    next,
    async fire(kind) {
      const w = opts.watched();
      const due = next();
      if (!w?.deadline || due?.kind !== kind || due.atMs > Date.now()) return;
      const d = w.deadline;
      if (kind === 'reminder') {
        await opts.record({ ...w, remindedAt: new Date(Date.now()).toISOString() }, 'reminder', d);
        await opts.remind(d);
      } else {
        // The breach happened when the limit ran out, whenever this activation got to run.
        await opts.record({ ...w, breachedAt: new Date(d.dueAtMs).toISOString() }, 'breach', d);
        await opts.escalate(d);
      }
    },
    async recompute(fresh) {
      const w = opts.watched();
      const d = w?.deadline;
      if (!w || !d) return;
      const counted = await fresh(d);
      if (counted.dueAtMs === d.dueAtMs && counted.provisional === d.provisional) return;
      await opts.record(
        {
          deadline: counted,
          breachedAt: w.breachedAt && counted.dueAtMs > Date.now() ? null : w.breachedAt,
          remindedAt: counted.dueDate !== d.dueDate ? null : w.remindedAt,
        },
        'recomputed',
        counted,
      );
    },
  };
}
