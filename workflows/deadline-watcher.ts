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
import { proxyActivities } from '@temporalio/workflow';
import { inForce } from './patches';
import type * as activities from '../activities';
import type { RecordEffect } from '../activities/record-event';
import type { NotifyInput } from '../activities/service-case';
import type { StatutoryDeadline } from '../domain/working-days';
import { nextDeadlineTimer } from '../domain/working-days';

/**
 * The reminder or breach notification is written by the record-event activity, in the transaction
 * of the event that causes it (issue 19: at a month-end peak each breach is one activity, not two).
 * Runs that recorded their timers before it notify in an activity of its own after the record.
 */
export const DEADLINE_NOTICE_IN_RECORD_PATCH = 'deadline-notice-in-record';

/** The record-event effects that write `notification` with the event (none without one). */
export const notificationEffects = (notification?: NotifyInput): RecordEffect[] =>
  notification ? [{ kind: 'staff_notification', notification }] : [];

const { notify } = proxyActivities<activities.Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '5 seconds', maximumInterval: '10 minutes' },
});

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
  /**
   * records the watched fields after `event` (persisting the process's state with its own action),
   * with the staff notification it causes written in the same transaction when one is given
   */
  record(next: Watched, event: WatchEvent, deadline: StatutoryDeadline, notification?: NotifyInput): Promise<void>;
  /** the assignee's reminder */
  reminder(deadline: StatutoryDeadline): NotifyInput;
  /** the supervisors' breach notice */
  breach(deadline: StatutoryDeadline): NotifyInput;
  /** false in runs whose record-event cannot carry effects (started before 'one-record-event') */
  recordCarriesEffects?: boolean;
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
      // The breach happened when the limit ran out, whenever this activation got to run.
      const after =
        kind === 'reminder'
          ? { ...w, remindedAt: new Date(Date.now()).toISOString() }
          : { ...w, breachedAt: new Date(d.dueAtMs).toISOString() };
      const notification = () => (kind === 'reminder' ? opts.reminder(d) : opts.breach(d));
      if (opts.recordCarriesEffects !== false && inForce(DEADLINE_NOTICE_IN_RECORD_PATCH)) {
        await opts.record(after, kind, d, notification());
      } else {
        await opts.record(after, kind, d);
        await notify(notification()); // from the state as recorded, as these runs did
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
