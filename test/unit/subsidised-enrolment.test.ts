/** 001 §5's four paths, the registration year, the subsidised years of 001 §6 and the clerks' decisions, as pure functions. */
import {
  personSubsidy,
  withCoveredYear,
  type EnrolmentCheck,
  type SubsidisedEnrolmentState,
  applyEnrolmentCommand,
  checkDay,
  checkEnrolmentAction,
  checkedState,
  collectionPeriod,
  enrolmentPath,
  initialEnrolment,
  nextSubsidy,
  readyToRegister,
  registeredState,
  registrationYear,
  subsidyFen,
  defaultSubsidyPolicy,
  withLedger,
} from '../../domain/subsidised-enrolment';
import type { Actor } from '../../domain/people';

const clerk: Actor = { username: 'taishan.clerk', role: 'window_clerk', jurisdiction: 'taishan' };
const check = (over: Partial<EnrolmentCheck>): EnrolmentCheck => ({
  asOf: '2026-03-09',
  scheme: 'none',
  place: null,
  placeName: null,
  ...over,
});
const fresh = (over: Partial<SubsidisedEnrolmentState> = {}): SubsidisedEnrolmentState => ({
  ...initialEnrolment({
    identityId: 'p1:minimum_living:2026-03-10',
    personKey: 'p1',
    person: { name: '黄小梅', idNumber: '440781196001011234' },
    agency: 'taishan',
    category: 'minimum_living',
    kind: 'income',
    recognizedOn: '2026-03-10',
    terminatedOn: null,
    receivedOn: '2026-03-11',
    createdBy: clerk,
  }),
  version: 1,
  ...over,
});

describe('001 §5: the enrolment checked and the four paths', () => {
  test('the day checked is the day before recognition (不含当日)', () => {
    expect(checkDay('2026-03-10')).toBe('2026-03-09');
    expect(checkDay('2026-01-01')).toBe('2025-12-31');
  });

  test('(一) not enrolled: registered for the current year at once', () => {
    expect(enrolmentPath(check({}))).toBe('not_enrolled');
    const s = checkedState(fresh(), check({}));
    expect(s).toMatchObject({ path: 'not_enrolled', status: 'checking' });
    expect(readyToRegister(s)).toBe(true);
    expect(registrationYear('not_enrolled', '2026-03-12')).toBe(2026);
  });

  test('(二) enrolled here: registered for next year', () => {
    const c = check({ scheme: 'resident', place: 'here', placeName: '江门市' });
    expect(enrolmentPath(c)).toBe('enrolled_here');
    expect(readyToRegister(checkedState(fresh(), c))).toBe(true);
    expect(registrationYear('enrolled_here', '2026-03-12')).toBe(2027);
  });

  test('(三) enrolled elsewhere: waits for the choice; a promise is filed, or the suspension comes before registration', () => {
    const c = check({ scheme: 'resident', place: 'elsewhere', placeName: '广州市' });
    expect(enrolmentPath(c)).toBe('enrolled_elsewhere');
    const waiting = checkedState(fresh(), c);
    expect(waiting.status).toBe('awaiting_choice');
    expect(readyToRegister(waiting)).toBe(false);

    const noPromise = checkEnrolmentAction(
      waiting,
      { action: 'record_choice', choice: 'keep_elsewhere', contactedOn: '2026-03-12', actor: clerk },
      '2026-03-12',
    );
    expect(noPromise?.code).toBe('DOCUMENTS_MISSING');
    const kept = applyEnrolmentCommand(waiting, {
      action: 'record_choice',
      choice: 'keep_elsewhere',
      promiseRef: 'CN-2026-001',
      contactedOn: '2026-03-12',
      actor: clerk,
    });
    expect(kept).toMatchObject({ status: 'promise_filed', deadline: null, choice: { promiseRef: 'CN-2026-001' } });
    expect(readyToRegister(kept)).toBe(false);

    const moving = applyEnrolmentCommand(waiting, {
      action: 'record_choice',
      choice: 'enrol_here',
      contactedOn: '2026-03-12',
      actor: clerk,
    });
    expect(moving.status).toBe('awaiting_suspension');
    expect(readyToRegister(moving)).toBe(false);
    const suspended = applyEnrolmentCommand(moving, { action: 'confirm_suspension', suspendedOn: '2026-03-20', actor: clerk });
    expect(readyToRegister(suspended)).toBe(true);
    expect(registrationYear('enrolled_elsewhere', '2026-03-20')).toBe(2026);
  });

  test('(四) employee insurance: the local rule recorded, no registration', () => {
    const c = check({ scheme: 'employee', place: 'here' });
    expect(enrolmentPath(c)).toBe('employee');
    const waiting = checkedState(fresh(), c);
    expect(waiting.status).toBe('awaiting_employee_rule');
    expect(readyToRegister(waiting)).toBe(false);
    const done = applyEnrolmentCommand(waiting, { action: 'record_employee_rule', outcome: '按统筹区规定继续参加职工医保', actor: clerk });
    expect(done).toMatchObject({ status: 'employee_rule_recorded', employeeRule: '按统筹区规定继续参加职工医保' });
  });

  test('decisions are refused in the wrong state, from another agency or by another role', () => {
    const s = checkedState(fresh(), check({}));
    const cmd = { action: 'record_employee_rule' as const, outcome: 'x', actor: clerk };
    expect(checkEnrolmentAction(s, cmd, '2026-03-12')?.code).toBe('CASE_WRONG_STATE');
    const waiting = checkedState(fresh(), check({ scheme: 'employee', place: 'here' }));
    expect(checkEnrolmentAction(waiting, { ...cmd, actor: { ...clerk, jurisdiction: 'kaiping' } }, '2026-03-12')?.code).toBe(
      'OUT_OF_JURISDICTION',
    );
    expect(checkEnrolmentAction(waiting, { ...cmd, actor: { ...clerk, role: 'finance' } }, '2026-03-12')?.code).toBe('ROLE_NOT_ALLOWED');
    expect(checkEnrolmentAction(waiting, cmd, '2026-03-12')).toBeNull();
  });

  test('a category outside 001 §5 is not enrolled', () => {
    expect(() => initialEnrolment({ ...fresh(), category: 'expense_type_illness', kind: 'expense', createdBy: clerk })).toThrow(
      expect.objectContaining({ code: 'ELIGIBILITY_UNMET' }),
    );
  });
});

describe('001 §6: the subsidised years', () => {
  const registered = (terminatedOn: string | null = null) =>
    registeredState(checkedState(fresh({ terminatedOn }), check({})), { year: 2026, registeredOn: '2026-03-12', platformRef: 'GY-1' });

  test('the registration year at once, then the next year from its collection period', () => {
    const s = registered();
    expect(nextSubsidy(s, '2026-03-12')).toEqual({ year: 2026, from: '2026-03-12' });
    const paid = withLedger(s, 2026, 40_000, '2026-03-12');
    expect(collectionPeriod(2027)).toEqual({ opens: '2026-09-01', closes: '2026-12-31' });
    expect(nextSubsidy(paid, '2026-03-12')).toEqual({ year: 2027, from: '2026-09-01' });
    expect(nextSubsidy(paid, '2026-10-05')).toEqual({ year: 2027, from: '2026-10-05' }); // inside the period: at once
  });

  test('an identity that ends before the next year is not subsidised for it', () => {
    const paid = withLedger(registered('2026-12-31'), 2026, 40_000, '2026-03-12');
    expect(nextSubsidy(paid, '2026-09-01')).toBeNull();
    const spans = withLedger(registered('2027-01-01'), 2026, 40_000, '2026-03-12');
    expect(nextSubsidy(spans, '2026-09-01')).toEqual({ year: 2027, from: '2026-09-01' });
  });

  test('nothing before registration', () => {
    expect(nextSubsidy(fresh(), '2026-03-12')).toBeNull();
  });

  test('the subsidy standard: the contribution times the category share, whole fen', () => {
    expect(subsidyFen('minimum_living', defaultSubsidyPolicy)).toBe(40_000);
    expect(subsidyFen('minimum_living_margin', defaultSubsidyPolicy)).toBe(20_000);
    expect(subsidyFen('minimum_living_margin', { contributionFen: 40_001, sharePercent: { minimum_living_margin: 50 } })).toBe(20_001);
    expect(subsidyFen('expense_type_illness', defaultSubsidyPolicy)).toBe(0);
  });
});

describe('one subsidy a person a year (001 §6; 001 §11 就高不就低, 不得重复享受)', () => {
  const margin = { category: 'minimum_living_margin' as const, recognizedOn: '2026-02-01', terminatedOn: null };
  const living = { category: 'minimum_living' as const, recognizedOn: '2026-06-01', terminatedOn: null };

  test('the highest standard among the identities holding in the year, once', () => {
    expect(personSubsidy([margin, living], 2026, defaultSubsidyPolicy)).toEqual({ category: 'minimum_living', amountFen: 40_000 });
    expect(personSubsidy([living, margin], 2026, defaultSubsidyPolicy)).toEqual({ category: 'minimum_living', amountFen: 40_000 });
    expect(personSubsidy([margin], 2026, defaultSubsidyPolicy)).toEqual({ category: 'minimum_living_margin', amountFen: 20_000 });
  });

  test('an identity that does not hold on any day of the year does not count', () => {
    const endedBefore = { ...living, recognizedOn: '2025-03-01', terminatedOn: '2025-12-31' };
    const startsAfter = { ...living, recognizedOn: '2027-01-01' };
    expect(personSubsidy([margin, endedBefore, startsAfter], 2026, defaultSubsidyPolicy)?.amountFen).toBe(20_000);
    expect(personSubsidy([{ ...living, terminatedOn: '2026-01-01' }, margin], 2026, defaultSubsidyPolicy)?.amountFen).toBe(40_000);
    expect(
      personSubsidy([{ category: 'expense_type_illness', recognizedOn: '2026-01-01', terminatedOn: null }], 2026, defaultSubsidyPolicy),
    ).toBeNull();
  });

  test('a covered year is done (the next is due) and pays nothing', () => {
    const s = registeredState(checkedState(fresh({}), check({})), { year: 2026, registeredOn: '2026-03-12', platformRef: 'GY-1' });
    const covered = withCoveredYear(s, 2026, 'subsidised-enrolment:other', '2026-03-12');
    expect(covered.years).toEqual([expect.objectContaining({ year: 2026, amountFen: 0, delivery: 'covered', entryId: null })]);
    expect(nextSubsidy(covered, '2026-09-02')).toEqual({ year: 2027, from: '2026-09-02' });
  });
});
