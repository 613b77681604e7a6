/**
 * An outpatient special-disease certification (门诊特定病种, 000 §15–§18) across its periods and
 * years. One long-lived workflow per person and disease; it continues as new at each renewal, so a
 * history never holds more than one period.
 *
 * With last valid day E (DOMAIN §11): renewal is accepted on time E−29..E and late E+1..E+30, and
 * always starts the next period on E+1; from E+31 the certification has lapsed. The insured person
 * is told before the window opens, when it opens, shortly before E, on E+1 and on E+31 (offsets are a
 * policy; a change reaches running workflows by signal). Nothing is sent after a renewal, a
 * termination, or during a suspension. Each notice is written to the outbox with the change that
 * causes it and delivered by its own workflow.
 */
import {
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  defineUpdate,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { inForce } from './patches';
import type * as activities from '../activities';
import {
  type CertificationCommand,
  type CertificationFacts,
  type CertificationState,
  applyCertificationCommand,
  certificationCommandSchema,
  checkCertificationAction,
  checkCertificationRequest,
} from '../domain/certification';
import { shanghaiDate } from '../domain/dates';
import { DomainError } from '../domain/errors';
import { type Actor, systemActor } from '../domain/people';
import { type NoticeKind, noticeInstant, noticeSchedule, noticeSendAt, noticeWindowStart, renew } from '../domain/special-disease';
import { startNoticeDelivery } from './notice-delivery';
import {
  type DecisionDelivery,
  NOTICE_DELIVERY_FROM_RECORD_PATCH,
  type EarlyAnswer,
  decide,
  decisionSerialiser,
  decisionsSettled,
  openingRecord,
  persistEvent,
  usesOneRecordEvent,
  withDelivery,
} from './decision-path';
import { invalidRequest, refuse } from './refuse';

export interface CertificationInput {
  state: CertificationState;
  /** false when continuing as new after a renewal: the renewal event is already recorded */
  recordCreation: boolean;
}

export const certificationOpenedUpdate = defineUpdate<CertificationState>('certificationOpened');
export const certificationActUpdate = defineUpdate<CertificationState, [CertificationCommand]>('certificationAct');
const actWithDelivery = withDelivery(certificationActUpdate); // the API's form (see decide)
/** The notice offsets policy changed: re-read it and re-plan the remaining notices of this period. */
export const noticeOffsetsChangedSignal = defineSignal('noticeOffsetsChanged');
export const certificationStateQuery = defineQuery<CertificationState>('certificationState');

/**
 * Each notice at its own moment of the send window (issue 19) instead of 09:00 sharp: the timer's
 * length changes, and the marker makes the choice replay-stable for runs started before.
 */
export const NOTICE_SPREAD_PATCH = 'notice-spread';

/**
 * A period is planned as of the workflow's start (the certification made), not of its first
 * workflow task: at a month-end peak that task can wait in the queue past a send window that had not
 * opened when the certification was made, and the notice was then skipped (a 20,000-certification
 * bench lost 36 window-open notices so). A renewal's run continues the same chain; the notices of
 * its new period lie months ahead, so nothing of it is past either way. Re-plans on a policy change
 * still count from the change.
 */
export const NOTICE_PLAN_AT_START_PATCH = 'notice-plan-at-start';

/** The business key that places a notice in the send window (the same as its outbox source key's parts). */
export const noticeSpreadKey = (s: CertificationState, kind: NoticeKind) =>
  `${s.certificationId}:${s.earlier?.length ? `${s.earlier.length}:` : ''}${s.period.end}:${kind}`;

const { recordCertificationEvent, noticeOffsets } = proxyActivities<activities.Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export async function specialDiseaseCertification(input: CertificationInput): Promise<CertificationState> {
  let state = input.state;
  let persisted = input.recordCreation ? 0 : state.version;
  const oneRecord = usesOneRecordEvent();
  const decisions = decisionSerialiser(!oneRecord && 'condition-lock'); // one decision, timer or signal at a time
  let offsetsChanged = 0;
  let renewed: CertificationState | null = null;
  const today = () => shanghaiDate(Date.now());

  /** Records `next` with its audit event and the notice it causes (the outbox) in one transaction, then delivers it. */
  const persist = async (
    next: CertificationState,
    action: string,
    actor: Actor,
    reason?: string,
    notice?: NoticeKind,
    /** the creation recorded locally, at the run's start (see openingRecord) */
    openingAt?: number,
    /** the decision's caller records it: answered with the record before it is recorded (see decide) */
    answer?: EarlyAnswer,
  ) => {
    const event = {
      seq: next.version,
      at: new Date(openingAt ?? Date.now()).toISOString(),
      actor,
      action,
      reason,
      before: persisted === 0 ? null : state,
    };
    let written: { noticeId: string; channels: string[] } | null | undefined;
    if (oneRecord) {
      const fromRecord = notice !== undefined && inForce(NOTICE_DELIVERY_FROM_RECORD_PATCH);
      const outcome = await persistEvent(
        { process: 'special_disease', state: next, event, effects: notice ? [{ kind: 'notice', notice }] : [], deliverNotice: fromRecord },
        {
          local: openingAt !== undefined,
          answer,
          decided: () => {
            state = next; // decided: the next decision is validated against it
          },
        },
      );
      written = outcome.ok && !fromRecord ? outcome.notice : null; // delivered by the record-event, or by a child here
    } else {
      written = (await recordCertificationEvent({ state: next, notice, event })).notice;
    }
    state = next;
    persisted = next.version;
    await startNoticeDelivery(written);
  };

  setHandler(certificationStateQuery, () => state);
  setHandler(certificationOpenedUpdate, async () => {
    await condition(() => persisted >= 1);
    return state;
  });
  setHandler(noticeOffsetsChangedSignal, () => {
    offsetsChanged++;
  });
  setHandler(
    actWithDelivery,
    (raw: CertificationCommand, delivery?: DecisionDelivery) =>
      decide(decisions, delivery, async (answer) => {
        await condition(() => persisted >= 1);
        const cmd = certificationCommandSchema.parse(raw);
        refuse(checkCertificationAction(state, cmd)); // its turn may come after another decision changed the certification
        const facts: CertificationFacts = { today: today() };
        let timing: 'on_time' | 'late' | undefined;
        if (cmd.action === 'renew') {
          const renewal = renewalOrRefusal(state.period.end, facts.today, state.periodMonths);
          facts.renewal = renewal;
          timing = renewal.timing;
        }
        await persist(
          applyCertificationCommand(state, cmd, facts),
          timing === 'late' ? 'renew_late' : cmd.action,
          cmd.actor,
          cmd.action === 'renew' ? (cmd.reason ?? `续期至 ${facts.renewal!.period.end}`) : cmd.reason,
          undefined,
          undefined,
          answer,
        );
        if (cmd.action === 'renew') renewed = state;
        return state;
      }),
    {
      validator: (raw: CertificationCommand, _delivery?: DecisionDelivery) => {
        const parsed = certificationCommandSchema.safeParse(raw);
        if (!parsed.success) invalidRequest(parsed.error.issues);
        if (persisted >= 1) {
          refuse(checkCertificationAction(state, parsed.data));
          refuse(checkCertificationRequest(state, parsed.data)); // the 000 §15–§16 path of a renewal, on arrival
          // The renewal window is a pure precondition too: outside it the decision never enters the history.
          if (parsed.data.action === 'renew') renewalOrRefusal(state.period.end, today(), state.periodMonths);
        }
      },
    },
  );

  if (input.recordCreation) {
    // A new certification after a lapse or termination continues the person's record: its version
    // (and audit sequence) follows the earlier certification's (0 for a first one, as before).
    // Its own record waits for nothing: a local activity at the run's start (see openingRecord).
    const opening = oneRecord ? openingRecord() : null;
    await persist(
      { ...state, version: state.version + 1 },
      state.source === 'institution' ? 'certified' : 'certified_offsite',
      state.createdBy,
      undefined,
      undefined,
      opening?.local ? opening.atMs : undefined,
    );
  }
  const plannedAt = inForce(NOTICE_PLAN_AT_START_PATCH) ? workflowInfo().startTime.getTime() : undefined;
  await decisions.run(() => skipPastNotices(plannedAt ?? Date.now()));

  let seenOffsets = offsetsChanged;
  while (state.status === 'active' || state.status === 'suspended') {
    if (renewed) break;
    const next = noticeSchedule(state.period.end, state.offsets).find((n) => !state.noticesDone.includes(n.kind));
    const version = state.version;
    const dueAt = !next
      ? undefined
      : inForce(NOTICE_SPREAD_PATCH)
        ? noticeSendAt(next.on, noticeSpreadKey(state, next.kind), state.offsets.spreadMinutes, state.offsets.startMinute)
        : noticeInstant(next.on);
    const woke = await condition(
      () => state.version !== version || offsetsChanged !== seenOffsets || renewed !== null,
      dueAt === undefined ? undefined : Math.max(dueAt - Date.now(), 1),
    );
    if (offsetsChanged !== seenOffsets) {
      seenOffsets = offsetsChanged;
      const offsets = await noticeOffsets();
      await decisions.run(async () => {
        state = { ...state, offsets };
        await skipPastNotices(Date.now());
      });
    }
    if (!woke && next) await decisions.run(() => fireNotice(next.kind));
  }
  await condition(decisionsSettled(decisions));
  if (renewed) {
    // A new period: a new run with a fresh history (000 §17 renewals may go on for years).
    await continueAsNew<typeof specialDiseaseCertification>({ state, recordCreation: false });
  }
  return state;

  /**
   * Notices whose send window had opened (09:00 of their day unless the policy moves it) when a
   * period was (re)planned, at `plannedAtMs`, are not sent late.
   */
  async function skipPastNotices(plannedAtMs: number) {
    const past = noticeSchedule(state.period.end, state.offsets).filter(
      (n) =>
        noticeWindowStart(n.on, state.offsets.startMinute) <= plannedAtMs && !state.noticesDone.includes(n.kind) && n.kind !== 'lapsed',
    );
    if (past.length) state = { ...state, noticesDone: [...state.noticesDone, ...past.map((n) => n.kind)] };
  }

  async function fireNotice(kind: NoticeKind) {
    if (state.noticesDone.includes(kind) || (state.status !== 'active' && state.status !== 'suspended')) return;
    const next: CertificationState = { ...state, noticesDone: [...state.noticesDone, kind], version: state.version + 1 };
    if (kind === 'lapsed') {
      next.status = 'lapsed';
      next.lapsedOn = today();
    }
    // Nothing is sent during a suspension (the lapse itself is still recorded).
    const send = state.status === 'active';
    await persist(
      next,
      kind === 'lapsed' ? 'lapsed' : `notice_${kind}`,
      systemActor(state.jurisdiction),
      send ? undefined : '暂停期间不发送通知',
      send ? kind : undefined,
    );
  }
}

/** The renewal of 000 §17 for today, or the refusal with the dates that apply (outside the windows). */
function renewalOrRefusal(lastValidDay: string, today: string, periodMonths: number): ReturnType<typeof renew> {
  try {
    return renew(lastValidDay, today, periodMonths);
  } catch (e) {
    if (e instanceof DomainError) refuse(e);
    throw e;
  }
}
