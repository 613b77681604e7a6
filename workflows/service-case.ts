/**
 * The generic service case (政务服务事项办件) of the 39-item catalogue (document 004; DOMAIN §9).
 *
 * One workflow per case, keyed by item code and application number. The case moves through its
 * item's step chain (受理 → 审核 → 拨付 → 办结, or the subset the item has) by clerk Updates whose
 * validators refuse a wrong step, role, jurisdiction or a missing reason before anything changes.
 * From acceptance the statutory time limit runs as a durable timer in working days: the assignee is
 * reminded the working day before, and at the deadline the breach is recorded and escalated to the
 * supervisors of the case's jurisdiction. Every change is written to the read model and audit log
 * by an activity, in order, exactly once per event sequence number.
 */
import {
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  defineUpdate,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { inForce } from './patches';
import {
  type DecisionDelivery,
  type RecordEffect,
  type EarlyAnswer,
  deadlineCounts,
  decide,
  decisionSerialiser,
  decisionsSettled,
  openingRecord,
  persistEvent,
  usesLocalRecordEvent,
  usesOneRecordEvent,
  withDelivery,
} from './decision-path';
import { deadlineWatcher, notificationEffects } from './deadline-watcher';
import { invalidRequest, refuse } from './refuse';
import type * as activities from '../activities';
import { shanghaiDate } from '../domain/dates';
import { systemActor, type Actor } from '../domain/people';
import {
  type CaseCommand,
  type CaseOpening,
  type ServiceCaseState,
  applyAction,
  caseCommandSchema,
  checkAction,
  clockStartsOnReceipt,
  completeOnCreation,
  completesOnCreation,
  initialState,
  limitStartingWith,
  refuseOnCreation,
  reminderRecipients,
  workingDayLimit,
} from '../domain/service-case';

export interface ServiceCaseInput extends CaseOpening {
  /** set when the workflow continues as new: the state carried over */
  resume?: ServiceCaseState;
}

/** Returns the case once its creation is recorded in the read model (the API calls it after start). */
export const openedUpdate = defineUpdate<ServiceCaseState>('opened');
/** A clerk's decision; refused by the validator (nothing changes) when the case does not allow it. Answers the case once recorded. */
export const actUpdate = defineUpdate<ServiceCaseState, [CaseCommand]>('act');
const actWithDelivery = withDelivery(actUpdate); // the API's form (see decide)
/** The holiday calendar of a year was corrected: recompute the deadline. */
export const calendarChangedSignal = defineSignal('calendarChanged');
export const caseStateQuery = defineQuery<ServiceCaseState>('caseState');

/** Runs before the local deadline count ('deadline-count-local', see decision-path) count with these. */
const scheduled = proxyActivities<activities.Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
/** The deadline count is a read of the calendar: a local activity in runs with the local record-event (see decision-path). */
const local = proxyLocalActivities<activities.Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export async function serviceCase(input: ServiceCaseInput): Promise<ServiceCaseState> {
  const opening = input.resume ? null : openingRecord();
  let state: ServiceCaseState = input.resume ?? initialState(input, opening!.atMs);
  let persisted = input.resume ? state.version : -1;
  const oneRecord = usesOneRecordEvent();
  const decisions = decisionSerialiser(!oneRecord && 'none'); // one decision, timer or signal at a time
  let calendarChanges = 0;
  const settled = decisionsSettled(decisions);

  /** Records `next` with its audit event, then makes it the state. */
  const persist = async (
    next: ServiceCaseState,
    action: string,
    actor: Actor,
    reason?: string,
    note?: string,
    effects: RecordEffect[] = [],
    opts: {
      /** the opening recorded locally, at the run's start (see openingRecord) */
      openingAt?: number;
      /** the decision's caller records it: answered with the record before it is recorded (see decide) */
      answer?: EarlyAnswer;
    } = {},
  ) => {
    const { openingAt, answer } = opts;
    const event = {
      seq: next.version,
      at: new Date(openingAt ?? Date.now()).toISOString(),
      actor,
      action,
      reason,
      note,
      before: persisted < 0 ? null : state,
    };
    if (oneRecord) {
      await persistEvent(
        { process: 'service_case', state: next, event, effects },
        {
          local: openingAt !== undefined,
          answer,
          decided: () => {
            state = next; // decided: the next decision is validated against it
          },
        },
      );
      state = next;
    } else {
      state = next; // runs before the patch showed the state before it was recorded (their histories say so)
      await scheduled.recordCaseEvent({ state: next, event });
    }
    persisted = next.version;
  };

  setHandler(caseStateQuery, () => state);
  setHandler(openedUpdate, async () => {
    await condition(() => persisted >= 0);
    return state;
  });
  setHandler(
    actWithDelivery,
    (raw: CaseCommand, delivery?: DecisionDelivery) => {
      // Parsed before the decision's turn (a pure step, no command): the turn holds only what needs the state.
      const cmd = caseCommandSchema.parse(raw);
      return decide(decisions, delivery, async (answer) => {
        // A decision waits until the case's own opening is recorded (an online case's deadline is computed first).
        await condition(() => persisted >= 0);
        refuse(checkAction(state, cmd)); // its turn may come after another decision changed the case
        // The deadline runs from the day of receipt (DOMAIN §11); it needs the calendar, so an activity.
        const days = limitStartingWith(state, cmd);
        const paused = cmd.action === 'resubmit' ? state.correction : null;
        const today = shanghaiDate(Date.now());
        const deadline =
          days !== null
            ? await (usesLocalRecordEvent() ? local : deadlineCounts()).computeDeadline({
                receivedOn: today,
                workingDays: days,
              })
            : paused?.pausedDeadline
              ? await deadlineCounts().computeResumedDeadline({
                  paused: paused.pausedDeadline,
                  pausedOn: paused.requestedOn,
                  resumedOn: today,
                })
              : null;
        // Checked again (runs before the patch were not serialised): another Update may have changed the case meanwhile.
        refuse(checkAction(state, cmd));
        let next = applyAction(state, cmd, Date.now());
        if (deadline && next.status === 'open') next = { ...next, deadline };
        await persist(next, cmd.action, cmd.actor, cmd.reason, cmd.note, [], { answer });
        return state;
      });
    },
    {
      validator: (raw: CaseCommand, _delivery?: DecisionDelivery) => {
        const parsed = caseCommandSchema.safeParse(raw);
        if (!parsed.success) invalidRequest(parsed.error.issues);
        refuse(checkAction(state, parsed.data));
      },
    },
  );
  setHandler(calendarChangedSignal, () => {
    calendarChanges++;
  });

  if (opening) {
    await decisions.run(async () => {
      const refusal = input.counterRefusal;
      let opened: ServiceCaseState;
      if (refusal) opened = refuseOnCreation(state, refusal, opening.atMs);
      else if (completesOnCreation(state.item, state.channel, state.createdBy)) opened = completeOnCreation(state, opening.atMs);
      else opened = { ...state, version: state.version + 1 };
      let counted = false;
      if (opened.status === 'open' && clockStartsOnReceipt(opened) && inForce('online-clock-from-receipt')) {
        // Online: the limit runs from the day of receipt, accepted or not (000 §29; DOMAIN §11).
        const workingDays = workingDayLimit(opened.item)!;
        opened = { ...opened, deadline: await deadlineCounts().computeDeadline({ receivedOn: shanghaiDate(Date.now()), workingDays }) };
        counted = true;
      }
      const action = refusal ? 'refused_on_creation' : opened.status === 'completed' ? 'completed_on_creation' : 'applied';
      const local = opening.local && !counted; // an opening that waited for a count is not a pure function of the input
      await persist(opened, action, opened.createdBy, refusal?.reason, refusal?.note, [], { openingAt: local ? opening.atMs : undefined });
    });
  }

  // The statutory limit (004; DOMAIN §11), watched while the case is open.
  const watcher = deadlineWatcher({
    watched: () => (state.status === 'open' ? state : null),
    recordCarriesEffects: oneRecord,
    record: (w, event, d, notification) => {
      const [action, reason] = (
        {
          reminder: ['deadline_reminder', undefined],
          breach: ['deadline_breached', `超过法定办理时限（${d.workingDays}个工作日，${d.dueDate} 届满）`],
          recomputed: ['deadline_recomputed', '节假日安排已更正，重新计算办理时限'],
        } as const
      )[event];
      const next = { ...state, ...w, version: state.version + 1 };
      return persist(next, action, systemActor(state.jurisdiction), reason, undefined, notificationEffects(notification));
    },
    reminder: (d) => ({
      sourceKey: `${state.caseId}:reminder:${d.dueDate}`,
      caseId: state.caseId,
      kind: 'deadline_reminder',
      to: reminderRecipients(state),
      message: `案件 ${state.applicationNo}（${state.item.name}）办理时限将于 ${d.dueDate} 届满，请及时办结。`,
    }),
    breach: (d) => ({
      sourceKey: `${state.caseId}:breach:${d.dueDate}`,
      caseId: state.caseId,
      kind: 'deadline_breached',
      to: { role: 'supervisor', jurisdiction: state.jurisdiction, alsoUsers: state.assignee ? [state.assignee] : [] },
      message: `案件 ${state.applicationNo}（${state.item.name}）已超过法定办理时限（${d.dueDate} 届满），请督办。`,
    }),
  });

  let seenCalendarChanges = calendarChanges;
  while (state.status === 'open') {
    const timer = watcher.next();
    const dueAt = state.deadline?.dueAtMs;
    const woke = await condition(
      () => state.status !== 'open' || calendarChanges !== seenCalendarChanges || state.deadline?.dueAtMs !== dueAt,
      timer ? Math.max(timer.atMs - Date.now(), 1) : undefined,
    );
    if (!woke && timer) await decisions.run(() => watcher.fire(timer.kind));
    if (calendarChanges !== seenCalendarChanges) {
      seenCalendarChanges = calendarChanges;
      await decisions.run(() =>
        watcher.recompute((d) => deadlineCounts().computeDeadline({ receivedOn: d.receivedOn, workingDays: d.workingDays })),
      );
    }
    if (workflowInfo().continueAsNewSuggested && state.status === 'open') {
      await condition(settled);
      await continueAsNew<typeof serviceCase>({ ...input, resume: state });
    }
  }
  await condition(settled);
  return state;
}
