/**
 * The rules of manual reimbursement (零星报销) that do not depend on a claim's progress: the 3-year
 * limit to apply (000 §23), the grounds for claiming general-outpatient costs (000 §24), duplicate
 * invoices, the assistance category of a stay when the identity changed during it (001 §11), the
 * children's rule (001 §14) and the assessment base of an assistance claim (001 §15). Pure.
 */
import { z } from 'zod';
import { ageOn } from './care-episode';
import { addDays, type IsoDate } from './dates';
import { DomainError } from './errors';
import { birthDateOfIdNumber } from './id-number';
import type { Jurisdiction } from './people';
import { amountFenSchema, dateSchema, lineText, multilineText, positiveAmountFenSchema } from './primitives';
import { type HolidayCalendar, isWorkingDay } from './working-days';

/** A refusal of one expense line (the rest of the claim goes on), with the article and the facts. */
export interface LineRefusal {
  code: 'APPLICATION_PERIOD_EXPIRED' | 'GENERAL_OUTPATIENT_NOT_CLAIMABLE' | 'INVOICE_ALREADY_CLAIMED' | 'INVOICE_REPEATED_IN_CLAIM';
  article: string;
  message: string;
  facts: Record<string, unknown>;
}

export const expenseCategories = ['general_outpatient', 'special_disease_outpatient', 'inpatient'] as const;
export type ExpenseCategory = (typeof expenseCategories)[number];
export const expenseCategoryNames: Record<ExpenseCategory, string> = {
  general_outpatient: '普通门诊',
  special_disease_outpatient: '门诊特定病种',
  inpatient: '住院',
};

/** 000 §24's three grounds on which general-outpatient costs not settled directly may be claimed. */
export const outpatientGrounds = ['resettled_or_long_term_resident', 'posted_worker_long_term_filing', 'platform_outage'] as const;
export type OutpatientGround = (typeof outpatientGrounds)[number];
export const outpatientGroundNames: Record<OutpatientGround, string> = {
  resettled_or_long_term_resident: '异地安置退休人员或异地长期居住人员（000 §24 第1项）',
  posted_worker_long_term_filing: '用人单位派驻市外异地工作并已办理长期异地就医备案（000 §24 第2项）',
  platform_outage: '国家医疗保障信息平台故障等原因无法直接结算（000 §24 第3项）',
};

export const codeText = (what: string) =>
  z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{1,40}$/, `${what}只能含字母、数字和连字符，最长40位`);

export const outpatientGroundSchema = z.discriminatedUnion('ground', [
  z
    .object({
      ground: z.literal('resettled_or_long_term_resident'),
      /** the remote-care filing the ground rests on; the register's answer is used when it holds it */
      filingNo: codeText('备案编号'),
      evidence: lineText(200),
    })
    .strict(),
  z.object({ ground: z.literal('posted_worker_long_term_filing'), filingNo: codeText('备案编号'), evidence: lineText(200) }).strict(),
  z
    .object({
      ground: z.literal('platform_outage'),
      /** the outage as recorded (its first and last day) and where it is recorded */
      outage: z.object({ from: dateSchema, to: dateSchema, reference: lineText(100) }).strict(),
    })
    .strict(),
]);
export type OutpatientGroundInput = z.infer<typeof outpatientGroundSchema>;

/** 000 §23 "先行支付": costs a third party should bear, paid first by the fund (附件6). */
export const thirdPartySchema = z
  .object({
    /** the day it was established that the third party will not pay or cannot be found */
    establishedOn: dateSchema,
    basis: z.enum(['third_party_not_paying', 'third_party_unknown']),
    /** 附件6 《江门市医疗保险基金先行支付申请表》 */
    advancePaymentFormNo: codeText('先行支付申请表编号'),
  })
  .strict();
export type ThirdParty = z.infer<typeof thirdPartySchema>;

export const expenseLineSchema = z
  .object({
    lineNo: z.number().int().min(1).max(200),
    category: z.enum(expenseCategories),
    /** the visit date (outpatient) or the discharge date (inpatient): 000 §23's start date */
    serviceDate: dateSchema,
    institutionCode: codeText('医疗机构编码'),
    institutionName: lineText(100),
    invoiceNo: codeText('发票号码'),
    amountFen: positiveAmountFenSchema,
    thirdParty: thirdPartySchema.optional(),
    outpatientGround: outpatientGroundSchema.optional(),
  })
  .strict();
export type ExpenseLine = z.infer<typeof expenseLineSchema>;

// ---------------------------------------------------------------------------------------------
// 000 §23: 3 years to apply
// ---------------------------------------------------------------------------------------------

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/**
 * The day 3 years after `from` (PRC Civil Code art. 201–202: the start day is not counted; the
 * period ends on the corresponding day of the last year, or on that month's last day when it has
 * none): 2023-03-10 → 2026-03-10; 2024-02-29 → 2027-02-28.
 */
export function threeYearsOn(from: IsoDate): IsoDate {
  const [y, m, d] = from.split('-').map(Number) as [number, number, number];
  const year = y + 3;
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, daysInMonth(year, m))).padStart(2, '0')}`;
}

export interface ApplicationPeriod {
  /** the day the 3 years count from: the discharge or visit date, or (先行支付) the third party's day */
  from: IsoDate;
  fromBasis: 'service_date' | 'third_party_established';
  /** the last day an application is in time */
  lastDay: IsoDate;
  /** true when the last day was moved past a non-working day (Civil Code art. 203) */
  extended: boolean;
}

/**
 * 000 §23: "自出院、门诊特定病种或普通门诊统筹就诊之日起（其中，医疗费用依法应当由第三人负担，参保人申请先行
 * 支付的，自确定第三人不支付或者无法确定第三人之日起）3年内". A last day that is not a working day on the
 * loaded calendar moves to the next working day (Civil Code art. 203), as the agency is closed.
 */
export function applicationPeriod(line: Pick<ExpenseLine, 'serviceDate' | 'thirdParty'>, calendar: HolidayCalendar): ApplicationPeriod {
  const from = line.thirdParty ? line.thirdParty.establishedOn : line.serviceDate;
  const nominal = threeYearsOn(from);
  let lastDay = nominal;
  for (let i = 0; i < 30 && !isWorkingDay(calendar, lastDay); i++) lastDay = addDays(lastDay, 1);
  return { from, fromBasis: line.thirdParty ? 'third_party_established' : 'service_date', lastDay, extended: lastDay !== nominal };
}

export function checkApplicationPeriod(
  line: Pick<ExpenseLine, 'lineNo' | 'serviceDate' | 'thirdParty'>,
  appliedOn: IsoDate,
  calendar: HolidayCalendar,
): LineRefusal | null {
  const p = applicationPeriod(line, calendar);
  const facts = { lineNo: line.lineNo, from: p.from, fromBasis: p.fromBasis, lastDay: p.lastDay, appliedOn };
  if (line.thirdParty && line.thirdParty.establishedOn < line.serviceDate) {
    return {
      code: 'APPLICATION_PERIOD_EXPIRED',
      article: '000 §23',
      message: `第${line.lineNo}行：确定第三人不支付或无法确定第三人的日期（${line.thirdParty.establishedOn}）早于就诊或出院日期，无法计算申请期限`,
      facts,
    };
  }
  if (appliedOn <= p.lastDay) return null;
  const start = p.fromBasis === 'service_date' ? '出院或就诊之日' : '确定第三人不支付或无法确定第三人之日';
  return {
    code: 'APPLICATION_PERIOD_EXPIRED',
    article: '000 §23',
    message: `第${line.lineNo}行：自${start}（${p.from}）起3年内申请，最后一日为 ${p.lastDay}，${appliedOn} 申请已超过期限`,
    facts,
  };
}

// ---------------------------------------------------------------------------------------------
// 000 §24: general-outpatient costs only on three grounds
// ---------------------------------------------------------------------------------------------

/** The remote-care register's record of the filing a ground names (null: the register does not hold it). */
export interface RegisteredFiling {
  filingNo: string;
  type: string;
  status: string;
  validFrom: IsoDate | null;
  validUntil: IsoDate | null;
}

/** What a ground rests on, as recorded with the line: the register's filing, or the clerk's evidence. */
export interface GroundFinding {
  ground: OutpatientGround;
  source: 'register' | 'clerk_evidence' | 'outage_record';
  evidence: string;
}

const groundFilingTypes: Record<Exclude<OutpatientGround, 'platform_outage'>, string[]> = {
  resettled_or_long_term_resident: ['retired_resettled', 'long_term_residence'],
  posted_worker_long_term_filing: ['stationed_work'],
};

/**
 * 000 §24: a general-outpatient line is claimable only on one of its three grounds. Grounds 1 and 2
 * rest on a long-term remote-care filing: when the register holds the named filing of the person,
 * its type must fit the ground and it must have been valid on the visit date (the register's
 * answer, as outpatient-facility reads it); a filing the register does not hold (made before it
 * existed) is the clerk's explicit input with its evidence, recorded as such. Ground 3 needs the
 * outage's recorded dates to cover the visit date.
 */
export function checkOutpatientGround(
  line: Pick<ExpenseLine, 'lineNo' | 'category' | 'serviceDate' | 'outpatientGround'>,
  registered: RegisteredFiling | null,
): { refusal: LineRefusal | null; finding: GroundFinding | null } {
  if (line.category !== 'general_outpatient') return { refusal: null, finding: null };
  const g = line.outpatientGround;
  const refuse = (message: string, facts: Record<string, unknown> = {}) => ({
    refusal: {
      code: 'GENERAL_OUTPATIENT_NOT_CLAIMABLE' as const,
      article: '000 §24',
      message: `第${line.lineNo}行：${message}`,
      facts: { lineNo: line.lineNo, serviceDate: line.serviceDate, ...facts },
    },
    finding: null,
  });
  if (!g) return refuse('普通门诊费用只有在000 §24所列三种情形下才能零星报销，未说明情形');
  if (g.ground === 'platform_outage') {
    if (g.outage.from > g.outage.to) return refuse('平台故障的起止日期颠倒', { outage: g.outage });
    if (line.serviceDate < g.outage.from || line.serviceDate > g.outage.to) {
      return refuse(`就诊日期 ${line.serviceDate} 不在记录的平台故障期间（${g.outage.from} 至 ${g.outage.to}）内`, { outage: g.outage });
    }
    return {
      refusal: null,
      finding: { ground: g.ground, source: 'outage_record', evidence: `${g.outage.reference}（${g.outage.from} 至 ${g.outage.to}）` },
    };
  }
  if (!registered) {
    return {
      refusal: null,
      finding: { ground: g.ground, source: 'clerk_evidence', evidence: `（登记簿无此备案，按窗口核验）${g.evidence}` },
    };
  }
  const facts = { filingNo: registered.filingNo, type: registered.type, status: registered.status };
  if (!groundFilingTypes[g.ground].includes(registered.type)) {
    return refuse(`备案 ${registered.filingNo} 的类型不是${outpatientGroundNames[g.ground]}所需的长期备案`, facts);
  }
  const valid =
    registered.validFrom !== null &&
    ['active', 'expired', 'cancelled'].includes(registered.status) &&
    registered.validFrom <= line.serviceDate &&
    (registered.validUntil === null || line.serviceDate <= registered.validUntil);
  if (!valid) {
    return refuse(`就诊日期 ${line.serviceDate} 备案 ${registered.filingNo} 不在有效期内`, {
      ...facts,
      validFrom: registered.validFrom,
      validUntil: registered.validUntil,
    });
  }
  return { refusal: null, finding: { ground: g.ground, source: 'register', evidence: `异地就医备案登记簿 ${registered.filingNo}` } };
}

// ---------------------------------------------------------------------------------------------
// Duplicate invoices
// ---------------------------------------------------------------------------------------------

/**
 * An invoice settled at the institution's counter (直接结算 / "一站式") is held like a claimed one, by
 * this holder (with the institution and settlement day after it), so a manual claim of it is refused:
 * the fund paid it once already (issue 15: "an invoice already claimed, in any claim or settled
 * one-stop, is refused"). The institution reports its settled invoices (`POST /reimbursement/one-stop-invoices`).
 */
export const ONE_STOP_HOLDER = 'one-stop:';

/** An invoice is known by its institution and number. */
export function invoiceKey(line: Pick<ExpenseLine, 'institutionCode' | 'invoiceNo'>): string {
  return `${line.institutionCode}:${line.invoiceNo}`;
}

/**
 * An invoice may be claimed once: a second line with the same invoice in the claim is refused, and
 * so is one already held by another claim (`heldBy`: invoice key → claim ID), naming that claim.
 */
export function checkDuplicateInvoices(lines: readonly ExpenseLine[], heldBy: ReadonlyMap<string, string>): Map<number, LineRefusal> {
  const out = new Map<number, LineRefusal>();
  const seen = new Map<string, number>();
  for (const line of lines) {
    const key = invoiceKey(line);
    const holder = heldBy.get(key);
    const facts = { lineNo: line.lineNo, institutionCode: line.institutionCode, invoiceNo: line.invoiceNo };
    if (holder) {
      out.set(line.lineNo, {
        code: 'INVOICE_ALREADY_CLAIMED',
        article: '000 §23',
        message: holder.startsWith(ONE_STOP_HOLDER)
          ? `第${line.lineNo}行：${line.institutionName}发票 ${line.invoiceNo} 已在定点医疗机构直接结算（一站式），不能再零星报销`
          : `第${line.lineNo}行：${line.institutionName}发票 ${line.invoiceNo} 已在 ${holder} 中报销，不能重复报销`,
        facts: { ...facts, claimId: holder },
      });
    } else if (seen.has(key)) {
      out.set(line.lineNo, {
        code: 'INVOICE_REPEATED_IN_CLAIM',
        article: '000 §23',
        message: `第${line.lineNo}行：发票 ${line.invoiceNo} 与第${seen.get(key)}行重复`,
        facts: { ...facts, sameAsLine: seen.get(key) },
      });
    } else seen.set(key, line.lineNo);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Assistance: recipient categories (附件1), 001 §11, §14, §15
// ---------------------------------------------------------------------------------------------

/** 附件1 申请救助对象类别 */
export const recipientCategories = [
  'extreme_poverty',
  'subsistence_allowance',
  'low_income_margin',
  'poverty_risk',
  'expense_type_illness',
  'child_leukaemia_chd',
  'other_designated',
  'other',
] as const;
export type RecipientCategory = (typeof recipientCategories)[number];
export const recipientCategoryNames: Record<RecipientCategory, string> = {
  extreme_poverty: '特困人员（含孤儿、事实无人抚养儿童）',
  subsistence_allowance: '最低生活保障对象',
  low_income_margin: '最低生活保障边缘家庭成员',
  poverty_risk: '易返贫致贫人口',
  expense_type_illness: '支出型重病患者',
  child_leukaemia_chd: '0—14周岁儿童治疗急性白血病和先天性心脏病',
  other_designated: '县级以上人民政府规定的其他特殊困难人员',
  other: '其他',
};

/**
 * "就高不就低" (001 §11) needs an order of benefit; the regulations give no rates. Reading (README):
 * the order of the assistance levels in Guangdong practice, highest first: 特困 > 低保 > 低保边缘 >
 * 易返贫致贫 > 支出型 > others. Data, not a rate: the reviewer still fixes the amount.
 */
export const categoryRank: Record<Exclude<RecipientCategory, 'child_leukaemia_chd'>, number> = {
  extreme_poverty: 6,
  subsistence_allowance: 5,
  low_income_margin: 4,
  poverty_risk: 3,
  expense_type_illness: 2,
  other_designated: 1,
  other: 0,
};
export type IdentityCategory = keyof typeof categoryRank;

export const identityPeriodSchema = z
  .object({
    category: z.enum(Object.keys(categoryRank) as [IdentityCategory, ...IdentityCategory[]]),
    /** the recognition date (inclusive) and the termination date (inclusive, null: still held), 001 §10 */
    from: dateSchema,
    to: dateSchema.nullable(),
    evidence: lineText(200),
  })
  .strict();
export type IdentityPeriod = z.infer<typeof identityPeriodSchema>;

export interface CategoryDecision {
  category: IdentityCategory;
  rule: 'held_throughout' | 'terminated_during_stay' | 'gained_during_stay' | 'changed_during_stay' | 'visit_date';
  article: string;
  explanation: string;
}

const held = (p: IdentityPeriod, date: IsoDate) => p.from <= date && (p.to === null || date <= p.to);
const overlaps = (p: IdentityPeriod, from: IsoDate, to: IsoDate) => p.from <= to && (p.to === null || p.to >= from);

/**
 * 001 §11: the category a stay is assessed under, once for the whole stay. Terminated during the
 * stay → the old category; gained during the stay → the whole stay under it; changed during the
 * stay → the higher, never both. All three are "the highest category held on any day of the stay".
 * An outpatient visit: the category held on the visit date ("以…门诊就诊时间为准"). Null: none held.
 */
export function categoryForStay(periods: readonly IdentityPeriod[], admittedOn: IsoDate, dischargedOn: IsoDate): CategoryDecision | null {
  const during = periods.filter((p) => overlaps(p, admittedOn, dischargedOn));
  if (!during.length) return null;
  const best = [...during].sort((a, b) => categoryRank[b.category] - categoryRank[a.category])[0]!;
  const atAdmission = during.filter((p) => held(p, admittedOn));
  const atDischarge = during.filter((p) => held(p, dischargedOn));
  const name = recipientCategoryNames[best.category];
  const distinct = new Set(during.map((p) => p.category));
  if (distinct.size > 1) {
    return {
      category: best.category,
      rule: 'changed_during_stay',
      article: '001 §11',
      explanation: `住院期间身份发生变更（${[...distinct].map((c) => recipientCategoryNames[c]).join('、')}），就高不就低，按${name}享受，不得重复享受`,
    };
  }
  if (atAdmission.length && !atDischarge.length) {
    return {
      category: best.category,
      rule: 'terminated_during_stay',
      article: '001 §11',
      explanation: `住院期间（${best.to}）终止救助对象身份，当次住院仍按原类别${name}享受`,
    };
  }
  if (!atAdmission.length) {
    return {
      category: best.category,
      rule: 'gained_during_stay',
      article: '001 §11',
      explanation: `住院期间（${best.from}）取得救助对象身份，当次住院起即按${name}享受`,
    };
  }
  return { category: best.category, rule: 'held_throughout', article: '001 §11', explanation: `住院期间均为${name}` };
}

export function categoryForVisit(periods: readonly IdentityPeriod[], visitOn: IsoDate): CategoryDecision | null {
  const on = periods.filter((p) => held(p, visitOn)).sort((a, b) => categoryRank[b.category] - categoryRank[a.category])[0];
  if (!on) return null;
  return {
    category: on.category,
    rule: 'visit_date',
    article: '001 §11',
    explanation: `以门诊就诊时间（${visitOn}）为准，按${recipientCategoryNames[on.category]}享受`,
  };
}

export const childDiagnoses = ['acute_leukaemia', 'congenital_heart_disease'] as const;
export type ChildDiagnosis = (typeof childDiagnoses)[number];
export const childDiagnosisNames: Record<ChildDiagnosis, string> = {
  acute_leukaemia: '急性白血病',
  congenital_heart_disease: '先天性心脏病',
};

/**
 * 001 §14: children 0–14 inclusive (周岁, on the first day of the treatment: the admission or the
 * visit) insured in basic insurance, treated for acute leukaemia or congenital heart disease; the
 * county agency (not 市本级) approves the amount and pays it to a bank card. Every unmet criterion.
 */
export function checkChildRule(input: {
  idNumber: string;
  treatmentStartedOn: IsoDate;
  diagnosis: ChildDiagnosis | undefined;
  insured: boolean;
  agency: Jurisdiction;
  accountKind: 'bank_card' | 'social_security_card';
}): { code: string; article: string; message: string }[] {
  const problems: { code: string; article: string; message: string }[] = [];
  const age = ageOn(birthDateOfIdNumber(input.idNumber), input.treatmentStartedOn);
  if (age > 14)
    problems.push({
      code: 'AGE_OVER_14',
      article: '001 §14',
      message: `治疗开始时（${input.treatmentStartedOn}）已满${age}周岁，超过14周岁`,
    });
  if (!input.diagnosis) problems.push({ code: 'DIAGNOSIS_NOT_COVERED', article: '001 §14', message: '须为治疗急性白血病或先天性心脏病' });
  if (!input.insured) problems.push({ code: 'NOT_INSURED', article: '001 §14', message: '须参加基本医疗保险' });
  if (input.agency === 'municipal')
    problems.push({ code: 'COUNTY_AGENCY_REQUIRED', article: '001 §14', message: '由县（市、区）经办机构核准' });
  if (input.accountKind !== 'bank_card')
    problems.push({ code: 'BANK_CARD_REQUIRED', article: '001 §14', message: '救助金额以银行卡社会化发放，须提供银行卡' });
  return problems;
}

export const insuredStatuses = ['insured_here', 'insured_elsewhere', 'uninsured'] as const;
export type InsuredStatus = (typeof insuredStatuses)[number];

/** The reviewer's explicit inputs for an uninsured recipient's deduction (001 §15; the rates are not in the texts). */
export const uninsuredBasicShareSchema = z
  .object({
    /** 政策范围内费用 that basic insurance would have counted */
    eligibleFen: amountFenSchema,
    /** the deductible (起付标准) of basic insurance for this care, as if insured 24 months */
    deductibleFen: amountFenSchema,
    /** the fund's share above the deductible, in basis points (1/100 of a percent) */
    rateBp: z.number().int().min(0).max(10_000),
    /**
     * 001 §15 "基本医疗保险（含大病保险）": what critical-illness insurance would have paid on top, as the
     * reviewer computed it from its segmented rates (not in the texts); absent: none
     */
    criticalIllnessFen: amountFenSchema.optional(),
    /** where the rate and deductible come from (the policy in force), as the reviewer confirmed it */
    source: multilineText(300),
  })
  .strict();
export type UninsuredBasicShare = z.infer<typeof uninsuredBasicShareSchema>;

/** The fund's share as if insured (001 §15): (eligible − deductible) × rate, half up to the fen, never negative. */
export function hypotheticalBasicShare(s: Pick<UninsuredBasicShare, 'eligibleFen' | 'deductibleFen' | 'rateBp'>): number {
  const above = Math.max(0, s.eligibleFen - s.deductibleFen);
  return Math.floor((above * s.rateBp + 5_000) / 10_000);
}

export interface AssessmentBase {
  claimedFen: number;
  /** what basic insurance paid (here or at the insured place), or would have paid (uninsured) */
  basicShareFen: number;
  basicShareBasis: 'basic_claim' | 'insured_place_settlement' | 'as_if_insured_24_months';
  /** what is left for assistance to consider */
  baseFen: number;
  article: string;
  explanation: string;
}

/**
 * 001 §13, §15: what assistance is assessed on. Insured here: the costs less what the settled
 * basic claim paid. Insured elsewhere: the personal share after the insured place's settlement.
 * Uninsured: the costs less the part basic insurance would have paid as if insured for 24 months
 * (the reviewer's explicit deductible and rate).
 */
export function assessmentBase(
  input:
    | { status: 'insured_here'; claimedFen: number; basicPaidFen: number }
    | { status: 'insured_elsewhere'; claimedFen: number; insuredPlacePaidFen: number }
    | { status: 'uninsured'; claimedFen: number; share: UninsuredBasicShare },
): AssessmentBase {
  const { claimedFen } = input;
  if (input.status === 'insured_here') {
    return {
      claimedFen,
      basicShareFen: input.basicPaidFen,
      basicShareBasis: 'basic_claim',
      baseFen: Math.max(0, claimedFen - input.basicPaidFen),
      article: '001 §13',
      explanation: '基本医疗保险零星报销后的个人负担部分',
    };
  }
  if (input.status === 'insured_elsewhere') {
    return {
      claimedFen,
      basicShareFen: input.insuredPlacePaidFen,
      basicShareBasis: 'insured_place_settlement',
      baseFen: Math.max(0, claimedFen - input.insuredPlacePaidFen),
      article: '001 §12, §15',
      explanation: '参保地结算后的个人负担部分',
    };
  }
  if (input.share.eligibleFen > claimedFen) {
    throw new DomainError('VALIDATION_FAILED', '政策范围内费用不能超过申请费用', { eligibleFen: input.share.eligibleFen, claimedFen });
  }
  const critical = input.share.criticalIllnessFen ?? 0;
  const share = hypotheticalBasicShare(input.share) + critical;
  if (share > input.share.eligibleFen) {
    throw new DomainError('VALIDATION_FAILED', '核算的基本医保和大病保险支付部分不能超过政策范围内费用', {
      field: 'uninsuredShare.criticalIllnessFen',
      shareFen: share,
      eligibleFen: input.share.eligibleFen,
    });
  }
  return {
    claimedFen,
    basicShareFen: share,
    basicShareBasis: 'as_if_insured_24_months',
    baseFen: Math.max(0, claimedFen - share),
    article: '001 §15',
    explanation:
      `未参保：按连续参保缴费满24个月的待遇标准核算的基本医疗保险支付部分（起付线 ${input.share.deductibleFen} 分，比例 ${input.share.rateBp / 100}%）` +
      (input.share.criticalIllnessFen === undefined ? '' : `及大病保险支付部分（${critical} 分）`) +
      '不纳入救助',
  };
}
