/**
 * One subsidised enrolment (资助参保, 001 §5–§6; item 34) per pushed identity. The agency checks the
 * person's enrolment on the day before recognition and takes the path of 001 §5: not enrolled →
 * registered for the current year; enrolled here → for next year; enrolled elsewhere → contacted,
 * then a written promise to stay (filed) or suspension there and registration here; employee
 * insurance → the local rule, recorded. The agency's part runs against 2 working days from
 * receipt (the shared deadline watcher: reminder, breach escalated). Then each subsidised year's
 * payment ledger (缴费台账) goes to the collection department through a durable outbox and, once
 * delivered, the subsidy is posted by the 资助参保支出 rule; an identity that reaches the next
 * insurance year is subsidised for it from the opening of its collection period (001 §6).
 */
import {
  ActivityFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  defineUpdate,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import { inForce } from './patches';
import type * as activities from '../activities';
import { shanghaiDate, startOfShanghaiDay } from '../domain/dates';
import { type Actor, systemActor } from '../domain/people';
import {
  REGISTRATION_WORKING_DAYS,
  type EnrolmentCommand,
  type IdentityChange,
  type SubsidisedEnrolmentState,
  applyEnrolmentCommand,
  applyIdentityChange,
  checkIdentityChange,
  describeIdentityChange,
  identityChangeSchema,
  checkDay,
  checkEnrolmentAction,
  checkedState,
  clockStatuses,
  describeEnrolment,
  enrolmentCommandSchema,
  enrolmentPathNames,
  nextSubsidy,
  readyToRegister,
  registeredState,
  registrationYear,
  subsidyDecisionDay,
  withCoveredYear,
  withLedger,
} from '../domain/subsidised-enrolment';
import { type RecordEffect, decisionSerialiser, persistEvent } from './decision-path';
import { deadlineWatcher, notificationEffects } from './deadline-watcher';
import { invalidRequest, refuse } from './refuse';

export interface SubsidisedEnrolmentInput {
  state: SubsidisedEnrolmentState;
  /**
   * Set by continue-as-new: `state` is recorded up to its version, received and checked; the new
   * run carries on from the loop (one run per subsidised year keeps the history bounded).
   */
  continued?: boolean;
}

export const enrolmentOpenedUpdate = defineUpdate<SubsidisedEnrolmentState>('enrolmentOpened');
export const enrolmentActUpdate = defineUpdate<SubsidisedEnrolmentState, [EnrolmentCommand]>('enrolmentAct');
export const enrolmentStateQuery = defineQuery<SubsidisedEnrolmentState>('enrolmentState');
export const enrolmentCalendarChangedSignal = defineSignal('calendarChanged');
/** A department's later push of the identity (termination, correction, kind), validated and recorded (001 §5–§6). */
export const identityChangedUpdate = defineUpdate<SubsidisedEnrolmentState, [IdentityChange]>('identityChanged');
/** A clerk asks for a failed payment ledger to be pushed again. */
export const ledgerRetrySignal = defineSignal<[{ year: number }]>('ledgerRetry');

const {
  computeDeadline,
  checkEnrolment,
  registerEnrolment,
  currentIdentity,
  subsidyFor,
  personSubsidyFor,
  collectionPolicy,
  markPaymentLedgerFailed,
} = proxyActivities<activities.Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
const { deliverPaymentLedger } = proxyActivities<activities.Activities>({
  startToCloseTimeout: '30 seconds',
  // 5 attempts over about 15 seconds, then the ledger is marked failed for a clerk to retry
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 5 },
});

export async function subsidisedEnrolment(input: SubsidisedEnrolmentInput): Promise<SubsidisedEnrolmentState> {
  let state = input.state;
  let persisted = input.continued ? state.version : 0;
  // Runs started before these versions keep their path: identity changes reached them only when a
  // later year fell due (re-read then), they ended as soon as no next year was due, and ran as one history.
  const takesIdentityChanges = inForce('subsidised-enrolment-identity-changes');
  const continuesAsNew = inForce('subsidised-enrolment-continue-as-new');
  const yearsAtStart = state.years.length;
  const decisions = decisionSerialiser();
  let calendarChanges = 0;
  const retries: number[] = [];
  const today = () => shanghaiDate(Date.now());
  const system = systemActor(state.agency);
  const label = describeEnrolment(state);

  /** Records `next` with its audit event and effects in one transaction; it becomes the state. */
  const persist = async (next: SubsidisedEnrolmentState, action: string, actor: Actor, reason?: string, effects: RecordEffect[] = []) => {
    const event = {
      seq: next.version,
      at: new Date(Date.now()).toISOString(),
      actor,
      action,
      reason,
      before: persisted === 0 ? null : state,
    };
    const outcome = await persistEvent({ process: 'subsidised_enrolment', state: next, event, effects });
    if (!outcome.ok) return outcome; // nothing recorded (001 §6: the person's year is covered already)
    state = next;
    persisted = next.version;
    return outcome;
  };

  setHandler(enrolmentStateQuery, () => state);
  setHandler(enrolmentOpenedUpdate, async () => {
    await condition(() => persisted >= 2); // received and checked: the path is known
    return state;
  });
  setHandler(enrolmentCalendarChangedSignal, () => {
    calendarChanges++;
  });
  setHandler(ledgerRetrySignal, ({ year }) => {
    retries.push(year);
  });
  const checkChange = (raw: unknown) => {
    if (!takesIdentityChanges) {
      refuse({
        code: 'CASE_WRONG_STATE',
        message: '该资助参保由旧版本流程办理，身份变更将在下一年度资助时读取',
        facts: { status: state.status },
      });
    }
    const parsed = identityChangeSchema.safeParse(raw);
    if (!parsed.success) invalidRequest(parsed.error.issues);
    refuse(checkIdentityChange(state, parsed.data));
    return parsed.data;
  };
  setHandler(
    identityChangedUpdate,
    (raw) =>
      decisions.run(async () => {
        const change = checkChange(raw); // again in its turn: a decision before it may have closed the enrolment
        const reason = describeIdentityChange(state, change, today());
        await persist(applyIdentityChange(state, change, today()), 'identity_changed', change.actor, reason);
        return state;
      }),
    { validator: (raw) => void checkChange(raw) },
  );
  setHandler(
    enrolmentActUpdate,
    (raw) =>
      decisions.run(async () => {
        const cmd = enrolmentCommandSchema.parse(raw);
        refuse(checkEnrolmentAction(state, cmd, today())); // its turn may come after another decision changed it
        const reason = cmd.action === 'record_employee_rule' ? cmd.outcome : 'note' in cmd ? cmd.note : undefined;
        await persist(applyEnrolmentCommand(state, cmd), cmd.action, cmd.actor, reason);
        return state;
      }),
    {
      validator: (raw) => {
        const parsed = enrolmentCommandSchema.safeParse(raw);
        if (!parsed.success) invalidRequest(parsed.error.issues);
        refuse(checkEnrolmentAction(state, parsed.data, today()));
      },
    },
  );

  const watcher = deadlineWatcher({
    watched: () => (clockStatuses.includes(state.status) && state.deadline ? state : null),
    record: async (w, event, _d, notification) => {
      const next = { ...state, ...w, version: state.version + 1 };
      const effects = notificationEffects(notification);
      if (event === 'reminder') await persist(next, 'deadline_reminder', system, undefined, effects);
      else if (event === 'breach') {
        await persist(next, 'deadline_breached', system, `资助参保登记超过2个工作日未办结（${w.deadline!.dueDate} 届满，001 §5）`, effects);
      } else await persist(next, 'deadline_recomputed', system, '节假日安排已更正，重新计算时限');
    },
    reminder: (d) => ({
      sourceKey: `${state.enrolmentId}:reminder:${d.dueDate}`,
      caseId: state.enrolmentId,
      kind: 'deadline_reminder',
      to: { role: 'window_clerk', jurisdiction: state.agency },
      message: `${label}须于 ${d.dueDate} 前办结参保登记（001 §5：2个工作日）。`,
    }),
    breach: (d) => ({
      sourceKey: `${state.enrolmentId}:breach:${d.dueDate}`,
      caseId: state.enrolmentId,
      kind: 'deadline_breached',
      to: { role: 'supervisor', jurisdiction: state.agency, alsoUsers: [] },
      message: `${label}已超过参保登记时限（${d.dueDate}，001 §5）。`,
    }),
  });

  if (!input.continued) {
    // Received: the clock runs from the day of receipt (DOMAIN §11, that day not counted).
    const deadline = await computeDeadline({ receivedOn: state.receivedOn, workingDays: REGISTRATION_WORKING_DAYS });
    await decisions.run(() => persist({ ...state, deadline, version: 1 }, 'received', state.createdBy));
    // 001 §5: the enrolment before the recognition date (that day not included)
    const check = await checkEnrolment({ personKey: state.personKey, idNumber: state.person.idNumber, asOf: checkDay(state.recognizedOn) });
    await decisions.run(async () => {
      if (state.status === 'ended') return; // the identity ended before the check came back (identityChanged)
      const next = checkedState(state, check);
      await persist(next, 'enrolment_checked', system, enrolmentPathNames[next.path!]);
    });
  }
  const policy = await collectionPolicy();

  let seenCalendarChanges = calendarChanges;
  for (;;) {
    if (readyToRegister(state)) {
      const registeredOn = today();
      const year = registrationYear(state.path!, registeredOn);
      const registration = await registerEnrolment({
        registrationKey: `${state.enrolmentId}:${year}`,
        personKey: state.personKey,
        idNumber: state.person.idNumber,
        name: state.person.name,
        year,
        category: state.category,
        agency: state.agency,
      });
      await decisions.run(() =>
        persist(
          registeredState(state, { year, registeredOn, platformRef: registration.platformRef }),
          'registered',
          system,
          `已通过国医平台标识身份并办理 ${year} 年度居民医保参保登记（${registration.platformRef}）`,
        ),
      );
      continue;
    }
    if (state.status === 'promise_filed' || state.status === 'employee_rule_recorded' || state.status === 'ended') break;

    const due = nextSubsidy(state, today(), policy);
    // 001 §6: whether a next year is subsidised is decided when its collection period opens
    const decideOn = takesIdentityChanges && state.registration && !due ? subsidyDecisionDay(state, policy) : null;
    if (state.registration && !due && (decideOn === null || decideOn <= today())) {
      await decisions.run(() =>
        persist(
          { ...state, status: 'ended', version: state.version + 1 },
          'ended',
          system,
          `身份终止于 ${state.terminatedOn}，不再资助下一年度参保`,
        ),
      );
      break;
    }
    if (due && due.from <= today()) {
      if (due.year !== state.registration!.year) {
        // A later year: the identity as the department states it now (a termination pushed since ends it, 001 §6).
        const current = await currentIdentity({ identityId: state.identityId });
        const terminatedOn = current?.terminatedOn ?? state.terminatedOn;
        if (terminatedOn !== state.terminatedOn) {
          await decisions.run(() => persist({ ...state, terminatedOn, version: state.version + 1 }, 'identity_changed', system));
          continue;
        }
      }
      // Runs started before keep their path: a ledger of their own identity's standard for each year.
      if (!inForce('subsidised-enrolment-one-per-person-year')) {
        const { amountFen } = await subsidyFor({ year: due.year, category: state.category });
        await decisions.run(() =>
          persist(
            withLedger(state, due.year, amountFen, today()),
            'payment_ledger_generated',
            system,
            `生成 ${due.year} 年度缴费台账（001 §6）`,
            [{ kind: 'payment_ledger', year: due.year }],
          ),
        );
        await deliverLedger(due.year);
        continue;
      }
      // 001 §6 (README reading): one subsidy a person a year, at the highest standard of the
      // identities holding in it; the record transaction refuses the ledger when another enrolment of
      // the person has paid the year, and the year is then recorded as covered by it.
      const identity = { category: state.category, recognizedOn: state.recognizedOn, terminatedOn: state.terminatedOn };
      const best = await personSubsidyFor({ personKey: state.personKey, year: due.year, identity });
      const covered = await decisions.run(async () => {
        const outcome = await persist(
          withLedger(state, due.year, best.amountFen, today(), best.category),
          'payment_ledger_generated',
          system,
          `生成 ${due.year} 年度缴费台账（001 §6）`,
          [{ kind: 'payment_ledger', year: due.year, onePerPersonYear: true }],
        );
        if (outcome.ok || outcome.code !== 'PERSON_YEAR_SUBSIDISED') return false;
        await persist(
          withCoveredYear(state, due.year, outcome.occupiedBy, today()),
          'subsidy_covered',
          system,
          `${due.year} 年度已由该人员的另一身份资助参保（${outcome.occupiedBy}），不重复资助（001 §6）`,
        );
        return true;
      });
      if (!covered) await deliverLedger(due.year);
      continue;
    }

    // Wait: the deadline watcher's timer, the opening of the next collection period, a decision or a calendar change.
    const timer = watcher.next();
    if (continuesAsNew && !timer && state.years.length > yearsAtStart && retries.length === 0) {
      // A year is paid and the next waits for its collection period: a fresh run carries the state on.
      const before = state.version;
      await condition(allHandlersFinished);
      if (state.version === before) return continueAsNew<typeof subsidisedEnrolment>({ state, continued: true });
      continue; // a decision came in while the handlers finished: look again first
    }
    const opensOn = due ? due.from : decideOn;
    const subsidyAt = opensOn ? startOfShanghaiDay(opensOn) + 3600_000 : null;
    const atMs = Math.min(timer?.atMs ?? Infinity, subsidyAt ?? Infinity);
    const version = state.version;
    const woke = await condition(
      () => state.version !== version || calendarChanges !== seenCalendarChanges,
      Number.isFinite(atMs) ? Math.max(atMs - Date.now(), 1) : undefined,
    );
    if (!woke && timer && timer.atMs <= Date.now()) await decisions.run(() => watcher.fire(timer.kind));
    if (calendarChanges !== seenCalendarChanges) {
      seenCalendarChanges = calendarChanges;
      await decisions.run(() => watcher.recompute((d) => computeDeadline({ receivedOn: d.receivedOn, workingDays: d.workingDays })));
    }
  }
  await condition(allHandlersFinished);
  return state;

  /** Pushes the year's ledger (at most once), marks it failed after the retries, waits for a clerk's retry; then posts the subsidy. */
  async function deliverLedger(year: number) {
    const ledger = () => state.years.find((y) => y.year === year)!;
    for (;;) {
      try {
        await deliverPaymentLedger({ ledgerKey: ledger().ledgerKey });
        break;
      } catch (e) {
        if (!(e instanceof ActivityFailure)) throw e;
        await markPaymentLedgerFailed({ ledgerKey: ledger().ledgerKey, error: e.cause?.message || e.message });
        await decisions.run(() =>
          persist(
            { ...state, years: state.years.map((y) => (y.year === year ? { ...y, delivery: 'failed' } : y)), version: state.version + 1 },
            'payment_ledger_failed',
            system,
            e.cause?.message || e.message,
          ),
        );
        await condition(() => retries.includes(year));
        retries.splice(retries.indexOf(year), 1);
      }
    }
    await decisions.run(async () => {
      const sent: SubsidisedEnrolmentState = {
        ...state,
        years: state.years.map((y) => (y.year === year ? { ...y, delivery: 'sent' } : y)),
        version: state.version + 1,
      };
      const outcome = await persist(sent, 'subsidy_paid', system, `${year} 年度缴费台账已推送征缴部门，资助参保支出记账（001 §19）`, [
        { kind: 'subsidy_posting', year, postedBy: 'system' },
      ]);
      const entryId = outcome.ok ? (outcome.entryId ?? null) : null;
      state = { ...state, years: state.years.map((y) => (y.year === year ? { ...y, entryId } : y)) };
    });
  }
}
