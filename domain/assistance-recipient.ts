/**
 * Medical-assistance recipients (医疗救助对象, 001 §5–§11; DOMAIN §5): the identities departments
 * push, their benefit periods (001 §10), and the settlement side's question "is person X a recipient
 * on date D, in which category, and why", answered from the identity history. Pure.
 */
import { z } from 'zod';
import { type IsoDate, isValidIsoDate } from './dates';
import { DomainError } from './errors';
import { idNumberSchema } from './id-number';
import type { Jurisdiction } from './people';
import { businessDateSchema, lineText } from './primitives';

/**
 * The categories of 附件1 (申请救助对象类别) and 001 §5 / §10(一). 附件1 groups 孤儿 and 事实无人抚养儿童
 * under 特困人员 on the form; the departments certify them separately (001 §5 lists them apart), so
 * they are their own categories here. 附件1's "0—14周岁儿童治疗急性白血病和先天性心脏病" is a
 * condition of a claim (001 §14), not an identity a department pushes, so it is no category.
 */
export const recipientCategories = [
  'extreme_poverty', // 特困人员
  'orphan', // 孤儿
  'de_facto_unsupported_child', // 事实无人抚养儿童
  'minimum_living', // 最低生活保障对象
  'minimum_living_margin', // 最低生活保障边缘家庭成员
  'poverty_relapse_risk', // 易返贫致贫人口
  'expense_type_illness', // 支出型重病患者
  'other_special_hardship', // 县级以上人民政府规定的其他特殊困难人员
] as const;
export type RecipientCategory = (typeof recipientCategories)[number];

export const recipientCategoryNames: Record<RecipientCategory, string> = {
  extreme_poverty: '特困人员',
  orphan: '孤儿',
  de_facto_unsupported_child: '事实无人抚养儿童',
  minimum_living: '最低生活保障对象',
  minimum_living_margin: '最低生活保障边缘家庭成员',
  poverty_relapse_risk: '易返贫致贫人口',
  expense_type_illness: '支出型重病患者',
  other_special_hardship: '其他特殊困难人员',
};

/** 001 §10: 收入型 and 支出型 recipients have different benefit periods. */
export const recipientKinds = ['income', 'expense'] as const;
export type RecipientKind = (typeof recipientKinds)[number];
export const recipientKindNames: Record<RecipientKind, string> = { income: '收入型', expense: '支出型' };

/**
 * The kind a category must have, where the document fixes it: 001 §10(一) names 特困人员, 孤儿,
 * 事实无人抚养儿童, 低保对象 and 低保边缘家庭成员 as income-type; §10(二) makes the 支出型困难家庭
 * expense-type. 易返贫致贫人口 and the other hardship persons may be either: the department says.
 */
export const categoryKind: Partial<Record<RecipientCategory, RecipientKind>> = {
  extreme_poverty: 'income',
  orphan: 'income',
  de_facto_unsupported_child: 'income',
  minimum_living: 'income',
  minimum_living_margin: 'income',
  expense_type_illness: 'expense',
};

/**
 * Which identity prevails when a person holds several on one date (001 §11 "就高不就低", never
 * both). 001 does not rank the categories; the order follows the assistance levels of the
 * Jiangmen assistance measures (江府〔2019〕40号, cited by 004 item 34): 特困人员 and the children
 * supported like them first, then 低保, 低保边缘, 易返贫致贫, 支出型, others. A reading (README).
 */
export const categoryPrecedence: readonly RecipientCategory[] = [
  'extreme_poverty',
  'orphan',
  'de_facto_unsupported_child',
  'minimum_living',
  'minimum_living_margin',
  'poverty_relapse_risk',
  'expense_type_illness',
  'other_special_hardship',
];

/**
 * 001 §5: the recipients whose resident-insurance contribution the fund subsidises (资助参保): the
 * five it names and, by its "等", 易返贫致贫人口 (subsidised under the same Guangdong rules that item
 * 34 cites). 支出型重病患者 and other hardship persons receive benefits but no enrolment subsidy.
 */
export const subsidisedCategories: readonly RecipientCategory[] = [
  'extreme_poverty',
  'orphan',
  'de_facto_unsupported_child',
  'minimum_living',
  'minimum_living_margin',
  'poverty_relapse_risk',
];

/** 001 §4: the departments that share the lists of recipients with the agencies. */
export const pushingDepartments = ['civil_affairs', 'rural_revitalisation', 'disability_federation', 'other'] as const;
export type PushingDepartment = (typeof pushingDepartments)[number];
export const pushingDepartmentNames: Record<PushingDepartment, string> = {
  civil_affairs: '民政部门',
  rural_revitalisation: '乡村振兴部门',
  disability_federation: '残疾人联合会',
  other: '其他部门',
};

/** One identity as a department states it in a push (the whole identity each time, not a delta). */
export const identityPushSchema = z
  .object({
    person: z.object({ name: lineText(50), idNumber: idNumberSchema }).strict(),
    category: z.enum(recipientCategories),
    /** absent: the category's own kind (001 §10); required for categories that can be either */
    kind: z.enum(recipientKinds).optional(),
    /** 身份认定之日 */
    recognizedOn: businessDateSchema,
    /** 身份终止之日, once the department ends the identity */
    terminatedOn: businessDateSchema.nullable().default(null),
    department: z.enum(pushingDepartments),
    /** the department's own reference for the decision (认定文书号), kept with the version */
    departmentRef: lineText(60).optional(),
  })
  .strict();
export type IdentityPush = z.infer<typeof identityPushSchema>;

/** An identity's content as recorded (one version of it). */
export interface IdentitySnapshot {
  category: RecipientCategory;
  kind: RecipientKind;
  recognizedOn: IsoDate;
  terminatedOn: IsoDate | null;
  department: PushingDepartment;
  departmentRef: string | null;
}

/** An identity as the query reads it: its current content, and the version and day it came in. */
export interface IdentityRecord extends IdentitySnapshot {
  identityId: string;
  agency: Jurisdiction;
  version: number;
  receivedOn: IsoDate;
}

/** One identity of a person: a person, a category and a recognition date (a later spell is a new identity). */
export function identityId(personKey: string, category: RecipientCategory, recognizedOn: IsoDate): string {
  return `${personKey}:${category}:${recognizedOn}`;
}

/**
 * Every problem of a push, not the first one (a CSV row is refused with all of them): the kind
 * the category fixes (001 §10), a kind where the category does not fix one, a termination before
 * the recognition.
 */
export function identityProblems(p: Pick<IdentityPush, 'category' | 'kind' | 'recognizedOn' | 'terminatedOn'>): string[] {
  const problems: string[] = [];
  const fixed = categoryKind[p.category];
  if (fixed && p.kind && p.kind !== fixed) {
    problems.push(
      `${recipientCategoryNames[p.category]}是${recipientKindNames[fixed]}医疗救助对象（001 §10），不能登记为${recipientKindNames[p.kind]}`,
    );
  }
  if (!fixed && !p.kind) problems.push(`${recipientCategoryNames[p.category]}须注明收入型或支出型（001 §10）`);
  if (p.terminatedOn && p.terminatedOn < p.recognizedOn) {
    problems.push(`身份终止日期 ${p.terminatedOn} 早于认定日期 ${p.recognizedOn}`);
  }
  return problems;
}

/** The snapshot a valid push records (the kind completed from the category). */
export function snapshotOf(p: IdentityPush): IdentitySnapshot {
  const problems = identityProblems(p);
  if (problems.length) throw new DomainError('VALIDATION_FAILED', problems.join('；'), { problems });
  return {
    category: p.category,
    kind: p.kind ?? categoryKind[p.category]!,
    recognizedOn: p.recognizedOn,
    terminatedOn: p.terminatedOn ?? null,
    department: p.department,
    departmentRef: p.departmentRef ?? null,
  };
}

export function sameSnapshot(a: IdentitySnapshot, b: IdentitySnapshot): boolean {
  return (
    a.category === b.category &&
    a.kind === b.kind &&
    a.recognizedOn === b.recognizedOn &&
    a.terminatedOn === b.terminatedOn &&
    a.department === b.department &&
    a.departmentRef === b.departmentRef
  );
}

// ---------------------------------------------------------------------------------------------
// Benefit period (待遇享受期, 001 §10)
// ---------------------------------------------------------------------------------------------

export interface BenefitPeriod {
  /** first day of benefits (inclusive) */
  from: IsoDate;
  /** last day of benefits (inclusive); null while the identity has not ended */
  to: IsoDate | null;
  article: '001 §10(一)' | '001 §10(二)';
}

/**
 * The same calendar day 12 months before `date`, or the day before it when that day does not exist
 * (001 §10(二) "前12个月的同日，如无相同日期则以前1日为准"). Twelve months back only 29 February can
 * be missing: 2024-02-29 → 2023-02-28.
 */
export function sameDayTwelveMonthsBefore(date: IsoDate): IsoDate {
  const y = Number(date.slice(0, 4)) - 1;
  const md = date.slice(4);
  const same = `${String(y).padStart(4, '0')}${md}`;
  if (isValidIsoDate(same)) return same;
  // the day before the missing one: 29 February → 28 February (no other day can be missing)
  const day = Number(md.slice(4)) - 1;
  return `${String(y).padStart(4, '0')}${md.slice(0, 4)}${String(day).padStart(2, '0')}`;
}

/**
 * 001 §10: income-type from the recognition date (含当日) to the termination date (含当日);
 * expense-type from the same day 12 months before the recognition date (the day before when there
 * is none) to the termination date (含当日). Both ends inclusive; an open end while not terminated.
 */
export function benefitPeriod(identity: Pick<IdentitySnapshot, 'kind' | 'recognizedOn' | 'terminatedOn'>): BenefitPeriod {
  if (identity.kind === 'income') return { from: identity.recognizedOn, to: identity.terminatedOn, article: '001 §10(一)' };
  return { from: sameDayTwelveMonthsBefore(identity.recognizedOn), to: identity.terminatedOn, article: '001 §10(二)' };
}

export function periodCovers(period: BenefitPeriod, date: IsoDate): boolean {
  return period.from <= date && (period.to === null || date <= period.to);
}

// ---------------------------------------------------------------------------------------------
// Is person X a recipient on date D, in which category, and why
// ---------------------------------------------------------------------------------------------

export interface IdentityOnDate {
  identityId: string;
  agency: Jurisdiction;
  category: RecipientCategory;
  categoryName: string;
  kind: RecipientKind;
  recognizedOn: IsoDate;
  terminatedOn: IsoDate | null;
  department: PushingDepartment;
  benefitFrom: IsoDate;
  benefitTo: IsoDate | null;
  article: string;
  version: number;
  receivedOn: IsoDate;
}

export interface RecipientAnswer {
  date: IsoDate;
  recipient: boolean;
  /** the identity that prevails that day (001 §11 "就高不就低"), null when none */
  category: RecipientCategory | null;
  categoryName: string | null;
  kind: RecipientKind | null;
  /** every identity whose benefit period covers the date, the prevailing one first */
  identities: IdentityOnDate[];
  /** why, for a clerk: the identity and its period, or why none applies */
  reason: string;
}

function onDate(r: IdentityRecord): IdentityOnDate {
  const p = benefitPeriod(r);
  return {
    identityId: r.identityId,
    agency: r.agency,
    category: r.category,
    categoryName: recipientCategoryNames[r.category],
    kind: r.kind,
    recognizedOn: r.recognizedOn,
    terminatedOn: r.terminatedOn,
    department: r.department,
    benefitFrom: p.from,
    benefitTo: p.to,
    article: p.article,
    version: r.version,
    receivedOn: r.receivedOn,
  };
}

const byPrecedence = (a: { category: RecipientCategory }, b: { category: RecipientCategory }) =>
  categoryPrecedence.indexOf(a.category) - categoryPrecedence.indexOf(b.category);

function periodText(i: IdentityOnDate): string {
  return `${i.benefitFrom} 至 ${i.benefitTo ?? '今'}`;
}

/** The answer from the identities' current versions (a correction pushed later answers past dates too). */
function answerFrom(date: IsoDate, covering: IdentityOnDate[], all: IdentityOnDate[], what: string): RecipientAnswer {
  covering.sort(byPrecedence);
  const top = covering[0];
  if (top) {
    const others = covering.slice(1).map((i) => i.categoryName);
    return {
      date,
      recipient: true,
      category: top.category,
      categoryName: top.categoryName,
      kind: top.kind,
      identities: covering,
      reason:
        `${what}${top.categoryName}（${recipientKindNames[top.kind]}），待遇享受期 ${periodText(top)}（${top.article}），` +
        `${pushingDepartmentNames[top.department]}认定于 ${top.recognizedOn}` +
        (others.length ? `；同时具有${others.join('、')}身份，按就高不就低原则享受一项待遇（001 §11）` : ''),
    };
  }
  const none = { date, recipient: false, category: null, categoryName: null, kind: null, identities: [] };
  if (all.length === 0) return { ...none, reason: '无医疗救助对象身份记录' };
  const ended = all.filter((i) => i.benefitTo !== null && i.benefitTo < date).sort((a, b) => (a.benefitTo! < b.benefitTo! ? 1 : -1))[0];
  const later = all.filter((i) => i.benefitFrom > date).sort((a, b) => (a.benefitFrom < b.benefitFrom ? -1 : 1))[0];
  const parts: string[] = [];
  if (ended) parts.push(`${ended.categoryName}身份已于 ${ended.terminatedOn} 终止（待遇享受期 ${periodText(ended)}，${ended.article}）`);
  if (later) parts.push(`${later.categoryName}的待遇享受期自 ${later.benefitFrom} 起（${later.article}）`);
  return { ...none, reason: `${date} 不在任何身份的待遇享受期内：${parts.join('；')}` };
}

/** 001 §10: the identities whose benefit period covers `date`, the prevailing one first, and why. */
export function recipientOnDate(identities: readonly IdentityRecord[], date: IsoDate): RecipientAnswer {
  const all = identities.map(onDate);
  return answerFrom(
    date,
    all.filter((i) => i.benefitFrom <= date && (i.benefitTo === null || date <= i.benefitTo)),
    all,
    '',
  );
}

/**
 * 001 §11, identity change during a hospital stay, admission to discharge (both inclusive): an
 * identity ended during the stay still covers it (原类别); one gained during the stay covers it from
 * admission (当次住院起); with several, the higher one (就高不就低), never both. So every identity
 * whose benefit period meets any day of the stay counts for the whole stay.
 */
export function recipientForStay(identities: readonly IdentityRecord[], admittedOn: IsoDate, dischargedOn: IsoDate): RecipientAnswer {
  if (dischargedOn < admittedOn) {
    throw new DomainError('VALIDATION_FAILED', `出院日期 ${dischargedOn} 早于入院日期 ${admittedOn}`, { admittedOn, dischargedOn });
  }
  const all = identities.map(onDate);
  const meeting = all.filter((i) => i.benefitFrom <= dischargedOn && (i.benefitTo === null || admittedOn <= i.benefitTo));
  return answerFrom(dischargedOn, meeting, all, `住院期间（${admittedOn} 至 ${dischargedOn}，001 §11）具有`);
}
