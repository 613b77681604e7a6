/**
 * Manual reimbursement's pure rules: the 3-year limit (000 §23, with the third-party start and
 * 29 February), the grounds for general outpatient (000 §24) with the remote-care register's
 * answer, duplicate invoices, the category of a stay whose identity changed (001 §11), the
 * children's rule (001 §14), the uninsured and insured-elsewhere bases (001 §15), and the claim's
 * review chains (per-line reasons, four different signers).
 */
import type { Actor } from '../../domain/people';
import {
  type ClaimCommand,
  type ClaimState,
  applyClaimCommand,
  checkClaimAction,
  checkInjuryForPayment,
  decidedAmount,
  intakeLines,
  openClaim,
} from '../../domain/reimbursement';
import {
  type ExpenseLine,
  type IdentityPeriod,
  applicationPeriod,
  assessmentBase,
  categoryForStay,
  categoryForVisit,
  checkApplicationPeriod,
  checkChildRule,
  checkDuplicateInvoices,
  checkOutpatientGround,
  hypotheticalBasicShare,
  threeYearsOn,
} from '../../domain/reimbursement-rules';
import { calendarFrom } from '../../domain/working-days';
import { seeded2025 } from '../support/calendars';
import { idNumberOf } from '../support/id-number';

const weekdays = calendarFrom([]);
const line = (over: Partial<ExpenseLine> = {}): ExpenseLine => ({
  lineNo: 1,
  category: 'inpatient',
  serviceDate: '2026-03-10',
  institutionCode: 'H44078101',
  institutionName: '台山市人民医院',
  invoiceNo: 'INV-1',
  amountFen: 100_000,
  ...over,
});

describe('000 §23: three years to apply', () => {
  test('from the discharge or visit date to the same day three years on; 29 February ends on 28 February', () => {
    expect(threeYearsOn('2023-03-10')).toBe('2026-03-10');
    expect(threeYearsOn('2024-02-29')).toBe('2027-02-28');
    expect(threeYearsOn('2028-02-29')).toBe('2031-02-28');
    expect(threeYearsOn('2025-02-28')).toBe('2028-02-28'); // a leap year's 28 February is still the same day
  });

  test('the last day is in time, the next day is refused with the dates', () => {
    const l = line({ serviceDate: '2023-03-10' });
    expect(checkApplicationPeriod(l, '2026-03-10', weekdays)).toBeNull();
    expect(checkApplicationPeriod(l, '2026-03-11', weekdays)).toMatchObject({
      code: 'APPLICATION_PERIOD_EXPIRED',
      article: '000 §23',
      facts: { from: '2023-03-10', lastDay: '2026-03-10', appliedOn: '2026-03-11', fromBasis: 'service_date' },
    });
  });

  test('a last day on a weekend or a holiday moves to the next working day (Civil Code art. 203)', () => {
    // 2026-03-14 is a Saturday
    expect(applicationPeriod(line({ serviceDate: '2023-03-14' }), weekdays)).toEqual({
      from: '2023-03-14',
      fromBasis: 'service_date',
      lastDay: '2026-03-16',
      extended: true,
    });
    // 2025-10-01 … 10-08 National Day on the loaded calendar: discharged 2022-10-01, the last day is 2025-10-09
    expect(applicationPeriod(line({ serviceDate: '2022-10-01' }), calendarFrom([seeded2025])).lastDay).toBe('2025-10-09');
  });

  test('先行支付: from the day the third party was found not to pay, also on 29 February', () => {
    const thirdParty = { establishedOn: '2024-02-29', basis: 'third_party_not_paying' as const, advancePaymentFormNo: 'XF-1' };
    const l = line({ serviceDate: '2022-05-01', thirdParty });
    // 2027-02-28 is a Sunday: the last day is Monday 1 March
    expect(applicationPeriod(l, weekdays)).toMatchObject({
      from: '2024-02-29',
      fromBasis: 'third_party_established',
      lastDay: '2027-03-01',
    });
    expect(checkApplicationPeriod(l, '2027-03-01', weekdays)).toBeNull();
    expect(checkApplicationPeriod(l, '2027-03-02', weekdays)?.facts).toMatchObject({ lastDay: '2027-03-01' });
    // without the third party's date the same costs are long out of time
    expect(checkApplicationPeriod({ ...l, thirdParty: undefined }, '2027-03-01', weekdays)?.facts).toMatchObject({ lastDay: '2025-05-01' });
  });
});

describe('000 §24: general outpatient only on its three grounds', () => {
  const gp = (outpatientGround?: ExpenseLine['outpatientGround']) =>
    line({ category: 'general_outpatient', serviceDate: '2026-05-10', outpatientGround });
  const filing = { filingNo: 'RC-1', type: 'long_term_residence', status: 'active', validFrom: '2026-01-15', validUntil: null };

  test('no ground: refused; a special-disease or inpatient line needs none', () => {
    expect(checkOutpatientGround(gp(), null).refusal).toMatchObject({ code: 'GENERAL_OUTPATIENT_NOT_CLAIMABLE', article: '000 §24' });
    expect(checkOutpatientGround(line({ category: 'special_disease_outpatient' }), null)).toEqual({ refusal: null, finding: null });
  });

  test('ground 1 and 2 take the register’s answer where it holds the filing: type and validity on the visit date', () => {
    const ground1 = { ground: 'resettled_or_long_term_resident' as const, filingNo: 'RC-1', evidence: '居住证' };
    expect(checkOutpatientGround(gp(ground1), filing).finding).toMatchObject({ source: 'register' });
    expect(checkOutpatientGround(gp(ground1), { ...filing, validFrom: '2026-06-01' }).refusal?.message).toContain('不在有效期内');
    expect(checkOutpatientGround(gp(ground1), { ...filing, type: 'other_temporary' }).refusal?.code).toBe(
      'GENERAL_OUTPATIENT_NOT_CLAIMABLE',
    );
    const ground2 = { ground: 'posted_worker_long_term_filing' as const, filingNo: 'RC-1', evidence: '派驻函' };
    expect(checkOutpatientGround(gp(ground2), filing).refusal?.message).toContain('类型');
    expect(checkOutpatientGround(gp(ground2), { ...filing, type: 'stationed_work' }).refusal).toBeNull();
    // a cancelled filing still answers for the days it was valid
    expect(checkOutpatientGround(gp(ground1), { ...filing, status: 'cancelled', validUntil: '2026-05-09' }).refusal).not.toBeNull();
  });

  test('a filing the register does not hold is the clerk’s explicit input, recorded as such', () => {
    const found = checkOutpatientGround(
      gp({ ground: 'resettled_or_long_term_resident', filingNo: 'OLD-1', evidence: '2019年备案回执' }),
      null,
    );
    expect(found).toEqual({
      refusal: null,
      finding: {
        ground: 'resettled_or_long_term_resident',
        source: 'clerk_evidence',
        evidence: '（登记簿无此备案，按窗口核验）2019年备案回执',
      },
    });
  });

  test('ground 3: the recorded outage must cover the visit date', () => {
    const outage = (from: string, to: string) => ({
      ground: 'platform_outage' as const,
      outage: { from, to, reference: '省平台故障通报2026-12号' },
    });
    expect(checkOutpatientGround(gp(outage('2026-05-09', '2026-05-10')), null).finding?.source).toBe('outage_record');
    expect(checkOutpatientGround(gp(outage('2026-05-11', '2026-05-12')), null).refusal?.message).toContain('不在记录的平台故障期间');
  });
});

test('a duplicate invoice is refused naming the claim that holds it; a repeat within one claim names the line', () => {
  const lines = [line(), line({ lineNo: 2, invoiceNo: 'INV-2' }), line({ lineNo: 3, invoiceNo: 'INV-2' })];
  const refusals = checkDuplicateInvoices(lines, new Map([['H44078101:INV-1', 'reimbursement:abc:TS-1']]));
  expect(refusals.get(1)).toMatchObject({ code: 'INVOICE_ALREADY_CLAIMED', facts: { claimId: 'reimbursement:abc:TS-1' } });
  expect(refusals.has(2)).toBe(false);
  expect(refusals.get(3)).toMatchObject({ code: 'INVOICE_REPEATED_IN_CLAIM', facts: { sameAsLine: 2 } });
  // the same number at another institution is another invoice
  expect(checkDuplicateInvoices([line(), line({ lineNo: 2, institutionCode: 'H44078301' })], new Map()).size).toBe(0);
});

test('intake keeps every line, refusing the ones out of time, without a ground, or already claimed; the rest goes on', () => {
  const lines = intakeLines(
    [
      line({ serviceDate: '2022-01-04' }),
      line({ lineNo: 2, invoiceNo: 'INV-2', category: 'general_outpatient' }),
      line({ lineNo: 3, invoiceNo: 'INV-3' }),
    ],
    { appliedOn: '2026-03-20', calendar: weekdays, filings: new Map(), heldInvoices: new Map() },
  );
  expect(lines.map((l) => l.refusal?.code ?? null)).toEqual(['APPLICATION_PERIOD_EXPIRED', 'GENERAL_OUTPATIENT_NOT_CLAIMABLE', null]);
  expect(lines[2]).toMatchObject({ payableFen: null, refusal: null });
});

describe('001 §11: identity change during a stay', () => {
  const p = (category: IdentityPeriod['category'], from: string, to: string | null): IdentityPeriod => ({
    category,
    from,
    to,
    evidence: '民政认定',
  });
  const stay = ['2026-03-01', '2026-03-10'] as const;

  test('terminated during the stay: the old category', () => {
    expect(categoryForStay([p('subsistence_allowance', '2025-01-01', '2026-03-05')], ...stay)).toMatchObject({
      category: 'subsistence_allowance',
      rule: 'terminated_during_stay',
    });
  });
  test('gained during the stay: the whole stay', () => {
    expect(categoryForStay([p('extreme_poverty', '2026-03-05', null)], ...stay)).toMatchObject({
      category: 'extreme_poverty',
      rule: 'gained_during_stay',
    });
  });
  test('changed during the stay: the higher, once, whichever way it changed', () => {
    const up = [p('low_income_margin', '2025-01-01', '2026-03-04'), p('subsistence_allowance', '2026-03-05', null)];
    expect(categoryForStay(up, ...stay)).toMatchObject({ category: 'subsistence_allowance', rule: 'changed_during_stay' });
    const down = [p('extreme_poverty', '2025-01-01', '2026-03-04'), p('low_income_margin', '2026-03-05', null)];
    expect(categoryForStay(down, ...stay)).toMatchObject({ category: 'extreme_poverty', rule: 'changed_during_stay' });
  });
  test('none held during the stay: none; an outpatient visit is judged on its day', () => {
    expect(categoryForStay([p('poverty_risk', '2026-03-11', null)], ...stay)).toBeNull();
    expect(categoryForVisit([p('poverty_risk', '2026-03-11', null)], '2026-03-10')).toBeNull();
    expect(categoryForVisit([p('poverty_risk', '2026-03-11', null)], '2026-03-11')).toMatchObject({
      category: 'poverty_risk',
      rule: 'visit_date',
    });
  });
});

describe('001 §14: children 0–14 with acute leukaemia or congenital heart disease', () => {
  const child = (birth: string) => ({
    idNumber: idNumberOf('440781', birth, 12),
    diagnosis: 'acute_leukaemia' as const,
    insured: true,
    agency: 'taishan' as const,
    accountKind: 'bank_card' as const,
  });
  test('14 inclusive: the day before the 15th birthday is in, the birthday is out (29 February: 28 February)', () => {
    expect(checkChildRule({ ...child('2011-06-01'), treatmentStartedOn: '2026-05-31' })).toEqual([]);
    expect(checkChildRule({ ...child('2011-06-01'), treatmentStartedOn: '2026-06-01' }).map((p) => p.code)).toEqual(['AGE_OVER_14']);
    expect(checkChildRule({ ...child('2012-02-29'), treatmentStartedOn: '2027-02-27' })).toEqual([]);
    expect(checkChildRule({ ...child('2012-02-29'), treatmentStartedOn: '2027-02-28' }).map((p) => p.code)).toEqual(['AGE_OVER_14']);
  });
  test('every unmet criterion at once: the diagnosis, basic insurance, a county agency, a bank card', () => {
    const problems = checkChildRule({
      ...child('2020-01-01'),
      treatmentStartedOn: '2026-01-01',
      diagnosis: undefined,
      insured: false,
      agency: 'municipal',
      accountKind: 'social_security_card',
    });
    expect(problems.map((p) => p.code)).toEqual(['DIAGNOSIS_NOT_COVERED', 'NOT_INSURED', 'COUNTY_AGENCY_REQUIRED', 'BANK_CARD_REQUIRED']);
  });
});

describe('001 §15: what assistance is assessed on', () => {
  test('uninsured: the share basic insurance would have paid as if insured 24 months, from explicit inputs, half up', () => {
    expect(hypotheticalBasicShare({ eligibleFen: 100_000, deductibleFen: 50_000, rateBp: 7_000 })).toBe(35_000);
    expect(hypotheticalBasicShare({ eligibleFen: 100_001, deductibleFen: 0, rateBp: 5_000 })).toBe(50_001); // 50000.5 → 50001
    expect(hypotheticalBasicShare({ eligibleFen: 10_000, deductibleFen: 50_000, rateBp: 9_000 })).toBe(0);
    const base = assessmentBase({
      status: 'uninsured',
      claimedFen: 120_000,
      share: { eligibleFen: 100_000, deductibleFen: 50_000, rateBp: 7_000, source: '2026年居民医保住院待遇标准' },
    });
    expect(base).toMatchObject({ basicShareFen: 35_000, baseFen: 85_000, basicShareBasis: 'as_if_insured_24_months', article: '001 §15' });
  });
  test('uninsured: 001 §15 "（含大病保险）": the critical-illness part the reviewer computed is deducted too, never past the eligible costs', () => {
    const share = { eligibleFen: 100_000, deductibleFen: 50_000, rateBp: 7_000, source: '2026年居民医保住院待遇标准' };
    const base = assessmentBase({ status: 'uninsured', claimedFen: 120_000, share: { ...share, criticalIllnessFen: 6_000 } });
    expect(base).toMatchObject({ basicShareFen: 41_000, baseFen: 79_000 });
    expect(base.explanation).toContain('大病保险支付部分（6000 分）');
    expect(() => assessmentBase({ status: 'uninsured', claimedFen: 120_000, share: { ...share, criticalIllnessFen: 70_000 } })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });
  test('insured elsewhere: the personal share after the insured place’s settlement; insured here: after the basic claim', () => {
    expect(assessmentBase({ status: 'insured_elsewhere', claimedFen: 90_000, insuredPlacePaidFen: 60_000 }).baseFen).toBe(30_000);
    expect(assessmentBase({ status: 'insured_here', claimedFen: 90_000, basicPaidFen: 70_000 }).baseFen).toBe(20_000);
  });
});

describe('the review chains', () => {
  const actor = (username: string, role: Actor['role']): Actor => ({ username, role, jurisdiction: 'taishan' });
  const clerk = actor('taishan.clerk', 'window_clerk');
  const today = { today: '2026-03-20', at: '2026-03-20T02:00:00.000Z' };
  const claim = (kind: ClaimState['kind'], extra: Partial<ClaimState> = {}): ClaimState => ({
    ...openClaim({
      claimNo: 'TS-1',
      kind,
      personKey: 'abc',
      person: { name: '陈一', idNumber: idNumberOf('440781', '1960-01-01', 1) },
      jurisdiction: 'taishan',
      lines: intakeLines([line(), line({ lineNo: 2, invoiceNo: 'INV-2', amountFen: 50_000 })], {
        appliedOn: '2026-03-20',
        calendar: weekdays,
        filings: new Map(),
        heldInvoices: new Map(),
      }).map((l) => (kind === 'assistance' ? { ...l, basicPaidFen: l.amountFen - 30_000 } : l)),
      account: { kind: 'bank_card', number: '6222020000001234', bank: '工商银行', holder: '陈一' },
      documents: [],
      admission: null,
      assistance:
        kind === 'assistance'
          ? {
              recipientCategory: 'subsistence_allowance',
              insuredStatus: 'insured_here',
              basicClaimId: 'reimbursement:abc:TS-0',
              insuredPlaceSettlement: null,
              identities: [],
              assessedCategory: null,
              childDiagnosis: null,
              care: 'inpatient',
              assessment: null,
              assistanceFen: null,
            }
          : null,
      createdBy: clerk,
      acceptedOn: '2026-03-20',
      at: today.at,
    }),
    ...extra,
  });
  const run = (s: ClaimState, cmd: ClaimCommand) => {
    const refused = checkClaimAction(s, cmd);
    if (refused) throw refused;
    return applyClaimCommand(s, cmd, today);
  };

  test('basic: every line decided, a reduction needs its reason; 拨付 pays the decided total', () => {
    const s = claim('basic_inpatient');
    const reviewer = actor('taishan.reviewer', 'reviewer');
    expect(checkClaimAction(s, { action: 'review', actor: reviewer, lines: [{ lineNo: 1, payableFen: 100_000 }] })?.message).toContain(
      '第2行未审核',
    );
    expect(
      checkClaimAction(s, {
        action: 'review',
        actor: reviewer,
        lines: [
          { lineNo: 1, payableFen: 100_000 },
          { lineNo: 2, payableFen: 40_000 },
        ],
      })?.code,
    ).toBe('REASON_REQUIRED');
    expect(checkClaimAction(s, { action: 'disburse', actor: actor('taishan.finance', 'finance') })?.code).toBe('CASE_WRONG_STATE');
    const reviewed = run(s, {
      action: 'review',
      actor: reviewer,
      lines: [
        { lineNo: 1, payableFen: 100_000 },
        { lineNo: 2, payableFen: 40_000, reason: '自费药品不予报销' },
      ],
    });
    expect(reviewed.lines[1]).toMatchObject({ payableFen: 40_000, reductionReason: '自费药品不予报销' });
    expect(decidedAmount(reviewed)).toBe(140_000);
    const paid = run(reviewed, { action: 'disburse', actor: actor('taishan.finance', 'finance') });
    expect(paid.payment).toMatchObject({ amountFen: 140_000 });
    expect(checkClaimAction(paid, { action: 'reject', actor: actor('taishan.approver', 'approver'), reason: 'x' })?.code).toBe(
      'PAYMENT_ALREADY_MADE',
    );
    expect(run(paid, { action: 'complete', actor: actor('taishan.approver', 'approver') })).toMatchObject({
      status: 'completed',
      pendingStep: null,
    });
  });

  test('assistance: four different signers; the amount fixed at 初审 within the personal share', () => {
    let s = claim('assistance');
    const r1 = actor('taishan.reviewer', 'reviewer');
    expect(checkClaimAction(s, { action: 'first_review', actor: r1, assistanceFen: 60_001 })?.code).toBe('AMOUNT_EXCEEDS_BASE');
    s = run(s, { action: 'first_review', actor: r1, assistanceFen: 50_000 });
    expect(s.assistance?.assessment).toMatchObject({ claimedFen: 150_000, basicShareFen: 90_000, baseFen: 60_000 });
    expect(checkClaimAction(s, { action: 'second_review', actor: r1 })?.code).toBe('SIGNER_ALREADY_SIGNED');
    s = run(s, { action: 'second_review', actor: actor('taishan.reviewer2', 'reviewer') });
    expect(checkClaimAction(s, { action: 'approve', actor: actor('taishan.clerk', 'approver') })?.code).toBe('SIGNER_ALREADY_SIGNED');
    s = run(s, { action: 'approve', actor: actor('taishan.approver', 'approver') });
    s = run(s, { action: 'disburse', actor: actor('taishan.finance', 'finance') });
    expect(s.payment?.amountFen).toBe(50_000);
    expect(s.signatures.map((x) => x.step)).toEqual(['accept', 'first_review', 'second_review', 'approve', 'disburse']);
  });

  test('000 §4–§5: an injury admission is not paid without its registration, nor while referred for fraud', () => {
    const s = claim('basic_inpatient', {
      admission: { admittedOn: '2026-03-01', dischargedOn: '2026-03-10', institutionCode: 'H44078101', injury: true, verificationId: null },
    });
    expect(checkInjuryForPayment(s, null)?.code).toBe('INJURY_REGISTRATION_MISSING');
    expect(checkInjuryForPayment(s, { found: true, injuryRegistered: true, paymentLocked: false, status: 'verified' })).toBeNull();
    expect(checkInjuryForPayment(s, { found: true, injuryRegistered: true, paymentLocked: true, status: 'referred' })?.code).toBe(
      'PAYMENT_LOCKED',
    );
    // a stay redirected to work-injury insurance after the claim was accepted: refused as that, not as a fraud referral
    const redirected = { found: true, injuryRegistered: true, paymentLocked: true, status: 'redirected_work_injury' };
    expect(checkInjuryForPayment(s, redirected)?.code).toBe('WORK_INJURY_REDIRECT');
  });
});
