/**
 * A person's general-outpatient designated facility (普通门诊选点, 000 §19–§20; 004 item 9): one
 * workflow per person (the ID is the person key) holding the whole choice history. A registration,
 * a next-year change (1 Oct–31 Dec, in force 1 January) or a mid-year change (moving house, a
 * grade change) is an Update on the decision path. Nothing waits for 1 January: which facility
 * applies on a date is computed from the choices, so no timer can be missed. The run continues as
 * new, carrying the history, when its own event history grows.
 */
import { allHandlersFinished, condition, continueAsNew, defineQuery, defineUpdate, setHandler, workflowInfo } from '@temporalio/workflow';
import { shanghaiDate } from '../domain/dates';
import {
  type FacilityCommand,
  type OutpatientFacilityState,
  type ReferralCommand,
  applyFacilityCommand,
  applyReferral,
  checkFacilityAction,
  checkReferral,
  facilityCommandSchema,
  midYearGroundNames,
  referralCommandSchema,
} from '../domain/outpatient-facility';
import { type DecisionDelivery, decide, decisionSerialiser, decisionsSettled, persistEvent, withDelivery } from './decision-path';
import { invalidRequest, refuse } from './refuse';

export interface OutpatientFacilityInput {
  state: OutpatientFacilityState;
  /** decisions after which a run continues as new (the history stays short); tests set it low */
  decisionsPerRun?: number;
}

export const facilityActUpdate = defineUpdate<OutpatientFacilityState, [FacilityCommand]>('facilityAct');
const facilityActWithDelivery = withDelivery(facilityActUpdate); // the API's form (see decide)
/** 000 §22: the chosen facility files an outpatient referral (the national platform's push). */
export const referralFiledUpdate = defineUpdate<OutpatientFacilityState, [ReferralCommand]>('referralFiled');
const referralWithDelivery = withDelivery(referralFiledUpdate); // the API's form (see decide)
export const facilityStateQuery = defineQuery<OutpatientFacilityState>('facilityState');

/** A run with no choice recorded (a first registration that was refused) ends after this long. */
const IDLE_WITHOUT_CHOICE = '1 day';
const DECISIONS_PER_RUN = 100;

export async function outpatientFacility(input: OutpatientFacilityInput): Promise<OutpatientFacilityState> {
  let state = input.state;
  let decided = 0;
  const decisions = decisionSerialiser(); // one decision at a time
  const today = () => shanghaiDate(Date.now());

  setHandler(facilityStateQuery, () => state);
  setHandler(
    facilityActWithDelivery,
    (raw: FacilityCommand, delivery?: DecisionDelivery) =>
      decide(decisions, delivery, async (answer) => {
        const cmd = facilityCommandSchema.parse(raw);
        refuse(checkFacilityAction(state, cmd, today())); // its turn may come after another decision changed the choices
        const at = new Date(Date.now()).toISOString();
        const next = applyFacilityCommand(state, cmd, { today: today(), at });
        const last = next.choices.at(-1)!;
        const reason =
          cmd.action === 'change_mid_year'
            ? `变更原因：${midYearGroundNames[cmd.ground]}；证明材料：${cmd.evidence}`
            : `自 ${last.effectiveFrom} 起生效`;
        await persistEvent(
          {
            process: 'outpatient_facility',
            state: next,
            event: { seq: next.version, at, actor: cmd.actor, action: cmd.action, reason, before: state.version === 0 ? null : state },
          },
          { answer, decided: () => (state = next) }, // decided: the next decision is validated against it
        );
        state = next;
        decided++;
        return state;
      }),
    {
      validator: (raw: FacilityCommand, _delivery?: DecisionDelivery) => {
        const parsed = facilityCommandSchema.safeParse(raw);
        if (!parsed.success) invalidRequest(parsed.error.issues);
        refuse(checkFacilityAction(state, parsed.data, today()));
      },
    },
  );

  setHandler(
    referralWithDelivery,
    (raw: ReferralCommand, delivery?: DecisionDelivery) =>
      decide(decisions, delivery, async (answer) => {
        const cmd = referralCommandSchema.parse(raw);
        refuse(checkReferral(state, cmd, today()));
        const next = applyReferral(state, cmd, today());
        await persistEvent(
          {
            process: 'outpatient_facility',
            state: next,
            event: {
              seq: next.version,
              at: new Date(Date.now()).toISOString(),
              actor: cmd.actor,
              action: 'file_referral',
              reason: `转诊单 ${cmd.referralNo}：转往 ${cmd.to.name}，至 ${cmd.validTo}（${cmd.diagnosis}）`,
              before: state,
            },
          },
          { answer, decided: () => (state = next) }, // decided: the next decision is validated against it
        );
        state = next;
        decided++;
        return state;
      }),
    {
      validator: (raw: ReferralCommand, _delivery?: DecisionDelivery) => {
        const parsed = referralCommandSchema.safeParse(raw);
        if (!parsed.success) invalidRequest(parsed.error.issues);
        refuse(checkReferral(state, parsed.data, today()));
      },
    },
  );

  if (state.version === 0 && !(await condition(() => state.version > 0, IDLE_WITHOUT_CHOICE))) {
    await condition(allHandlersFinished);
    return state;
  }
  const perRun = input.decisionsPerRun ?? DECISIONS_PER_RUN;
  await condition(() => decided >= perRun || workflowInfo().continueAsNewSuggested);
  await condition(() => !decisions.busy && decisionsSettled(decisions)()); // and no record-event of a released decision still running
  return continueAsNew<typeof outpatientFacility>({ state, decisionsPerRun: input.decisionsPerRun });
}
