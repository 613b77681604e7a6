/**
 * One remote-care filing (异地就医备案, 000 §26–§33; items 20–25), alive while it can change
 * anything. An online filing waits for its review within 2 working days of receipt (000 §29), with
 * a reminder and an escalated breach; a counter filing starts decided (accepted or refused on the
 * spot). A long-term filing stays until changed or cancelled (not within 6 months, 000 §30); a
 * temporary one expires 6 months after filing by a durable timer, with a notice to the person
 * before and on expiry, written to the outbox with the change that causes it. An emergency filing
 * (当次入院有效) ends its run once filed: nothing can change it.
 */
import { condition, defineQuery, defineSignal, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';
import { inForce } from './patches';
import type * as activities from '../activities';
import { shanghaiDate, startOfShanghaiDay } from '../domain/dates';
import { type Actor, systemActor } from '../domain/people';
import {
  ONLINE_REVIEW_WORKING_DAYS,
  type FilingCommand,
  type FilingFacts,
  type FilingState,
  applyFilingCommand,
  checkFilingAction,
  describeFiling,
  filingCommandSchema,
  filingNoticeSchedule,
} from '../domain/remote-care-filing';
import { DomainError } from '../domain/errors';
import { filingValidity, ruleSetOn, type Validity } from '../domain/remote-care';
import { nextDeadlineTimer, type StatutoryDeadline } from '../domain/working-days';
import type { NotifyInput } from '../activities/service-case';
import { deadlineWatcher, notificationEffects } from './deadline-watcher';
import {
  type DecisionDelivery,
  NOTICE_DELIVERY_FROM_RECORD_PATCH,
  type RecordEffect,
  type EarlyAnswer,
  decide,
  decisionSerialiser,
  decisionsSettled,
  persistEvent,
  withDelivery,
} from './decision-path';
import { startNoticeDelivery } from './notice-delivery';
import { invalidRequest, refuse } from './refuse';

export interface RemoteCareFilingInput {
  state: FilingState;
}

export const filingOpenedUpdate = defineUpdate<FilingState>('filingOpened');
export const filingActUpdate = defineUpdate<FilingState, [FilingCommand]>('filingAct');
const actWithDelivery = withDelivery(filingActUpdate); // the API's form (see decide)
export const filingStateQuery = defineQuery<FilingState>('filingState');
export const filingCalendarChangedSignal = defineSignal('calendarChanged');

const { computeDeadline } = proxyActivities<activities.Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
const { notify } = proxyActivities<activities.Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '5 seconds', maximumInterval: '10 minutes' },
});

/** Notices go out at 09:00 Asia/Shanghai on their day. */
const noticeAt = (on: string) => startOfShanghaiDay(on) + 9 * 3600_000;

export async function remoteCareFiling(input: RemoteCareFilingInput): Promise<FilingState> {
  let state = input.state;
  let persisted = 0;
  const decisions = decisionSerialiser();
  let calendarChanges = 0;
  const today = () => shanghaiDate(Date.now());

  /** Records `next` with its audit event (and the person's notice) in one transaction, then delivers the notice. */
  const persist = async (
    next: FilingState,
    action: string,
    actor: Actor,
    reason?: string,
    notice?: 'expiring_soon' | 'expired',
    effects: RecordEffect[] = [],
    /** the decision's caller records it: answered with the record before it is recorded (see decide) */
    answer?: EarlyAnswer,
  ) => {
    const event = {
      seq: next.version,
      at: new Date(Date.now()).toISOString(),
      actor,
      action,
      reason,
      before: persisted === 0 ? null : state,
    };
    const fromRecord = notice !== undefined && inForce(NOTICE_DELIVERY_FROM_RECORD_PATCH);
    const outcome = await persistEvent(
      {
        process: 'remote_care',
        state: next,
        event,
        effects: [...(notice ? [{ kind: 'filing_notice' as const, notice }] : []), ...effects],
        deliverNotice: fromRecord,
      },
      {
        answer,
        decided: () => {
          state = next; // decided: the next decision is validated against it
        },
      },
    );
    state = next;
    persisted = next.version;
    const written = outcome.ok && !fromRecord ? outcome.notice : undefined; // delivered by the record-event, or by a child here
    await startNoticeDelivery(written);
  };

  setHandler(filingStateQuery, () => state);
  setHandler(filingOpenedUpdate, async () => {
    await condition(() => persisted >= 1);
    return state;
  });
  setHandler(filingCalendarChangedSignal, () => {
    calendarChanges++;
  });
  setHandler(
    actWithDelivery,
    (raw: FilingCommand, delivery?: DecisionDelivery) =>
      decide(decisions, delivery, async (answer) => {
        await condition(() => persisted >= 1);
        const cmd = filingCommandSchema.parse(raw);
        const facts: FilingFacts = { today: today() };
        refuse(checkFilingAction(state, cmd, facts.today)); // its turn may come after another decision changed the filing
        if (cmd.action === 'review' && cmd.approve) {
          facts.validity = validityOrRefusal(state, facts.today);
        }
        const action = cmd.action === 'review' ? (cmd.approve ? 'approve' : 'refuse') : cmd.action;
        await persist(
          applyFilingCommand(state, cmd, facts),
          action,
          cmd.actor,
          'reason' in cmd ? cmd.reason : undefined,
          undefined,
          [],
          answer,
        );
        return state;
      }),
    {
      validator: (raw: FilingCommand, _delivery?: DecisionDelivery) => {
        const parsed = filingCommandSchema.safeParse(raw);
        if (!parsed.success) invalidRequest(parsed.error.issues);
        if (persisted >= 1) {
          refuse(checkFilingAction(state, parsed.data, today()));
          // The rule set in force on the approval day is a pure precondition too (RULE_SET_NOT_IN_FORCE).
          if (parsed.data.action === 'review' && parsed.data.approve) validityOrRefusal(state, today());
        }
      },
    },
  );

  if (state.status === 'under_review' && !state.deadline) {
    // 000 §29; DOMAIN §11: the end of the 2nd working day after the day of receipt
    state = { ...state, deadline: await computeDeadline({ receivedOn: state.receivedOn, workingDays: ONLINE_REVIEW_WORKING_DAYS }) };
  }
  const created = state.channel === 'online' ? 'received_online' : state.status === 'refused' ? 'refused_on_the_spot' : 'filed';
  await decisions.run(() => persist({ ...state, version: 1 }, created, state.createdBy, state.refusal?.reason));
  await decisions.run(skipPastNotices);

  // The online review limit on the shared deadline watcher (issue 11). Runs started before it keep
  // their own reminder/breach code below, which issued the same commands, behind this patch.
  const onWatcher = inForce('remote-care-deadline-watcher');
  const label = () => `${state.person.name}的${describeFiling(state)}线上备案`;
  const watcher = deadlineWatcher({
    watched: () =>
      state.status === 'under_review' ? { deadline: state.deadline, remindedAt: state.remindedAt, breachedAt: state.breachedAt } : null,
    record: (w, event, d, notification) => {
      const [action, reason] = (
        {
          reminder: ['deadline_reminder', undefined],
          breach: ['deadline_breached', `线上备案超过2个工作日未办结（${d.dueDate} 届满，000 §29）`],
          recomputed: ['deadline_recomputed', '节假日安排已更正，重新计算时限'],
        } as const
      )[event];
      const next = { ...state, deadline: w.deadline, remindedAt: w.remindedAt, breachedAt: w.breachedAt, version: state.version + 1 };
      return persist(next, action, systemActor(state.jurisdiction), reason, undefined, notificationEffects(notification));
    },
    reminder: reviewersReminder,
    breach: breachNotice,
  });

  let seenCalendarChanges = calendarChanges;
  // An emergency filing covers its own admission only (000 §27(二); 002 §9(五) 当次入院有效): no expiry,
  // no lock, no promise, and neither a change nor a cancellation applies (checkFilingAction), so once
  // filed nothing can change it and its run ends (the register keeps it). Runs started before this
  // patch wait as they did; the marker is written only when such a filing is active.
  const admissionOnlyEnded = () => state.status === 'active' && !!state.validity?.admissionOnly && inForce('remote-care-emergency-ends');
  // A long-term filing with nothing scheduled waits in the register for a change, a cancellation or a delivery.
  while (state.status === 'under_review' || (state.status === 'active' && !admissionOnlyEnded())) {
    const deadlineTimer = onWatcher ? watcher.next() : nextDeadlineTimer(state.deadline, state.remindedAt, state.breachedAt);
    const notice = filingNoticeSchedule(state)[0];
    const fire = (kind: 'reminder' | 'breach') => (onWatcher ? watcher.fire(kind) : fireDeadline(kind));
    const candidates = [
      ...(deadlineTimer ? [{ atMs: deadlineTimer.atMs, fire: () => fire(deadlineTimer.kind) }] : []),
      ...(notice ? [{ atMs: noticeAt(notice.on), fire: () => fireNotice(notice.kind) }] : []),
    ].sort((a, b) => a.atMs - b.atMs);
    const next = candidates[0];
    const version = state.version;
    const woke = await condition(
      () => state.version !== version || calendarChanges !== seenCalendarChanges,
      next ? Math.max(next.atMs - Date.now(), 1) : undefined,
    );
    if (!woke && next) await decisions.run(next.fire);
    if (calendarChanges !== seenCalendarChanges) {
      seenCalendarChanges = calendarChanges;
      if (!onWatcher) await decisions.run(recomputeDeadline);
      else if (state.status === 'under_review') {
        await decisions.run(() => watcher.recompute((d) => computeDeadline({ receivedOn: d.receivedOn, workingDays: d.workingDays })));
      }
    }
  }
  await condition(decisionsSettled(decisions));
  return state;

  /** Notices whose day has passed when the filing starts are not sent late (the expiry itself still is). */
  async function skipPastNotices() {
    const past = filingNoticeSchedule(state).filter((n) => n.kind !== 'expired' && noticeAt(n.on) <= Date.now());
    if (past.length) state = { ...state, noticesDone: [...state.noticesDone, ...past.map((n) => n.kind)] };
  }

  async function fireNotice(kind: 'expiring_soon' | 'expired') {
    if (state.status !== 'active' || state.noticesDone.includes(kind)) return;
    const next: FilingState = { ...state, noticesDone: [...state.noticesDone, kind], version: state.version + 1 };
    if (kind === 'expired') next.status = 'expired';
    await persist(
      next,
      kind === 'expired' ? 'expired' : 'notice_expiring_soon',
      systemActor(state.jurisdiction),
      kind === 'expired' ? `临时外出就医备案有效期6个月已届满（000 §30）` : undefined,
      kind,
    );
  }

  /** The counter clerks of the county are told the working day before the limit (no one carries an online filing yet). */
  function reviewersReminder(d: StatutoryDeadline): NotifyInput {
    return {
      sourceKey: `${state.filingId}:reminder:${d.dueDate}`,
      caseId: state.filingId,
      kind: 'deadline_reminder',
      to: { role: 'window_clerk', jurisdiction: state.jurisdiction },
      message: `${label()}须于 ${d.dueDate} 前审核办结（000 §29：2个工作日）。`,
    };
  }

  function breachNotice(d: StatutoryDeadline): NotifyInput {
    return {
      sourceKey: `${state.filingId}:breach:${d.dueDate}`,
      caseId: state.filingId,
      kind: 'deadline_breached',
      to: { role: 'supervisor', jurisdiction: state.jurisdiction, alsoUsers: [] },
      message: `${label()}已超过办结时限（${d.dueDate}）。`,
    };
  }

  /** Runs started before 'remote-care-deadline-watcher' only (the watcher does this for later ones). */
  async function fireDeadline(kind: 'reminder' | 'breach') {
    const d = state.deadline;
    const due = nextDeadlineTimer(d, state.remindedAt, state.breachedAt);
    if (!d || state.status !== 'under_review' || due?.kind !== kind || due.atMs > Date.now()) return;
    const system = systemActor(state.jurisdiction);
    if (kind === 'reminder') {
      await persist({ ...state, remindedAt: new Date(Date.now()).toISOString(), version: state.version + 1 }, 'deadline_reminder', system);
      await notify(reviewersReminder(d));
    } else {
      await persist(
        { ...state, breachedAt: new Date(d.dueAtMs).toISOString(), version: state.version + 1 },
        'deadline_breached',
        system,
        `线上备案超过2个工作日未办结（${d.dueDate} 届满，000 §29）`,
      );
      await notify(breachNotice(d));
    }
  }

  /** Runs started before 'remote-care-deadline-watcher' only. */
  async function recomputeDeadline() {
    const d = state.deadline;
    if (!d || state.status !== 'under_review') return;
    const fresh = await computeDeadline({ receivedOn: d.receivedOn, workingDays: d.workingDays });
    if (fresh.dueAtMs === d.dueAtMs && fresh.provisional === d.provisional) return;
    const breachedAt = state.breachedAt && fresh.dueAtMs > Date.now() ? null : state.breachedAt;
    await persist(
      {
        ...state,
        deadline: fresh,
        breachedAt,
        remindedAt: fresh.dueDate !== d.dueDate ? null : state.remindedAt,
        version: state.version + 1,
      },
      'deadline_recomputed',
      systemActor(state.jurisdiction),
      '节假日安排已更正，重新计算时限',
    );
  }
}

/** The validity of an online filing approved today (000 §30; 002 §9), or the refusal (no rule set in force). */
function validityOrRefusal(state: FilingState, today: string): Validity {
  try {
    return filingValidity(ruleSetOn(state.insuredPlace, today), state.type, today, state.validityFacts);
  } catch (e) {
    if (e instanceof DomainError) refuse(e);
    throw e;
  }
}
