/**
 * One manual reimbursement claim (零星报销, 000 §23–§25; 001 §13–§15; items 27, 28, 35), accepted at
 * the counter and decided step by step through the decision path: 审核 (per line) → 拨付 → 办结 for
 * basic insurance, 初审 → 复审 → 核准 → 拨付 → 办结 for assistance (four different signers, the payment
 * posted to the fund's books in the same transaction). The 30 working days from acceptance (004)
 * are watched by the shared deadline watcher: a reminder the working day before, a breach escalated
 * to the county's supervisors.
 */
import { condition, defineQuery, defineSignal, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';
import type * as activities from '../activities';
import { shanghaiDate } from '../domain/dates';
import { type Actor, systemActor } from '../domain/people';
import {
  CLAIM_WORKING_DAYS,
  type ClaimCommand,
  type ClaimFacts,
  type ClaimState,
  applyClaimCommand,
  checkClaimAction,
  claimCommandSchema,
  claimKindNames,
} from '../domain/reimbursement';
import type { DecisionDelivery, RecordEffect, EarlyAnswer } from './decision-path';
import { decide, decisionSerialiser, decisionsSettled, persistEvent, withDelivery } from './decision-path';
import { deadlineWatcher, notificationEffects } from './deadline-watcher';
import { invalidRequest, refuse } from './refuse';

export interface ReimbursementClaimInput {
  state: ClaimState;
}

export const claimOpenedUpdate = defineUpdate<ClaimState>('claimOpened');
export const claimActUpdate = defineUpdate<ClaimState, [ClaimCommand]>('claimAct');
const actWithDelivery = withDelivery(claimActUpdate); // the API's form (see decide)
export const claimStateQuery = defineQuery<ClaimState>('claimState');
export const claimCalendarChangedSignal = defineSignal('calendarChanged');

const { computeDeadline, verificationStanding } = proxyActivities<activities.Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export async function reimbursementClaim(input: ReimbursementClaimInput): Promise<ClaimState> {
  let state = input.state;
  let persisted = 0;
  const decisions = decisionSerialiser();
  let calendarChanges = 0;

  const persist = async (
    next: ClaimState,
    action: string,
    actor: Actor,
    reason?: string,
    note?: string,
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
      note,
      before: persisted === 0 ? null : state,
    };
    const outcome = await persistEvent(
      { process: 'reimbursement', state: next, event, effects },
      {
        answer,
        decided: () => {
          state = next; // decided: the next decision is validated against it
        },
      },
    );
    // The payment's journal entry, as the read model shows it.
    state = outcome.ok && outcome.entryId && next.payment ? { ...next, payment: { ...next.payment, entryId: outcome.entryId } } : next;
    persisted = next.version;
  };

  setHandler(claimStateQuery, () => state);
  setHandler(claimOpenedUpdate, async () => {
    await condition(() => persisted >= 1);
    return state;
  });
  setHandler(claimCalendarChangedSignal, () => {
    calendarChanges++;
  });
  setHandler(
    actWithDelivery,
    (raw: ClaimCommand, delivery?: DecisionDelivery) =>
      decide(decisions, delivery, async (answer) => {
        await condition(() => persisted >= 1);
        const cmd = claimCommandSchema.parse(raw);
        refuse(checkClaimAction(state, cmd)); // its turn may come after another decision changed the claim
        const now = Date.now();
        const facts: ClaimFacts = { today: shanghaiDate(now), at: new Date(now).toISOString() };
        if (cmd.action === 'disburse' && state.admission) {
          // 000 §4–§5: an injury admission needs its registration; a fraud referral locks payment
          const a = state.admission;
          facts.verification = await verificationStanding({
            verificationId: a.verificationId,
            personKey: state.personKey,
            institutionCode: a.institutionCode,
            admittedOn: a.admittedOn,
          });
          refuse(checkClaimAction(state, cmd, facts));
        }
        const next = applyClaimCommand(state, cmd, facts);
        const effects: RecordEffect[] =
          cmd.action === 'disburse' && state.kind === 'assistance'
            ? [{ kind: 'assistance_payment', postedBy: cmd.actor.username }]
            : cmd.action === 'reject'
              ? [{ kind: 'release_invoices' }]
              : [];
        await persist(
          next,
          cmd.action,
          cmd.actor,
          cmd.action === 'reject' ? cmd.reason : undefined,
          'note' in cmd ? cmd.note : undefined,
          effects,
          answer,
        );
        return state;
      }),
    {
      validator: (raw: ClaimCommand, _delivery?: DecisionDelivery) => {
        const parsed = claimCommandSchema.safeParse(raw);
        if (!parsed.success) invalidRequest(parsed.error.issues);
        if (persisted >= 1) refuse(checkClaimAction(state, parsed.data));
      },
    },
  );

  // 004 items 27, 28, 35: 30 working days from acceptance (DOMAIN §11: the day itself does not count)
  const deadline = await computeDeadline({ receivedOn: state.acceptedOn, workingDays: CLAIM_WORKING_DAYS });
  await decisions.run(() => persist({ ...state, deadline, version: 1 }, 'accepted', state.createdBy));

  const label = () => `${state.person.name}的${claimKindNames[state.kind]}（${state.claimNo}）`;
  const watcher = deadlineWatcher({
    watched: () => (state.status === 'open' ? state : null),
    record: (w, event, d, notification) => {
      const [action, reason] = (
        {
          reminder: ['deadline_reminder', undefined],
          breach: ['deadline_breached', `超过法定办理时限（${d.workingDays}个工作日，${d.dueDate} 届满，004）`],
          recomputed: ['deadline_recomputed', '节假日安排已更正，重新计算办理时限'],
        } as const
      )[event];
      const next = { ...state, ...w, version: state.version + 1 };
      return persist(next, action, systemActor(state.jurisdiction), reason, undefined, notificationEffects(notification));
    },
    reminder: (d) => ({
      sourceKey: `${state.claimId}:reminder:${d.dueDate}`,
      caseId: state.claimId,
      kind: 'deadline_reminder',
      to: {
        role:
          state.pendingStep === 'disburse'
            ? 'finance'
            : state.pendingStep === 'approve' || state.pendingStep === 'complete'
              ? 'approver'
              : 'reviewer',
        jurisdiction: state.jurisdiction,
      },
      message: `${label()}办理时限将于 ${d.dueDate} 届满，请及时办结。`,
    }),
    breach: (d) => ({
      sourceKey: `${state.claimId}:breach:${d.dueDate}`,
      caseId: state.claimId,
      kind: 'deadline_breached',
      to: { role: 'supervisor', jurisdiction: state.jurisdiction, alsoUsers: [] },
      message: `${label()}已超过法定办理时限（${d.dueDate} 届满），请督办。`,
    }),
  });

  let seenCalendarChanges = calendarChanges;
  while (state.status === 'open') {
    const timer = watcher.next();
    const version = state.version;
    const woke = await condition(
      () => state.version !== version || calendarChanges !== seenCalendarChanges,
      timer ? Math.max(timer.atMs - Date.now(), 1) : undefined,
    );
    if (!woke && timer) await decisions.run(() => watcher.fire(timer.kind));
    if (calendarChanges !== seenCalendarChanges) {
      seenCalendarChanges = calendarChanges;
      await decisions.run(() => watcher.recompute((d) => computeDeadline({ receivedOn: d.receivedOn, workingDays: d.workingDays })));
    }
  }
  await condition(decisionsSettled(decisions));
  return state;
}
