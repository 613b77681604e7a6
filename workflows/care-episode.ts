/**
 * A family-bed (家庭病床, 000 §6–§12) or geriatric-ward (老年病区, 000 §13–§14) episode, from the
 * institution's application to settlement after closing. One workflow per episode, keyed by kind,
 * person and application number.
 *
 * The agency reviews within a policy time limit in working days (the regulation sets none), with a
 * reminder and an escalated breach like service cases. The expert panel reviews first when the
 * opening would be the third of the insurance year, for a transfer between a bed and a ward, or when
 * only the panel can qualify the patient. Opening claims the person's single occupancy row, so the
 * database refuses a second open bed; a transfer hands the occupancy over and closes the old episode
 * the day before the new one opens (DOMAIN §11).
 */
import {
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  defineUpdate,
  getExternalWorkflowHandle,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { decide, decisionSerialiser, decisionsSettled, persistEvent, usesOneRecordEvent, withDelivery } from './decision-path';
import type { DecisionDelivery, RecordEffect, EarlyAnswer } from './decision-path';
import { deadlineWatcher, notificationEffects } from './deadline-watcher';
import type { Occupancy } from '../activities/care-episode';
import { invalidRequest, refuse } from './refuse';
import type * as activities from '../activities';
import { deductibleTreatment, needsPanelForOpening, transferOpeningDate, type ClosingGround } from '../domain/care-episode';
import {
  type EpisodeCommand,
  type EpisodeFacts,
  type EpisodeOpening,
  type EpisodeState,
  applyEpisodeCommand,
  checkEpisodeAction,
  eligibilityOf,
  episodeCommandSchema,
} from '../domain/care-process';
import { shanghaiDate } from '../domain/dates';
import { type Actor, systemActor } from '../domain/people';

export type CareEpisodeInput = Omit<EpisodeOpening, 'panelReasons' | 'eligibility' | 'deductible'> & {
  /** set when the workflow continues as new: the state carried over */
  resume?: EpisodeState;
};

export const episodeOpenedUpdate = defineUpdate<EpisodeState>('episodeOpened');
export const episodeActUpdate = defineUpdate<EpisodeState, [EpisodeCommand]>('episodeAct');
const actWithDelivery = withDelivery(episodeActUpdate); // the API's form (see decide)
/** Sent by the episode a transfer opens: close this one on `closedOn` (000 §10). */
export const transferOutSignal = defineSignal<[{ closedOn: string; to: string; ground: ClosingGround; by: Actor }]>('transferOut');
export const episodeCalendarChangedSignal = defineSignal('calendarChanged');
export const episodeStateQuery = defineQuery<EpisodeState>('episodeState');

const { recordEpisodeEvent, priorFamilyBedOpenings, reviewDeadline } = proxyActivities<activities.Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

const PANEL_THIRD_OPENING = '本保险年度已建床2次，再次建床须经专家组会审（000 §10）';
const PANEL_TRANSFER = '家庭病床与老年病区之间转换须经专家组会审（000 §10）';
const PANEL_QUALIFIER = '“其他经专家组评估”的情形须经专家组会审（000 §13）';

export async function careEpisode(input: CareEpisodeInput): Promise<EpisodeState> {
  // Set by the first recorded event (or the carried-over state); handlers are registered before it.
  let state = undefined as unknown as EpisodeState;
  let persisted = -1;
  const oneRecord = usesOneRecordEvent();
  const decisions = decisionSerialiser(!oneRecord && 'condition-lock'); // one decision, timer or signal at a time
  let calendarChanges = 0;

  const today = () => shanghaiDate(Date.now());
  /** Records `next` with its audit event and occupancy change in one transaction; a taken occupancy writes nothing. */
  const persist = async (
    next: EpisodeState,
    action: string,
    actor: Actor,
    reason?: string,
    occupancy?: Occupancy,
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
      before: next.version === 1 ? null : state,
    };
    const result = oneRecord
      ? await persistEvent(
          {
            process: 'care_episode',
            state: next,
            event,
            effects: [...(occupancy ? [{ kind: 'occupancy' as const, occupancy }] : []), ...effects],
          },
          {
            answer,
            decided: () => {
              state = next; // decided: the next decision is validated against it
            },
          },
        )
      : await recordEpisodeEvent({ state: next, occupancy, event });
    if (!result.ok) return result;
    state = next;
    persisted = next.version;
    return result;
  };

  setHandler(episodeStateQuery, () => state);
  setHandler(episodeOpenedUpdate, async () => {
    await condition(() => persisted >= 1);
    return state;
  });
  setHandler(
    actWithDelivery,
    (raw: EpisodeCommand, delivery?: DecisionDelivery) =>
      decide(decisions, delivery, async (answer) => {
        const cmd = episodeCommandSchema.parse(raw);
        await condition(() => persisted >= 1);
        refuse(checkEpisodeAction(state, cmd, today())); // its turn may come after another decision changed the episode
        const facts: EpisodeFacts = { today: today(), at: new Date(Date.now()).toISOString() };
        if (cmd.action === 'panel_decision' && cmd.approved)
          facts.eligibilityWithPanel = eligibilityOf(state.application, state.applicationDate, true);
        if (cmd.action === 'approve') {
          facts.openedOn = state.transferFrom ? transferOpeningDate(facts.today) : facts.today;
          if (state.application.kind === 'family_bed' && !state.panelDecision?.approved) {
            // Counted again on the opening date: it may fall in another year than the application (DOMAIN §11).
            const prior = await priorFamilyBedOpenings({ personKey: state.personKey, exclude: state.episodeId });
            if (needsPanelForOpening(prior, facts.openedOn)) {
              refuse({
                code: 'PANEL_REVIEW_REQUIRED',
                message: `${PANEL_THIRD_OPENING}；请先提请会审`,
                facts: { openedThisYear: prior.filter((d) => d.slice(0, 4) === facts.openedOn!.slice(0, 4)) },
              });
            }
          }
        }
        const occupancy: Occupancy | undefined =
          cmd.action === 'approve'
            ? state.transferFrom
              ? { op: 'transfer', from: state.transferFrom }
              : { op: 'claim' }
            : cmd.action === 'settle'
              ? { op: 'release' }
              : undefined;
        const recorded = await persist(applyEpisodeCommand(state, cmd, facts), cmd.action, cmd.actor, cmd.reason, occupancy, [], answer);
        if (!recorded.ok) {
          refuse({
            code: 'PERSON_HAS_OPEN_BED',
            message: `该参保人已有未撤床或未结算的家庭病床/老年病区（${recorded.occupiedBy}），不能再建床`,
            facts: { occupiedBy: recorded.occupiedBy },
          });
        }
        if (cmd.action === 'approve' && state.transferFrom) {
          const ground: ClosingGround = state.application.kind === 'geriatric_ward' ? 'transfer_to_hospital' : 'stable';
          await getExternalWorkflowHandle(state.transferFrom).signal(transferOutSignal, {
            closedOn: facts.today,
            to: state.episodeId,
            ground,
            by: cmd.actor,
          });
        }
        return state;
      }),
    {
      validator: (raw: EpisodeCommand, _delivery?: DecisionDelivery) => {
        const parsed = episodeCommandSchema.safeParse(raw);
        if (!parsed.success) invalidRequest(parsed.error.issues);
        if (state) refuse(checkEpisodeAction(state, parsed.data, today())); // else checked in the handler once recorded
      },
    },
  );
  setHandler(
    transferOutSignal,
    (t) =>
      void decisions.run(async () => {
        await condition(() => persisted >= 1);
        if (state.status !== 'opened') return; // already closed: nothing to hand over
        const next: EpisodeState = {
          ...state,
          version: state.version + 1,
          status: 'closed',
          closedOn: t.closedOn,
          transferTo: t.to,
          closing: {
            ground: t.ground,
            certificateNo: `转换至 ${t.to}`,
            signedClosingRecord: false,
            by: t.by.username,
            reason: '经专家组会审转换',
          },
        };
        await persist(next, 'transfer_out', t.by, `转入 ${t.to}`);
      }),
  );
  setHandler(episodeCalendarChangedSignal, () => {
    calendarChanges++;
  });

  if (input.resume) {
    state = input.resume;
    persisted = state.version;
  } else {
    const { resume: _, ...opening } = input;
    const app = opening.application;
    const prior =
      app.kind === 'family_bed' ? await priorFamilyBedOpenings({ personKey: opening.personKey, exclude: opening.episodeId }) : [];
    const panelReasons = [
      ...(app.kind === 'family_bed' && needsPanelForOpening(prior, opening.applicationDate) ? [PANEL_THIRD_OPENING] : []),
      ...(opening.transferFrom ? [PANEL_TRANSFER] : []),
      ...(app.kind === 'geriatric_ward' && app.data.qualifier === 'expert_panel_approved' ? [PANEL_QUALIFIER] : []),
    ];
    const first: EpisodeState = {
      ...opening,
      panelReasons,
      eligibility: eligibilityOf(app, opening.applicationDate, false),
      deductible: app.kind === 'family_bed' ? deductibleTreatment(app.data.referral) : 'standard',
      status: panelReasons.length ? 'panel_review' : 'under_review',
      panelDecision: null,
      openedOn: null,
      closedOn: null,
      closing: null,
      transferTo: null,
      settledAt: null,
      reviewDeadline: await reviewDeadline({ receivedOn: opening.applicationDate }),
      remindedAt: null,
      breachedAt: null,
      rejectionReason: null,
      version: 1,
    };
    state = first; // the "before" of the first event is nothing
    await persist(first, 'applied', opening.createdBy);
  }

  const reviewing = () => state.status === 'under_review' || state.status === 'panel_review';
  const label = () => (state.application.kind === 'family_bed' ? '家庭病床' : '老年病区');
  // The agency's review limit (a policy in working days), watched while the application is reviewed.
  const watcher = deadlineWatcher({
    watched: () => (reviewing() ? { deadline: state.reviewDeadline, remindedAt: state.remindedAt, breachedAt: state.breachedAt } : null),
    recordCarriesEffects: oneRecord,
    record: (w, event, d, notification) => {
      const [action, reason] = (
        {
          reminder: ['review_reminder', undefined],
          breach: ['review_breached', `超过审核时限（${d.workingDays}个工作日，${d.dueDate} 届满）`],
          recomputed: ['deadline_recomputed', '节假日安排已更正，重新计算审核时限'],
        } as const
      )[event];
      const next = { ...state, reviewDeadline: w.deadline, remindedAt: w.remindedAt, breachedAt: w.breachedAt, version: state.version + 1 };
      return persist(next, action, systemActor(state.jurisdiction), reason, undefined, notificationEffects(notification)).then(
        () => undefined,
      );
    },
    reminder: (d) => ({
      sourceKey: `${state.episodeId}:review-reminder:${d.dueDate}`,
      caseId: state.episodeId,
      kind: 'deadline_reminder',
      to: { role: 'reviewer', jurisdiction: state.jurisdiction },
      message: `${label()}申请 ${state.applicationNo} 的审核时限将于 ${d.dueDate} 届满，请及时审核。`,
    }),
    breach: (d) => ({
      sourceKey: `${state.episodeId}:review-breach:${d.dueDate}`,
      caseId: state.episodeId,
      kind: 'deadline_breached',
      to: { role: 'supervisor', jurisdiction: state.jurisdiction },
      message: `${label()}申请 ${state.applicationNo} 已超过审核时限（${d.dueDate} 届满），请督办。`,
    }),
  });
  const finished = () => state.status === 'settled' || state.status === 'rejected' || state.status === 'withdrawn';
  let seenCalendarChanges = calendarChanges;
  while (!finished()) {
    const timer = watcher.next();
    const status = state.status;
    const version = state.version;
    const woke = await condition(
      () => state.status !== status || state.version !== version || calendarChanges !== seenCalendarChanges,
      timer ? Math.max(timer.atMs - Date.now(), 1) : undefined,
    );
    if (!woke && timer) await decisions.run(() => watcher.fire(timer.kind));
    if (calendarChanges !== seenCalendarChanges) {
      seenCalendarChanges = calendarChanges;
      if (reviewing())
        await decisions.run(() => watcher.recompute((d) => reviewDeadline({ receivedOn: d.receivedOn, workingDays: d.workingDays })));
    }
    if (workflowInfo().continueAsNewSuggested && !decisions.busy) {
      await condition(decisionsSettled(decisions));
      await continueAsNew<typeof careEpisode>({ ...input, resume: state });
    }
  }
  await condition(decisionsSettled(decisions));
  return state;
}
