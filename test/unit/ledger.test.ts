import {
  accounts,
  accountBalance,
  checkBalanced,
  firstWorkingDay,
  formatYuan,
  isLeafAccount,
  isTurnoverOnTime,
  isTurnoverPremature,
  type JournalEntryDraft,
  type JournalLine,
  parseYuan,
  postAdvanceClearing,
  postFiscalIncome,
  postOffsitePrepaymentAdvance,
  postPrepaymentTransfer,
  postSettlementPayment,
  postSubsidisedEnrolmentPayment,
  postTurnoverTransfer,
  prepaymentProposal,
  previousMonth,
  reversal,
  spendingInPeriod,
  trialBalance,
  turnoverDueDate,
  turnoverLastDay,
} from '../../domain/ledger';
import { DomainError } from '../../domain/errors';
import { calendarFrom } from '../../domain/working-days';
import { seeded2026 } from '../support/calendars';

const accountsOf = (e: JournalEntryDraft) => e.lines.map((l) => `${l.side}:${l.account}:${l.amountFen}`);

describe('chart of accounts (001 §18)', () => {
  test('names every account of 001 §18 with type and normal side', () => {
    const byCode = Object.fromEntries(accounts.map((a) => [a.code, a]));
    expect(Object.keys(byCode).sort()).toEqual([
      'assistance_benefit_expense',
      'assistance_benefit_expense.inpatient',
      'assistance_benefit_expense.outpatient',
      'assistance_benefit_expense.subsidised_enrolment',
      'expenditure_account_deposit',
      'fiscal_special_account_deposit',
      'fiscal_subsidy_income',
      'interest_income',
      'other_income',
      'temporary_payment',
    ]);
    expect(byCode.fiscal_special_account_deposit).toMatchObject({ name: '财政专户存款', type: 'asset', normalSide: 'debit', parent: null });
    expect(byCode.temporary_payment).toMatchObject({ name: '暂付款', type: 'asset', normalSide: 'debit' });
    expect(byCode.fiscal_subsidy_income).toMatchObject({ name: '财政补贴收入', type: 'income', normalSide: 'credit' });
    expect(byCode['assistance_benefit_expense.subsidised_enrolment']).toMatchObject({
      name: '资助参保支出',
      type: 'expense',
      normalSide: 'debit',
      parent: 'assistance_benefit_expense',
    });
    expect(isLeafAccount('assistance_benefit_expense')).toBe(false);
    expect(isLeafAccount('assistance_benefit_expense.inpatient')).toBe(true);
  });
});

describe('annual prepayment (001 §20; DOMAIN §11)', () => {
  test('25% of last year without carryover', () => {
    const p = prepaymentProposal({ lastYearSpendingFen: 400_000_00, carryoverFen: 0 });
    expect(p).toMatchObject({ quarterFen: 100_000_00, carryoverFen: 0, proposedFen: 100_000_00 });
    expect(p.lines.map((l) => l.amountFen)).toEqual([400_000_00, 100_000_00, 0, 100_000_00]);
    expect(p.lines[0].label).toContain('上年度');
  });

  test('the carryover reduces the prepayment', () => {
    const p = prepaymentProposal({ lastYearSpendingFen: 400_000_00, carryoverFen: 30_000_00 });
    expect(p.proposedFen).toBe(70_000_00);
    expect(p.lines.map((l) => l.amountFen)).toEqual([400_000_00, 100_000_00, 30_000_00, 70_000_00]);
    expect(p.lines[2].label).toContain('结转');
  });

  test('a carryover larger than 25% gives 0, never negative', () => {
    const p = prepaymentProposal({ lastYearSpendingFen: 400_000_00, carryoverFen: 120_000_00 });
    expect(p.proposedFen).toBe(0);
    expect(p.quarterFen).toBe(100_000_00);
  });

  test.each([
    [10, 3], // 2.5 → 3
    [6, 2], // 1.5 → 2
    [5, 1], // 1.25 → 1
    [7, 2], // 1.75 → 2
    [4, 1],
    [0, 0],
    [1, 0], // 0.25 → 0
    [2, 1], // 0.5 → 1
    [Number.MAX_SAFE_INTEGER, 2251799813685248], // (2^53 − 1)/4 = 2251799813685247.75 → up
  ])('25%% of %i fen rounds half up to %i fen', (spending, quarter) => {
    expect(prepaymentProposal({ lastYearSpendingFen: spending, carryoverFen: 0 }).quarterFen).toBe(quarter);
  });

  test('refuses negative or fractional inputs', () => {
    expect(() => prepaymentProposal({ lastYearSpendingFen: -1, carryoverFen: 0 })).toThrow(RangeError);
    expect(() => prepaymentProposal({ lastYearSpendingFen: 1.5, carryoverFen: 0 })).toThrow(RangeError);
    expect(() => prepaymentProposal({ lastYearSpendingFen: 100, carryoverFen: -1 })).toThrow(RangeError);
  });
});

describe('spending in a period (DOMAIN §11 上个月实际支出数 / 上年度实际费用)', () => {
  const postings = [
    { account: 'assistance_benefit_expense.inpatient', side: 'debit' as const, amountFen: 500, date: '2025-11-30' },
    { account: 'assistance_benefit_expense.inpatient', side: 'debit' as const, amountFen: 1000, date: '2025-12-01' },
    { account: 'assistance_benefit_expense.outpatient', side: 'debit' as const, amountFen: 200, date: '2025-12-15' },
    { account: 'assistance_benefit_expense.subsidised_enrolment', side: 'debit' as const, amountFen: 300, date: '2025-12-31' },
    { account: 'assistance_benefit_expense.outpatient', side: 'credit' as const, amountFen: 50, date: '2025-12-20' }, // reversal
    { account: 'expenditure_account_deposit', side: 'credit' as const, amountFen: 1450, date: '2025-12-31' }, // not spending
    { account: 'assistance_benefit_expense.inpatient', side: 'debit' as const, amountFen: 7000, date: '2026-01-01' },
  ];

  test('the January 2026 request counts 2025-12-31 and not 2026-01-01', () => {
    const prev = previousMonth('2026-01');
    expect(prev).toEqual({ month: '2025-12', from: '2025-12-01', to: '2025-12-31' });
    expect(spendingInPeriod(postings, prev.from, prev.to)).toBe(1000 + 200 + 300 - 50);
  });

  test('a calendar year', () => {
    expect(spendingInPeriod(postings, '2025-01-01', '2025-12-31')).toBe(500 + 1000 + 200 + 300 - 50);
  });
});

describe('previous month', () => {
  test('February in leap and common years, and an ordinary month', () => {
    expect(previousMonth('2024-03')).toEqual({ month: '2024-02', from: '2024-02-01', to: '2024-02-29' });
    expect(previousMonth('2026-03')).toEqual({ month: '2026-02', from: '2026-02-01', to: '2026-02-28' });
    expect(previousMonth('2000-03').to).toBe('2000-02-29');
    expect(previousMonth('2100-03').to).toBe('2100-02-28');
    expect(previousMonth('2026-05')).toEqual({ month: '2026-04', from: '2026-04-01', to: '2026-04-30' });
    expect(() => previousMonth('2026-13')).toThrow(RangeError);
    expect(() => previousMonth('2026-1')).toThrow(RangeError);
  });
});

describe('turnover fund deadline (001 §21; DOMAIN §11)', () => {
  test('on time on the 18th, late on the 19th', () => {
    expect(turnoverDueDate('2026-02')).toBe('2026-02-18');
    expect(isTurnoverOnTime('2026-02', '2026-02-01')).toBe(true);
    expect(isTurnoverOnTime('2026-02', '2026-02-18')).toBe(true);
    expect(isTurnoverOnTime('2026-02', '2026-02-19')).toBe(false);
    expect(isTurnoverOnTime('2026-02', '2026-03-01')).toBe(false);
  });

  test('when the 18th is not a working day the last day moves to the next working day (Civil Code art. 203)', () => {
    const calendar = calendarFrom([seeded2026]);
    expect(turnoverLastDay('2026-03', calendar)).toEqual({ date: '2026-03-18', provisional: false }); // a Wednesday
    expect(turnoverLastDay('2026-04', calendar)).toEqual({ date: '2026-04-20', provisional: false }); // Saturday → Monday
    expect(turnoverLastDay('2026-02', calendar)).toEqual({ date: '2026-02-24', provisional: false }); // Spring Festival 15–23 Feb
    expect(isTurnoverOnTime('2026-02', '2026-02-24', turnoverLastDay('2026-02', calendar).date)).toBe(true);
    expect(isTurnoverOnTime('2026-02', '2026-02-25', turnoverLastDay('2026-02', calendar).date)).toBe(false);
    expect(turnoverLastDay('2027-04', calendar).provisional).toBe(true); // 2027 not loaded: marked provisional
  });

  test('a request before the month begins is premature, not late', () => {
    expect(isTurnoverPremature('2026-02', '2026-01-31')).toBe(true);
    expect(isTurnoverPremature('2026-02', '2026-02-01')).toBe(false);
  });
});

describe('first working day (DOMAIN §11: prepayment starts on the first working day of January)', () => {
  const holidays = ['2026-01-01', '2026-01-02', '2026-01-03'];

  test('with the make-up Sunday 4 January 2026 it is the 4th', () => {
    const cal = calendarFrom([{ year: 2026, holidays, makeupWorkdays: ['2026-01-04'] }]);
    expect(firstWorkingDay(cal, 2026, 1)).toBe('2026-01-04');
  });

  test('without it it is Monday the 5th', () => {
    const cal = calendarFrom([{ year: 2026, holidays, makeupWorkdays: [] }]);
    expect(firstWorkingDay(cal, 2026, 1)).toBe('2026-01-05');
  });

  test('on the seeded 2026 calendar (Jan 1–3 off, Sunday Jan 4 worked) it is Sunday the 4th', () => {
    expect(firstWorkingDay(calendarFrom([seeded2026]), 2026, 1)).toBe('2026-01-04');
  });

  test('an ordinary month starting on a working day', () => {
    const cal = calendarFrom([{ year: 2026, holidays: [], makeupWorkdays: [] }]);
    expect(firstWorkingDay(cal, 2026, 6)).toBe('2026-06-01'); // Monday
    expect(firstWorkingDay(cal, 2026, 2)).toBe('2026-02-02'); // Feb 1 is a Sunday
  });
});

describe('checkBalanced (001 §17 借贷记账法)', () => {
  const entry = (lines: JournalLine[]): JournalEntryDraft => ({
    agency: 'pengjiang',
    date: '2026-01-05',
    memo: 'test',
    source: { kind: 'test', key: 'k' },
    lines,
  });

  test('a balanced entry passes', () => {
    expect(
      checkBalanced(
        entry([
          { account: 'expenditure_account_deposit', side: 'debit', amountFen: 100 },
          { account: 'fiscal_special_account_deposit', side: 'credit', amountFen: 100 },
        ]),
      ),
    ).toEqual({ ok: true });
  });

  test('an unbalanced entry is refused with the difference', () => {
    const r = checkBalanced(
      entry([
        { account: 'expenditure_account_deposit', side: 'debit', amountFen: 100 },
        { account: 'fiscal_special_account_deposit', side: 'credit', amountFen: 90 },
      ]),
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems).toEqual(['借贷不平衡：借方合计 1.00 元，贷方合计 0.90 元，相差 0.10 元']);
  });

  test('a single line is refused', () => {
    const r = checkBalanced(entry([{ account: 'expenditure_account_deposit', side: 'debit', amountFen: 100 }]));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.join('\n')).toContain('至少需要两行');
  });

  test('posting to a parent account is refused', () => {
    const r = checkBalanced(
      entry([
        { account: 'assistance_benefit_expense', side: 'debit', amountFen: 100 },
        { account: 'expenditure_account_deposit', side: 'credit', amountFen: 100 },
      ]),
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems).toEqual([expect.stringContaining('医疗救助待遇支出')]);
    if (!r.ok) expect(r.problems[0]).toContain('不能直接记账');
  });

  test.each([0, -100, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1])('amount %p is refused', (amountFen) => {
    const r = checkBalanced(
      entry([
        { account: 'expenditure_account_deposit', side: 'debit', amountFen },
        { account: 'fiscal_special_account_deposit', side: 'credit', amountFen },
      ]),
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.join('\n')).toContain('金额必须是正整数');
  });

  test('an unknown account, a bad side and a line with both sides are refused', () => {
    const r = checkBalanced(
      entry([
        { account: 'no_such_account', side: 'debit', amountFen: 100 } as unknown as JournalLine,
        { account: 'fiscal_special_account_deposit', side: 'both', amountFen: 100 } as unknown as JournalLine,
        { account: 'other_income', side: 'credit', amountFen: 100, debit: 100, credit: 100 } as unknown as JournalLine,
      ]),
    );
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems.join('\n')).toContain('no_such_account 不存在');
      expect(r.problems.join('\n')).toContain('借贷方向 both 无效');
      expect(r.problems.join('\n')).toContain('同时记借方和贷方');
    }
  });
});

describe('posting rules (001 §18–§21)', () => {
  const agency = 'xinhui' as const;

  test('fiscal income goes into the fiscal special account', () => {
    for (const [kind, account] of [
      ['fiscal_subsidy', 'fiscal_subsidy_income'],
      ['interest', 'interest_income'],
      ['other', 'other_income'],
    ] as const) {
      const e = postFiscalIncome({ agency, date: '2026-03-02', kind, amountFen: 12_345, ref: 'R1' });
      expect(checkBalanced(e)).toEqual({ ok: true });
      expect(accountsOf(e)).toEqual(['debit:fiscal_special_account_deposit:12345', `credit:${account}:12345`]);
      expect(e.source).toEqual({ kind: 'fiscal_income', key: `xinhui:${kind}:R1` });
    }
  });

  test('turnover transfer: fiscal special account → expenditure account', () => {
    const e = postTurnoverTransfer({ agency, date: '2026-02-10', month: '2026-02', amountFen: 50_000, requestId: 'T-1' });
    expect(checkBalanced(e)).toEqual({ ok: true });
    expect(accountsOf(e)).toEqual(['debit:expenditure_account_deposit:50000', 'credit:fiscal_special_account_deposit:50000']);
    expect(e.source).toEqual({ kind: 'turnover_transfer', key: 'xinhui:2026-02:T-1' });
    expect(e.memo).toContain('2026年2月周转金');
  });

  test('prepayment transfer: fiscal special account → expenditure account', () => {
    const e = postPrepaymentTransfer({ agency, date: '2026-01-05', year: 2026, amountFen: 70_000_00, requestId: 'P-1' });
    expect(checkBalanced(e)).toEqual({ ok: true });
    expect(accountsOf(e)).toEqual(['debit:expenditure_account_deposit:7000000', 'credit:fiscal_special_account_deposit:7000000']);
    expect(e.source).toEqual({ kind: 'prepayment_transfer', key: 'xinhui:2026:P-1' });
  });

  test('settlement payment: expenditure account pays the institution, by category', () => {
    const e = postSettlementPayment({
      agency,
      date: '2026-02-20',
      institution: 'H001',
      category: 'inpatient',
      amountFen: 9_999,
      batchKey: 'B-2026-02',
    });
    expect(checkBalanced(e)).toEqual({ ok: true });
    expect(accountsOf(e)).toEqual(['debit:assistance_benefit_expense.inpatient:9999', 'credit:expenditure_account_deposit:9999']);
    const o = postSettlementPayment({
      agency,
      date: '2026-02-20',
      institution: 'H001',
      category: 'outpatient',
      amountFen: 1,
      batchKey: 'B-2026-02',
    });
    expect(o.lines[0].account).toBe('assistance_benefit_expense.outpatient');
    expect(o.source.key).not.toBe(e.source.key);
  });

  test('subsidised enrolment is paid from the expenditure account', () => {
    const e = postSubsidisedEnrolmentPayment({ agency, date: '2026-01-20', amountFen: 38_000, ref: 'S-1' });
    expect(checkBalanced(e)).toEqual({ ok: true });
    expect(accountsOf(e)).toEqual([
      'debit:assistance_benefit_expense.subsidised_enrolment:38000',
      'credit:expenditure_account_deposit:38000',
    ]);
  });

  test('the off-site prepayment advance uses 暂付款 and is cleared into expenditure', () => {
    const a = postOffsitePrepaymentAdvance({ agency, date: '2026-01-06', year: 2026, amountFen: 1_000, requestId: 'O-1' });
    const c = postAdvanceClearing({ agency, date: '2026-03-01', category: 'inpatient', amountFen: 400, ref: 'C-1' });
    expect(accountsOf(a)).toEqual(['debit:temporary_payment:1000', 'credit:fiscal_special_account_deposit:1000']);
    expect(accountsOf(c)).toEqual(['debit:assistance_benefit_expense.inpatient:400', 'credit:temporary_payment:400']);
    expect(accountBalance([...a.lines, ...c.lines], 'temporary_payment')).toBe(600);
  });

  test('the same event gives the same source (deterministic)', () => {
    const input = { agency, date: '2026-02-10', month: '2026-02', amountFen: 50_000, requestId: 'T-1' };
    expect(postTurnoverTransfer(input)).toEqual(postTurnoverTransfer(input));
  });

  test('bad amounts and inputs are refused with a validation error', () => {
    for (const amountFen of [0, -1, 0.5]) {
      expect(() => postSubsidisedEnrolmentPayment({ agency, date: '2026-01-20', amountFen, ref: 'S-1' })).toThrow(DomainError);
    }
    expect(() => postTurnoverTransfer({ agency, date: '2026-02-10', month: '2026-2', amountFen: 1, requestId: 'T' })).toThrow(/月份/);
    expect(() => postFiscalIncome({ agency, date: '2026-02-30', kind: 'interest', amountFen: 1, ref: 'R' })).toThrow(/记账日期/);
    try {
      postSettlementPayment({ agency, date: '2026-02-20', institution: '', category: 'inpatient', amountFen: 1, batchKey: 'B' });
      throw new Error('expected a refusal');
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).code).toBe('VALIDATION_FAILED');
    }
  });
});

describe('reversal', () => {
  const original = postSettlementPayment({
    agency: 'taishan',
    date: '2026-02-20',
    institution: 'H9',
    category: 'outpatient',
    amountFen: 2_500,
    batchKey: 'B1',
  });

  test('swaps the sides, balances and nets the original to zero', () => {
    const r = reversal(original, { date: '2026-03-02', reason: '重复支付', key: 'R1' });
    expect(checkBalanced(r)).toEqual({ ok: true });
    expect(accountsOf(r)).toEqual(['credit:assistance_benefit_expense.outpatient:2500', 'debit:expenditure_account_deposit:2500']);
    expect(r.source.kind).toBe('reversal');
    expect(r.source.key).toContain(original.source.key);
    expect(r.memo).toContain('重复支付');
    expect(r.agency).toBe('taishan');
    const all = [...original.lines, ...r.lines];
    expect(accountBalance(all, 'assistance_benefit_expense')).toBe(0);
    expect(accountBalance(all, 'expenditure_account_deposit')).toBe(0);
  });

  test('needs a reason and cannot predate the original', () => {
    expect(() => reversal(original, { date: '2026-03-02', reason: ' ', key: 'R1' })).toThrow(/冲销原因/);
    expect(() => reversal(original, { date: '2026-02-19', reason: '错误', key: 'R1' })).toThrow(/早于/);
  });
});

describe('balances and trial balance', () => {
  test('a year of business balances, and the carryover feeds next year', () => {
    const agency = 'kaiping' as const;
    const entries = [
      postFiscalIncome({ agency, date: '2025-01-02', kind: 'fiscal_subsidy', amountFen: 1_000_000, ref: 'F1' }),
      postFiscalIncome({ agency, date: '2025-06-21', kind: 'interest', amountFen: 1_234, ref: 'I1' }),
      postPrepaymentTransfer({ agency, date: '2025-01-06', year: 2025, amountFen: 200_000, requestId: 'P1' }),
      postSettlementPayment({ agency, date: '2025-03-10', institution: 'H1', category: 'inpatient', amountFen: 150_000, batchKey: 'B1' }),
      postSubsidisedEnrolmentPayment({ agency, date: '2025-04-01', amountFen: 30_000, ref: 'S1' }),
      postTurnoverTransfer({ agency, date: '2025-04-10', month: '2025-04', amountFen: 150_000, requestId: 'T1' }),
      postSettlementPayment({ agency, date: '2025-12-31', institution: 'H2', category: 'outpatient', amountFen: 100_001, batchKey: 'B2' }),
    ];
    const postings = entries.flatMap((e) => e.lines.map((l) => ({ ...l, date: e.date })));
    const tb = trialBalance(postings);
    expect(tb.totals.balanced).toBe(true);
    expect(tb.totals.debitFen).toBe(tb.totals.creditFen);
    const row = (a: string) => tb.rows.find((r) => r.account === a)!;
    expect(row('fiscal_special_account_deposit')).toMatchObject({ debitFen: 1_001_234, creditFen: 350_000, balanceFen: 651_234 });
    expect(row('fiscal_subsidy_income')).toMatchObject({ creditFen: 1_000_000, balanceFen: 1_000_000, normalSide: 'credit' });
    expect(row('expenditure_account_deposit').balanceFen).toBe(350_000 - 280_001);
    expect(tb.rows.map((r) => r.account)).not.toContain('temporary_payment');

    const carryover = accountBalance(
      postings.filter((p) => p.date <= '2025-12-31'),
      'expenditure_account_deposit',
    );
    const spending = spendingInPeriod(postings, '2025-01-01', '2025-12-31');
    expect(spending).toBe(280_001);
    const p = prepaymentProposal({ lastYearSpendingFen: spending, carryoverFen: carryover });
    expect(p.quarterFen).toBe(70_000); // 70000.25 rounds down
    expect(p.proposedFen).toBe(70_000 - 69_999);
  });

  test('unknown accounts are refused', () => {
    expect(() => trialBalance([{ account: 'cash', side: 'debit', amountFen: 1 }])).toThrow(RangeError);
  });
});

describe('yuan text (exact, no floating point)', () => {
  test.each([
    ['1234', 123_400],
    ['1234.5', 123_450],
    ['1234.56', 123_456],
    ['0.01', 1],
    ['0', 0],
    ['-0.05', -5],
    ['0.1', 10],
    ['90071992547409.91', Number.MAX_SAFE_INTEGER],
  ])('parseYuan(%p) = %p fen', (text, fen) => {
    expect(parseYuan(text)).toBe(fen);
  });

  test.each(['1234.567', '1,234.50', '1，234', 'abc', '', '.5', '1.', '1e3', ' 12', '+1', '0x10', '12元', '１２', '90071992547409.92'])(
    'parseYuan(%p) is refused',
    (text) => {
      expect(() => parseYuan(text)).toThrow(RangeError);
    },
  );

  test('messages are in Chinese', () => {
    expect(() => parseYuan('1.234')).toThrow('最多保留两位小数');
    expect(() => parseYuan('1,234')).toThrow('千位分隔符');
    expect(() => parseYuan('abc')).toThrow('不是有效的数字');
  });

  test('formatYuan', () => {
    expect(formatYuan(123_450)).toBe('1234.50');
    expect(formatYuan(5)).toBe('0.05');
    expect(formatYuan(0)).toBe('0.00');
    expect(formatYuan(-123_456)).toBe('-1234.56');
    expect(() => formatYuan(1.5)).toThrow(RangeError);
  });

  test('round trips', () => {
    for (const fen of [0, 1, 9, 10, 99, 100, 101, 123_456, -1, -100, -987_654_321, Number.MAX_SAFE_INTEGER]) {
      expect(parseYuan(formatYuan(fen))).toBe(fen);
    }
    for (const text of ['0.00', '12.30', '-7.05', '1000000.00']) expect(formatYuan(parseYuan(text))).toBe(text);
  });
});
