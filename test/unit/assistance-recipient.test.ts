/** 001 §10 benefit periods, the recipient-on-date answer and 001 §11 stays, as pure functions. */
import {
  type IdentityRecord,
  benefitPeriod,
  identityProblems,
  periodCovers,
  recipientForStay,
  recipientOnDate,
  sameDayTwelveMonthsBefore,
  snapshotOf,
} from '../../domain/assistance-recipient';

const identity = (over: Partial<IdentityRecord>): IdentityRecord => ({
  identityId: `p1:${over.category ?? 'minimum_living'}:${over.recognizedOn ?? '2026-03-10'}`,
  agency: 'taishan',
  category: 'minimum_living',
  kind: 'income',
  recognizedOn: '2026-03-10',
  terminatedOn: null,
  department: 'civil_affairs',
  departmentRef: null,
  version: 1,
  receivedOn: '2026-03-11',
  ...over,
});

describe('001 §10 benefit period', () => {
  test('income-type: from the recognition date to the termination date, both inclusive', () => {
    const p = benefitPeriod({ kind: 'income', recognizedOn: '2026-03-10', terminatedOn: '2026-09-30' });
    expect(p).toEqual({ from: '2026-03-10', to: '2026-09-30', article: '001 §10(一)' });
    expect(periodCovers(p, '2026-03-09')).toBe(false);
    expect(periodCovers(p, '2026-03-10')).toBe(true);
    expect(periodCovers(p, '2026-09-30')).toBe(true);
    expect(periodCovers(p, '2026-10-01')).toBe(false);
  });

  test('income-type without a termination is open-ended', () => {
    const p = benefitPeriod({ kind: 'income', recognizedOn: '2026-03-10', terminatedOn: null });
    expect(p.to).toBeNull();
    expect(periodCovers(p, '2099-12-31')).toBe(true);
  });

  test('a one-day identity (terminated on the day it was recognised) covers that day', () => {
    const p = benefitPeriod({ kind: 'income', recognizedOn: '2026-05-05', terminatedOn: '2026-05-05' });
    expect(periodCovers(p, '2026-05-05')).toBe(true);
    expect(periodCovers(p, '2026-05-06')).toBe(false);
  });

  test('expense-type: from the same day 12 months before the recognition date', () => {
    const p = benefitPeriod({ kind: 'expense', recognizedOn: '2026-03-10', terminatedOn: '2026-12-31' });
    expect(p).toEqual({ from: '2025-03-10', to: '2026-12-31', article: '001 §10(二)' });
    expect(periodCovers(p, '2025-03-09')).toBe(false);
    expect(periodCovers(p, '2025-03-10')).toBe(true);
  });

  test('29 February: no same day a year before, so the day before it (28 February)', () => {
    expect(sameDayTwelveMonthsBefore('2024-02-29')).toBe('2023-02-28');
    expect(benefitPeriod({ kind: 'expense', recognizedOn: '2024-02-29', terminatedOn: null }).from).toBe('2023-02-28');
    // the other way round the day exists: 2025-02-28 → 2024-02-28, and 2025-03-01 → 2024-03-01 (not 29 February)
    expect(sameDayTwelveMonthsBefore('2025-02-28')).toBe('2024-02-28');
    expect(sameDayTwelveMonthsBefore('2025-03-01')).toBe('2024-03-01');
  });

  test('month ends and year ends keep their day', () => {
    expect(sameDayTwelveMonthsBefore('2026-01-31')).toBe('2025-01-31');
    expect(sameDayTwelveMonthsBefore('2026-04-30')).toBe('2025-04-30');
    expect(sameDayTwelveMonthsBefore('2026-12-31')).toBe('2025-12-31');
    expect(sameDayTwelveMonthsBefore('2026-01-01')).toBe('2025-01-01');
  });
});

describe('identity checks', () => {
  test('the kind follows the category where 001 §10 fixes it', () => {
    expect(identityProblems({ category: 'minimum_living', kind: 'expense', recognizedOn: '2026-01-01', terminatedOn: null })).toEqual([
      expect.stringContaining('收入型'),
    ]);
    expect(
      snapshotOf({
        person: { name: '甲', idNumber: '' },
        category: 'expense_type_illness',
        recognizedOn: '2026-01-01',
        terminatedOn: null,
        department: 'civil_affairs',
      }).kind,
    ).toBe('expense');
  });

  test('a category that may be either needs the kind, and a termination before recognition is refused; all problems at once', () => {
    const problems = identityProblems({ category: 'poverty_relapse_risk', recognizedOn: '2026-05-01', terminatedOn: '2026-04-30' });
    expect(problems).toHaveLength(2);
  });
});

describe('is person X a recipient on date D, in which category, and why', () => {
  test('no identity: not a recipient, and says so', () => {
    expect(recipientOnDate([], '2026-05-01')).toMatchObject({ recipient: false, category: null, reason: '无医疗救助对象身份记录' });
  });

  test('inside the period: the category, its period and article', () => {
    const a = recipientOnDate([identity({})], '2026-05-01');
    expect(a).toMatchObject({ recipient: true, category: 'minimum_living', kind: 'income' });
    expect(a.identities[0]).toMatchObject({ benefitFrom: '2026-03-10', benefitTo: null, article: '001 §10(一)' });
    expect(a.reason).toContain('最低生活保障对象');
    expect(a.reason).toContain('001 §10(一)');
  });

  test('before recognition and after termination: not a recipient, with the dates that apply', () => {
    const ended = identity({ terminatedOn: '2026-08-31' });
    const before = recipientOnDate([ended], '2026-03-09');
    expect(before.recipient).toBe(false);
    expect(before.reason).toContain('自 2026-03-10 起');
    const after = recipientOnDate([ended], '2026-09-01');
    expect(after.recipient).toBe(false);
    expect(after.reason).toContain('已于 2026-08-31 终止');
    expect(recipientOnDate([ended], '2026-08-31').recipient).toBe(true);
  });

  test('an expense-type identity answers for the 12 months before its recognition', () => {
    const e = identity({ category: 'expense_type_illness', kind: 'expense', recognizedOn: '2026-06-15' });
    expect(recipientOnDate([e], '2025-06-15')).toMatchObject({ recipient: true, category: 'expense_type_illness' });
    expect(recipientOnDate([e], '2025-06-14').recipient).toBe(false);
  });

  test('two identities on one day: the higher prevails, both are listed (001 §11 就高不就低)', () => {
    const a = recipientOnDate(
      [identity({ category: 'minimum_living_margin' }), identity({ category: 'extreme_poverty', recognizedOn: '2026-04-01' })],
      '2026-05-01',
    );
    expect(a.category).toBe('extreme_poverty');
    expect(a.identities.map((i) => i.category)).toEqual(['extreme_poverty', 'minimum_living_margin']);
    expect(a.reason).toContain('就高不就低');
  });
});

describe('001 §11 identity change during a hospital stay', () => {
  test('terminated during the stay: the stay keeps the old category', () => {
    const a = recipientForStay([identity({ terminatedOn: '2026-05-03' })], '2026-05-01', '2026-05-10');
    expect(a).toMatchObject({ recipient: true, category: 'minimum_living' });
  });

  test('gained during the stay: the whole stay counts', () => {
    const a = recipientForStay([identity({ recognizedOn: '2026-05-08' })], '2026-05-01', '2026-05-10');
    expect(a).toMatchObject({ recipient: true, category: 'minimum_living' });
  });

  test('changed during the stay: the higher one, once', () => {
    const a = recipientForStay(
      [
        identity({ category: 'minimum_living_margin', terminatedOn: '2026-05-04' }),
        identity({ category: 'minimum_living', recognizedOn: '2026-05-05' }),
      ],
      '2026-05-01',
      '2026-05-10',
    );
    expect(a.category).toBe('minimum_living');
    expect(a.identities).toHaveLength(2);
  });

  test('an identity ended before admission does not reach the stay', () => {
    expect(recipientForStay([identity({ terminatedOn: '2026-04-30' })], '2026-05-01', '2026-05-10').recipient).toBe(false);
  });
});
