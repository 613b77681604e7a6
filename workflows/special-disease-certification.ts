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
  ParentClosePolicy, allHandlersFinished, condition, continueAsNew, defineQuery, defineSignal, defineUpdate,
  proxyActivities, setHandler, startChild,
} from '@temporalio/workflow';
import type * as activities from '../activities';
import {
  type CertificationCommand, type CertificationState, certificationCommandSchema, checkCertificationAction,
} from '../domain/certification';
import { shanghaiDate } from '../domain/dates';
import { DomainError } from '../domain/errors';
import { type Actor, systemActor } from '../domain/people';
import { type NoticeKind, noticeInstant, noticeSchedule, renew } from '../domain/special-disease';
import { noticeDelivery, noticeDeliveryId } from './notice-delivery';
import { decisionLock } from './lock';
import { invalidRequest, refuse } from './refuse';

export interface CertificationInput {
  state: CertificationState;
  /** false when continuing as new after a renewal: the renewal event is already recorded */
  recordCreation: boolean;
}

export const certificationOpenedUpdate = defineUpdate<CertificationState>('certificationOpened');
export const certificationActUpdate = defineUpdate<CertificationState, [CertificationCommand]>('certificationAct');
/** The notice offsets policy changed: re-read it and re-plan the remaining notices of this period. */
export const noticeOffsetsChangedSignal = defineSignal('noticeOffsetsChanged');
export const certificationStateQuery = defineQuery<CertificationState>('certificationState');

const { recordCertificationEvent, noticeOffsets } = proxyActivities<activities.Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export async function specialDiseaseCertification(input: CertificationInput): Promise<CertificationState> {
  let state = input.state;
  let persisted = input.recordCreation ? 0 : state.version;
  const lock = decisionLock(); // one decision at a time: each awaits its activities before the next is checked
  let offsetsChanged = 0;
  let renewed: CertificationState | null = null;
  const today = () => shanghaiDate(Date.now());

  const persist = async (next: CertificationState, action: string, actor: Actor, reason?: string, notice?: NoticeKind) => {
    const result = await recordCertificationEvent({
      state: next, notice,
      event: { seq: next.version, at: new Date(Date.now()).toISOString(), actor, action, reason, before: persisted === 0 ? null : state },
    });
    state = next;
    persisted = next.version;
    if (result.notice && result.notice.channels.length > 0) {
      await startChild(noticeDelivery, {
        workflowId: noticeDeliveryId(result.notice.noticeId), args: [{ noticeId: result.notice.noticeId, channels: result.notice.channels }],
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
    }
  };
  const exclusive = <T>(fn: () => Promise<T>) => lock.exclusive(fn);

  setHandler(certificationStateQuery, () => state);
  setHandler(certificationOpenedUpdate, async () => {
    await condition(() => persisted >= 1);
    return state;
  });
  setHandler(noticeOffsetsChangedSignal, () => { offsetsChanged++; });
  setHandler(certificationActUpdate, (raw) => exclusive(async () => {
    await condition(() => persisted >= 1);
    const cmd = certificationCommandSchema.parse(raw);
    refuse(checkCertificationAction(state, cmd));
    const next: CertificationState = { ...state, version: state.version + 1 };
    switch (cmd.action) {
      case 'renew': {
        let renewal: ReturnType<typeof renew>;
        try {
          renewal = renew(state.period.end, today(), state.periodMonths);
        } catch (e) {
          if (e instanceof DomainError) refuse(e); // outside the windows: the dates that apply are in its facts
          throw e;
        }
        next.period = renewal.period;
        next.history = { ...state.history, periods: [...state.history.periods, renewal.period] };
        next.noticesDone = [];
        next.renewals = state.renewals + 1;
        await persist(next, renewal.timing === 'late' ? 'renew_late' : 'renew', cmd.actor, cmd.reason ?? `续期至 ${renewal.period.end}`);
        renewed = state;
        return state;
      }
      case 'change_institution':
        next.institutionCode = cmd.institutionCode!;
        break;
      case 'suspend':
        next.status = 'suspended';
        next.history = { ...state.history, suspensions: [...state.history.suspensions, { from: today(), to: null }] };
        break;
      case 'resume':
        next.status = 'active';
        next.history = { ...state.history, suspensions: state.history.suspensions.map((s) => (s.to === null ? { ...s, to: yesterdayOf(today(), s.from) } : s)) };
        break;
      case 'terminate':
        next.status = 'terminated';
        next.history = { ...state.history, terminatedOn: today() };
        break;
    }
    await persist(next, cmd.action, cmd.actor, cmd.reason);
    return state;
  }), {
    validator: (raw) => {
      const parsed = certificationCommandSchema.safeParse(raw);
      if (!parsed.success) invalidRequest(parsed.error.issues);
      if (persisted >= 1) refuse(checkCertificationAction(state, parsed.data));
    },
  });

  if (input.recordCreation) {
    await persist({ ...state, version: 1 }, state.source === 'institution' ? 'certified' : 'certified_offsite', state.createdBy);
  }
  await exclusive(skipPastNotices);

  let seenOffsets = offsetsChanged;
  while (state.status === 'active' || state.status === 'suspended') {
    if (renewed) break;
    const next = noticeSchedule(state.period.end, state.offsets).find((n) => !state.noticesDone.includes(n.kind));
    const version = state.version;
    const woke = await condition(
      () => state.version !== version || offsetsChanged !== seenOffsets || renewed !== null,
      next ? Math.max(noticeInstant(next.on) - Date.now(), 1) : undefined,
    );
    if (offsetsChanged !== seenOffsets) {
      seenOffsets = offsetsChanged;
      const offsets = await noticeOffsets();
      await exclusive(async () => { state = { ...state, offsets }; await skipPastNotices(); });
    }
    if (!woke && next) await exclusive(() => fireNotice(next.kind));
  }
  await condition(allHandlersFinished);
  if (renewed) {
    // A new period: a new run with a fresh history (000 §17 renewals may go on for years).
    await continueAsNew<typeof specialDiseaseCertification>({ state, recordCreation: false });
  }
  return state;

  /** Notices whose day has passed when a period is (re)planned are not sent late. */
  async function skipPastNotices() {
    const past = noticeSchedule(state.period.end, state.offsets)
      .filter((n) => noticeInstant(n.on) <= Date.now() && !state.noticesDone.includes(n.kind) && n.kind !== 'lapsed');
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
    await persist(next, kind === 'lapsed' ? 'lapsed' : `notice_${kind}`, systemActor(state.jurisdiction),
      send ? undefined : '暂停期间不发送通知', send ? kind : undefined);
  }
}

/** The last suspended day when resuming today (a same-day resume leaves one suspended day). */
function yesterdayOf(today: string, from: string): string {
  const d = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  return d < from ? from : d;
}
