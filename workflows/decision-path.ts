/**
 * The decision path every process workflow follows (README "Adding a process"):
 *
 *   receive (an Update) → validate (its validator, against the current state: a refused decision
 *   never enters the history) → wait its turn (one decision, timer or signal at a time) → check
 *   again against the state it now meets (409 when another decision got there first) → apply (a
 *   pure domain transition) → persist (the one record-event activity: row, audit and effects in one
 *   transaction) → reply.
 *
 * Serialisation is a FIFO mutex (async-mutex, as in Temporal's safe-message-handlers sample): a
 * waiting decision is woken only when the previous one has released it, so two decisions can never
 * both pass a check of the same state.
 */
import { Mutex } from 'async-mutex';
import {
  allHandlersFinished,
  condition,
  defineUpdate,
  log,
  proxyActivities,
  proxyLocalActivities,
  workflowInfo,
} from '@temporalio/workflow';
import { inForce } from './patches';
import type * as activities from '../activities';
import type { RecordEffect, RecordEventInput, RecordOutcome } from '../activities/record-event';
import { type ProcessName, processes } from '../domain/processes';
import type { UpdateDefinition } from '@temporalio/common';

export interface DecisionSerialiser {
  /** true while a decision (or timer, or signal) is being applied */
  readonly busy: boolean;
  run<T>(fn: () => Promise<T>): Promise<T>;
  /** decisions answered before their record (see decide) whose turn is still held */
  answeredUnrecorded: number;
  /** the highest event a caller has shown committed (DecisionDelivery.recordedThrough) */
  recordedThrough: number;
  /** record-events of decisions answered before their record, still running (patch 'decision-turn-at-record'): the turn may be released before they end */
  recordsInFlight: number;
  /** decisions, timers and signals waiting for the turn (null: this serialiser does not count them, and defers no record; see DEFERRED_RECORD_PATCH) */
  readonly waiting: number | null;
}

/**
 * Whether a run may end or continue as new: every handler finished, no decision answered before its
 * record (see decide) still holding its turn, and no record-event of such a decision still running
 * (its turn may have been released before it ended). In runs without such answers this is
 * allHandlersFinished, so their histories replay as before.
 */
export const decisionsSettled = (decisions: DecisionSerialiser) => () =>
  allHandlersFinished() && decisions.answeredUnrecorded === 0 && decisions.recordsInFlight === 0;

/**
 * The serialiser of a run. `legacy` is how runs started before the patch below were serialised (a
 * lock awaited with condition(), or none for service cases), kept only so their histories replay:
 * its commands come in another order. Do not use it for anything new.
 */
export function decisionSerialiser(legacy: 'condition-lock' | 'none' | false = false): DecisionSerialiser {
  const counters = { answeredUnrecorded: 0, recordedThrough: -1, recordsInFlight: 0 };
  if (legacy === 'none') return { busy: false, run: (fn) => fn(), waiting: null, ...counters };
  if (legacy === 'condition-lock') {
    let held = false;
    return {
      get busy() {
        return held;
      },
      async run(fn) {
        await condition(() => !held);
        held = true;
        try {
          return await fn();
        } finally {
          held = false;
        }
      },
      waiting: null,
      ...counters,
    };
  }
  const mutex = new Mutex();
  let waiting = 0;
  return {
    get busy() {
      return mutex.isLocked();
    },
    get waiting() {
      return waiting;
    },
    run: (fn) => {
      waiting++;
      // fn's own promise, not an async wrapper's: the turn resolves in as many steps as before (replay)
      return mutex.runExclusive(() => {
        waiting--;
        return fn();
      });
    },
    ...counters,
  };
}

const { recordEvent } = proxyActivities<activities.Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * The same record-event, as a local activity (issue 19: the full path close to the floor). It runs
 * in the worker that holds the decision, without the server's round trips of a scheduled activity
 * (schedule, poll, complete, a new workflow task). Its retry semantics suit it: the write is
 * idempotent by the event's sequence number (a repeat after a crash answers the first outcome), so
 * a local activity run again when its workflow task is retried cannot write twice; the same retry
 * policy applies (past a minute of retries the SDK waits on a timer between attempts, not inside
 * the workflow task). Runs started before keep the scheduled activity (patch 'record-event-local').
 */
const { recordEvent: recordEventLocally } = proxyLocalActivities<activities.Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
export const LOCAL_RECORD_EVENT_PATCH = 'record-event-local';
/**
 * Back to the scheduled activity for new runs. A local activity's input is not in the history: when
 * its workflow task is retried (a worker killed after the write, the server restarted), it runs again
 * with the event rebuilt at the retried task's time, a different event under the same sequence
 * number (EVENT_SEQUENCE_CONFLICT), and the case was wedged (the two-worker fault test). A scheduled
 * activity's input is fixed in the history, so its retry is the same event. Runs that recorded
 * 'record-event-local' keep the local path so they replay.
 */
export const SCHEDULED_RECORD_EVENT_PATCH = 'record-event-scheduled';
export const usesLocalRecordEvent = () => !inForce(SCHEDULED_RECORD_EVENT_PATCH) && inForce(LOCAL_RECORD_EVENT_PATCH);

/**
 * Workflows started before the one record-event activity keep calling their own (same
 * implementation, registered under the old names) so their histories replay; new runs take the new
 * path. Remove the legacy branch with deprecatePatch once no run older than the patch is open.
 */
export const ONE_RECORD_EVENT_PATCH = 'one-record-event';

export function usesOneRecordEvent(): boolean {
  return inForce(ONE_RECORD_EVENT_PATCH);
}

/**
 * The deadline count (a read of the holiday calendar) as a local activity in new runs (issue 19: the
 * accept of a case was two scheduled activities, the count and the record). Unlike the record-event
 * it writes nothing, so running it again when its workflow task is retried is harmless: nothing was
 * recorded from the first answer (the record-event that uses it is scheduled, with its input fixed
 * in the history, only once the task completes), and the answer the task completes with is the one
 * in the history (a marker). Runs that counted with the scheduled activity keep it (this patch).
 */
export const LOCAL_DEADLINE_COUNT_PATCH = 'deadline-count-local';
const countsOptions = { startToCloseTimeout: '30 seconds', retry: { initialInterval: '1 second', maximumInterval: '1 minute' } } as const;
const scheduledCounts = proxyActivities<activities.Activities>(countsOptions);
const localCounts = proxyLocalActivities<activities.Activities>(countsOptions);
type DeadlineCounts = Pick<activities.Activities, 'computeDeadline' | 'computeResumedDeadline'>;
/** The deadline-count activities for a count made now (call it where the count is made: it may write the patch marker). */
export const deadlineCounts = (): DeadlineCounts => (inForce(LOCAL_DEADLINE_COUNT_PATCH) ? localCounts : scheduledCounts);

/**
 * The opening record (a new run's first event) as a local activity (issue 19: a create was a start,
 * a workflow task, a scheduled record-event and another workflow task). The hazard that took the
 * local record-event back does not apply to it, when the opening is a pure function of the run's
 * input and its time is the workflow's start (`atMs`, the same in a retried task, where Date.now() is not):
 * - a workflow task retried after the write (a worker killed, the server restarted) rebuilds the
 *   identical event, which the record-event recognises by its digest and answers as the first time;
 * - nothing else can take its sequence number first: every decision's turn waits for the opening
 *   to be recorded, and a signal only marks what to do next.
 * A process whose opening needs another activity's answer first (an online case's deadline count)
 * records it with the scheduled activity, as before. Runs started before keep the scheduled path.
 */
export const LOCAL_OPENING_PATCH = 'opening-record-local';
export function openingRecord(): { local: boolean; atMs: number } {
  const local = inForce(LOCAL_OPENING_PATCH);
  // startTime is the start event's (the chain's first run: an opening is recorded only there);
  // runStartTime is the first task's clock, which a retried task reads anew.
  return { local, atMs: local ? workflowInfo().startTime.getTime() : Date.now() };
}

/**
 * The delivery of a notice the record-event writes is started by the record-event, once the notice
 * is committed (`deliverNotice`), not by the workflow as a child: two workflow tasks and the child's
 * events fewer per notice at the month-end peak (issue 19). Runs that started their deliveries as
 * children keep doing so (this patch).
 */
export const NOTICE_DELIVERY_FROM_RECORD_PATCH = 'notice-delivery-from-record';

export async function persistEvent<P extends ProcessName>(
  input: RecordEventInput<P>,
  opts: {
    local?: boolean;
    /** the decision's caller records it (see decide): called with the record first, when the event may be answered early */
    answer?: EarlyAnswer;
    /** called just before that answer: the workflow makes the decided state its own (the next decision is validated against it) */
    decided?: () => void;
  } = {},
): Promise<RecordOutcome> {
  const early = opts.answer !== undefined && recordableByCaller(input as RecordEventInput);
  let awaitRecord: ReturnType<EarlyAnswer> = undefined;
  if (early) {
    opts.decided?.();
    awaitRecord = opts.answer!(input as RecordEventInput);
  }
  const recorded = (early ? { ...input, recordedByCaller: true } : input) as RecordEventInput;
  if (awaitRecord && leftOpen(input as RecordEventInput) && inForce(DEFERRED_RECORD_PATCH)) {
    return awaitRecord.deferred((local) => (local ? recordEventLocally : recordEvent)(recorded));
  }
  const recording = (opts.local || usesLocalRecordEvent() ? recordEventLocally : recordEvent)(recorded);
  return awaitRecord ? awaitRecord.started(recording) : recording;
}

/** Whether the event leaves its record open work (the registry's openStatuses): a closing decision's record-event runs at once, so the run ends. */
const leftOpen = (input: RecordEventInput): boolean =>
  processes[input.process].openStatuses.includes((input.state as { status?: string }).status ?? '');

/**
 * A decision answered early records nothing by itself while the API's own write may still be shown
 * (issue 19: the scheduled record-event was a server round trip and a second workflow task per
 * decision, and the clerk's next decision rode in that task, handed out late). Its turn is held
 * until one of these, whichever comes first:
 * - the next decision's caller shows the event committed (recordedThrough): nothing more runs;
 * - a decision, timer or signal waits for the turn without showing it, or the grace below runs out
 *   (the API crashed before its write, or nothing else happens to the record): the record-event runs
 *   then, finding the API's line or writing it.
 * That record-event is local when the event was built in an earlier workflow task: a retried task
 * replays that one from the history and rebuilds the same event (same time, same digest), so running
 * it again is a repeat, which the record-event recognises. An event built in the same task is
 * recorded by the scheduled activity, its input fixed in the history (the hazard of
 * 'record-event-scheduled'). A decision that closes its record, or one in a run started before this
 * patch, records at once as before.
 */
export const DEFERRED_RECORD_PATCH = 'decision-record-deferred';
/** How long a decision answered early waits to be shown committed before its record-event runs anyway. */
export const DEFERRED_RECORD_GRACE_MS = 10_000;

/**
 * A decision the caller records itself (issue 19: the full path close to the floor). The API sends
 * its Updates with this second argument; the workflow then answers as soon as the decision's event
 * is built, in the workflow task that schedules its record-event, and the API writes that same
 * record (`recordEvent`, one transaction) before it answers the clerk. A decision is then one
 * workflow task on the clerk's path, not a task, a scheduled activity and a second task.
 *
 * Nothing can be lost or written twice:
 * - the record-event is still scheduled, with its input fixed in the history, in the task that
 *   completes the Update; it finds the event the API wrote (same sequence number and digest) and
 *   does nothing, or writes it when the API did not (it crashed, its write failed);
 * - the two writers are one row of the audit log (unique by sequence number), so one commits;
 * - the next decision's turn still waits for this record-event to finish, so events are recorded
 *   in their order; the workflow's state is the decided one from the answer on, so the next
 *   decision is validated against it.
 * Only an event with no effects takes this path: an effect may be refused by the database (a bed
 * held by another episode) or answer what the workflow needs (a ledger entry), and then the
 * workflow must wait for the record. Callers that do not pass the option (tests, scripts, older
 * APIs) get the answer after the record, as before; runs that answered before the patch keep doing so.
 */
export interface DecisionDelivery {
  callerRecords?: boolean;
  /**
   * The version of the process's row the caller read before it sent this decision: every event up to
   * it is committed (a row is written in the transaction of its event's audit line). A decision
   * answered early whose event is at or below it need not wait for its own record-event to release
   * the turn (see decide).
   */
  recordedThrough?: number;
}
export const CALLER_RECORDS_PATCH = 'decision-recorded-by-caller';
export const RECORDED_THROUGH_PATCH = 'decision-turn-at-record';

/**
 * Answers a decision with its record (see decide). What it returns, if anything, is how the
 * decision's turn waits for that record: for the record-event, or for a caller to show the event
 * committed, whichever comes first.
 */
export type EarlyAnswer = (record: RecordEventInput) => RecordWait | void;

/** How an answered decision's turn waits for its record. */
export interface RecordWait {
  /** for the record-event, started now, or for a caller to show the event committed */
  started(recording: Promise<RecordOutcome>): Promise<RecordOutcome>;
  /** for a caller to show it committed, starting the record-event (local or scheduled) only if none does (DEFERRED_RECORD_PATCH) */
  deferred(record: (local: boolean) => Promise<RecordOutcome>): Promise<RecordOutcome>;
}

/** The answer of a decision its caller records: the record to write, and the run that decided it (for the audit line). */
export interface CallerRecord {
  callerRecord: RecordEventInput;
  runId: string;
}

export function isCallerRecord(answer: unknown): answer is CallerRecord {
  return typeof answer === 'object' && answer !== null && 'callerRecord' in answer && 'runId' in answer;
}

/**
 * A decision Update as the API sends it (sendDecision): the same name, with the delivery as a second
 * argument, answered with the record when the caller records it (see decide). Register the handler
 * on this; callers without the option keep the plain definition.
 */
export function withDelivery<S, Cmd>(update: UpdateDefinition<S, [Cmd]>): UpdateDefinition<S | CallerRecord, [Cmd, DecisionDelivery?]> {
  return defineUpdate<S | CallerRecord, [Cmd, DecisionDelivery?]>(update.name);
}

/** Whether an event may be answered before it is recorded (see DecisionDelivery). */
export const recordableByCaller = (input: RecordEventInput): boolean => !input.effects?.length && !input.deliverNotice;

/**
 * Runs a decision in its turn. When the caller records it (`delivery.callerRecords`, in runs with the
 * patch), `body` is given `answer`, which it calls with the record once the decision is built: the
 * Update is answered then, while the turn is held until `body` ends (its record-event done).
 *
 * The turn is released sooner when a later decision's caller shows the event committed
 * (`delivery.recordedThrough` at or past its sequence number; patch 'decision-turn-at-record'): the
 * API wrote it before it answered, and the next clerk's request read the row it wrote. Events are
 * still recorded in their order, since the next decision proceeds only once this one is committed.
 * The record-event still runs to its end (it finds the API's line) and the run does not end before
 * it (decisionsSettled). In runs with DEFERRED_RECORD_PATCH, a decision that leaves its record open
 * starts no record-event unless nobody shows it committed (RecordWait.deferred).
 */
export function decide<T>(
  decisions: DecisionSerialiser,
  delivery: DecisionDelivery | undefined,
  body: (answer?: EarlyAnswer) => Promise<T>,
): Promise<T | CallerRecord> {
  if (!delivery?.callerRecords || !inForce(CALLER_RECORDS_PATCH)) return decisions.run(() => body());
  // Before its turn is awaited: the decision whose turn this one waits for may be released by it.
  if (delivery.recordedThrough !== undefined && inForce(RECORDED_THROUGH_PATCH)) {
    decisions.recordedThrough = Math.max(decisions.recordedThrough, delivery.recordedThrough);
  }
  return new Promise<T | CallerRecord>((resolve, reject) => {
    let answered = false;
    const answer: EarlyAnswer = (record) => {
      answered = true;
      decisions.answeredUnrecorded++;
      resolve({ callerRecord: record, runId: workflowInfo().runId });
      if (!inForce(RECORDED_THROUGH_PATCH)) return undefined;
      const answeredInTask = workflowInfo().historyLength; // the workflow task the event is built in
      const shown = () => decisions.recordedThrough >= record.event.seq;
      const deferred: RecordWait['deferred'] = async (startRecord) => {
        if (decisions.waiting === null) return startRecord(false);
        await condition(() => shown() || decisions.waiting! > 0, DEFERRED_RECORD_GRACE_MS);
        if (shown()) return { ok: true }; // no effects (recordableByCaller): nothing else to answer
        return startRecord(workflowInfo().historyLength !== answeredInTask);
      };
      const started: RecordWait['started'] = (recording) => {
        let settled = false;
        let released = false; // before the record-event ended: its failure is then logged here, not by the turn
        decisions.recordsInFlight++;
        recording
          .finally(() => {
            settled = true;
            decisions.recordsInFlight--;
          })
          .catch((e: unknown) => {
            if (released) log.error('a decision answered before its record failed to record', { error: String(e) });
          });
        const shownCommitted = condition(() => settled || shown()).then((): RecordOutcome => {
          released = !settled;
          return { ok: true }; // no effects (recordableByCaller): nothing else to answer
        });
        return Promise.race([recording, shownCommitted]);
      };
      return { started, deferred };
    };
    decisions
      .run(() => body(answer))
      .finally(() => {
        if (answered) decisions.answeredUnrecorded--;
      })
      .then(resolve, (e: unknown) => {
        // Before the answer it is the decision's refusal; after it, a failure the caller cannot hear of
        // (its own write of the same record failed too, or it would have been found).
        if (answered) log.error('a decision answered before its record failed to record', { error: String(e) });
        reject(e);
      });
  });
}

export type { RecordEffect, RecordEventInput, RecordOutcome };
