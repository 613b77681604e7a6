/**
 * Subsidised enrolment (资助参保, 001 §5–§6; item 34, 442189214001) of one pushed identity as a
 * process: the enrolment check before the recognition date, the four paths of 001 §5, the
 * registration, and the payment ledgers (缴费台账) of each subsidised year. Pure.
 */
import { z } from 'zod';
import {
  type RecipientCategory,
  type RecipientKind,
  recipientCategoryNames,
  recipientKindNames,
  recipientKinds,
  subsidisedCategories,
} from './assistance-recipient';
import { type IsoDate, addDays, yearOf } from './dates';
import { DomainError } from './errors';
import { type Actor, type Jurisdiction, actorSchema } from './people';
import { businessDateSchema, lineText, multilineText } from './primitives';
import type { StatutoryDeadline } from './working-days';

/** item 34 (符合资助条件的救助对象参加基本医疗保险个人缴费补贴) */
export const SUBSIDISED_ENROLMENT_ITEM = '442189214001';
/** 001 §5: the registration within 2 working days of the push (DOMAIN §11: receipt day not counted). */
export const REGISTRATION_WORKING_DAYS = 2;

/** What the national platform (国医平台) says of the person's enrolment on a day (001 §5). */
export interface EnrolmentCheck {
  /** the day checked: the day before the recognition date (001 §5 "认定之日（不含当日）前") */
  asOf: IsoDate;
  scheme: 'none' | 'resident' | 'employee';
  /** for a scheme: this pooling area (Jiangmen) or another one */
  place: 'here' | 'elsewhere' | null;
  /** the other pooling area's name, when elsewhere */
  placeName: string | null;
}

/** 001 §5(一)–(四) */
export const enrolmentPaths = ['not_enrolled', 'enrolled_here', 'enrolled_elsewhere', 'employee'] as const;
export type EnrolmentPath = (typeof enrolmentPaths)[number];
export const enrolmentPathNames: Record<EnrolmentPath, string> = {
  not_enrolled: '未参加基本医疗保险：标识身份并办理当年度参保登记（001 §5(一)）',
  enrolled_here: '已参加本统筹区居民医保：办理下一年度参保手续（001 §5(二)）',
  enrolled_elsewhere: '已参加本统筹区以外居民医保：联系本人确定参保关系所在地（001 §5(三)）',
  employee: '已参加职工基本医疗保险：按统筹区规定执行（001 §5(四)）',
};

/** The path of 001 §5 a check leads to. */
export function enrolmentPath(check: EnrolmentCheck): EnrolmentPath {
  if (check.scheme === 'employee') return 'employee';
  if (check.scheme === 'none') return 'not_enrolled';
  return check.place === 'elsewhere' ? 'enrolled_elsewhere' : 'enrolled_here';
}

/**
 * The insurance year the agency registers for (001 §5): the current year when not enrolled (一),
 * or after the person has suspended the other enrolment (三); the next year when already enrolled
 * here (二). "Current" is the year of the registration day.
 */
export function registrationYear(path: EnrolmentPath, registeredOn: IsoDate): number {
  return path === 'enrolled_here' ? yearOf(registeredOn) + 1 : yearOf(registeredOn);
}

export const enrolmentStatuses = [
  'checking',
  'awaiting_choice',
  'awaiting_suspension',
  'awaiting_employee_rule',
  'registered',
  'promise_filed',
  'employee_rule_recorded',
  'ended',
] as const;
export type EnrolmentStatus = (typeof enrolmentStatuses)[number];
export const enrolmentStatusNames: Record<EnrolmentStatus, string> = {
  checking: '核查参保情况',
  awaiting_choice: '待联系本人确定参保地',
  awaiting_suspension: '待暂停原参保关系',
  awaiting_employee_rule: '待按职工医保规定办理',
  registered: '已登记参保',
  promise_filed: '保留原参保关系（书面承诺已备案）',
  employee_rule_recorded: '已按职工医保规定办理',
  ended: '身份已终止，不再资助',
};

/** The statuses in which the 2-working-day registration limit runs (the agency's own part of 001 §5). */
export const clockStatuses: readonly EnrolmentStatus[] = ['checking', 'awaiting_choice', 'awaiting_employee_rule'];

/** One subsidised year: its payment ledger (缴费台账, 001 §6) and, once paid, the posting. */
export interface SubsidisedYear {
  year: number;
  amountFen: number;
  /** the outbox row's source key */
  ledgerKey: string;
  generatedOn: IsoDate;
  /**
   * pending | sent | failed: the push to the collection department; covered: the person's year
   * was already subsidised through another of their identities (001 §6, one subsidy a year)
   */
  delivery: 'pending' | 'sent' | 'failed' | 'covered';
  /** the category whose standard was paid, when another identity's was higher (personSubsidy) */
  category?: RecipientCategory;
  /** covered: the enrolment that subsidised the person's year */
  coveredBy?: string;
  /** the 资助参保支出 posting (001 §19), once the collection department has the ledger */
  entryId: string | null;
}

export interface SubsidisedEnrolmentState {
  enrolmentId: string;
  identityId: string;
  personKey: string;
  /** the name only: the ID number stays in the person register (001 §26; runs before it carry it) */
  person: { name: string; idNumber?: string };
  agency: Jurisdiction;
  category: RecipientCategory;
  kind: RecipientKind;
  recognizedOn: IsoDate;
  terminatedOn: IsoDate | null;
  receivedOn: IsoDate;
  status: EnrolmentStatus;
  check: EnrolmentCheck | null;
  path: EnrolmentPath | null;
  /** 001 §5(三): the person's choice, when enrolled elsewhere */
  choice: { choice: 'keep_elsewhere'; promiseRef: string; contactedOn: IsoDate } | { choice: 'enrol_here'; contactedOn: IsoDate } | null;
  suspendedOn: IsoDate | null;
  /** 001 §5(四): what the local rule decided for an employee-insured recipient */
  employeeRule: string | null;
  registration: { year: number; registeredOn: IsoDate; platformRef: string } | null;
  years: SubsidisedYear[];
  deadline: StatutoryDeadline | null;
  remindedAt: string | null;
  breachedAt: string | null;
  createdBy: Actor;
  version: number;
  /** the identity's version this enrolment last took (absent in runs started before identity changes reached them) */
  identityVersion?: number;
}

export function enrolmentId(identityId: string): string {
  return `subsidised-enrolment:${identityId}`;
}

export function isSubsidised(category: RecipientCategory): boolean {
  return subsidisedCategories.includes(category);
}

// ---------------------------------------------------------------------------------------------
// The clerks' decisions
// ---------------------------------------------------------------------------------------------

const promiseRefSchema = lineText(60);

function enrolmentActionMembers<E extends z.ZodRawShape>(extra: E) {
  return [
    /** 001 §5(三): contacted; the person keeps the other enrolment (书面承诺, 附件3, filed) or enrols here */
    z
      .object({
        action: z.literal('record_choice'),
        choice: z.enum(['keep_elsewhere', 'enrol_here']),
        contactedOn: businessDateSchema,
        promiseRef: promiseRefSchema.optional(),
        note: multilineText(500).optional(),
        ...extra,
      })
      .strict(),
    /** 001 §5(三): the other enrolment suspended: register here */
    z
      .object({ action: z.literal('confirm_suspension'), suspendedOn: businessDateSchema, note: multilineText(500).optional(), ...extra })
      .strict(),
    /** 001 §5(四): what the local rule decided, recorded */
    z.object({ action: z.literal('record_employee_rule'), outcome: multilineText(500).pipe(z.string().trim().min(1)), ...extra }).strict(),
  ] as const;
}
export const enrolmentActionRequestSchema = z.discriminatedUnion('action', enrolmentActionMembers({}));
export type EnrolmentActionRequest = z.infer<typeof enrolmentActionRequestSchema>;
export const enrolmentCommandSchema = z.discriminatedUnion('action', enrolmentActionMembers({ actor: actorSchema }));
export type EnrolmentCommand = z.infer<typeof enrolmentCommandSchema>;

const actionNames: Record<EnrolmentCommand['action'], string> = {
  record_choice: '登记参保地选择',
  confirm_suspension: '确认已暂停原参保关系',
  record_employee_rule: '登记职工医保办理结果',
};
const clerkRoles = ['window_clerk', 'reviewer', 'approver'];

export function checkEnrolmentAction(state: SubsidisedEnrolmentState, cmd: EnrolmentCommand, today: IsoDate): DomainError | null {
  const facts = { status: state.status, agency: state.agency };
  if (cmd.actor.jurisdiction !== state.agency) {
    return new DomainError('OUT_OF_JURISDICTION', '该资助参保不属于您所在的经办机构', {
      ...facts,
      actorJurisdiction: cmd.actor.jurisdiction,
    });
  }
  if (!clerkRoles.includes(cmd.actor.role)) {
    return new DomainError('ROLE_NOT_ALLOWED', `${actionNames[cmd.action]}须由经办人员办理`, { ...facts, requiredRoles: clerkRoles });
  }
  const wrongState = (allowed: EnrolmentStatus) =>
    new DomainError('CASE_WRONG_STATE', `资助参保当前为「${enrolmentStatusNames[state.status]}」，不能${actionNames[cmd.action]}`, {
      ...facts,
      allowedIn: [allowed],
    });
  switch (cmd.action) {
    case 'record_choice':
      if (state.status !== 'awaiting_choice') return wrongState('awaiting_choice');
      if (cmd.choice === 'keep_elsewhere' && !cmd.promiseRef) {
        return new DomainError('DOCUMENTS_MISSING', '保留原参保关系须收取本人书面承诺（附件3）并登记其编号（001 §5(三)）', {
          ...facts,
          missing: ['promiseRef'],
        });
      }
      if (cmd.contactedOn > today || cmd.contactedOn < state.receivedOn) {
        return new DomainError('VALIDATION_FAILED', `联系日期应在 ${state.receivedOn} 至 ${today} 之间`, {
          ...facts,
          contactedOn: cmd.contactedOn,
        });
      }
      return null;
    case 'confirm_suspension':
      if (state.status !== 'awaiting_suspension') return wrongState('awaiting_suspension');
      if (cmd.suspendedOn > today) {
        return new DomainError('VALIDATION_FAILED', `暂停日期 ${cmd.suspendedOn} 晚于今天`, { ...facts, suspendedOn: cmd.suspendedOn });
      }
      return null;
    case 'record_employee_rule':
      if (state.status !== 'awaiting_employee_rule') return wrongState('awaiting_employee_rule');
      return null;
  }
}

/** A clerk's decision applied. Registration itself is the platform's answer (registeredState). */
export function applyEnrolmentCommand(state: SubsidisedEnrolmentState, cmd: EnrolmentCommand): SubsidisedEnrolmentState {
  const next = { ...state, version: state.version + 1 };
  switch (cmd.action) {
    case 'record_choice':
      return cmd.choice === 'keep_elsewhere'
        ? {
            ...next,
            status: 'promise_filed',
            choice: { choice: 'keep_elsewhere', promiseRef: cmd.promiseRef!, contactedOn: cmd.contactedOn },
            deadline: null,
          }
        : { ...next, status: 'awaiting_suspension', choice: { choice: 'enrol_here', contactedOn: cmd.contactedOn }, deadline: null };
    case 'confirm_suspension':
      return { ...next, suspendedOn: cmd.suspendedOn };
    case 'record_employee_rule':
      return { ...next, status: 'employee_rule_recorded', employeeRule: cmd.outcome, deadline: null };
  }
}

/** After the platform check: the path and where the process waits (001 §5). */
export function checkedState(state: SubsidisedEnrolmentState, check: EnrolmentCheck): SubsidisedEnrolmentState {
  const path = enrolmentPath(check);
  const status: EnrolmentStatus =
    path === 'enrolled_elsewhere' ? 'awaiting_choice' : path === 'employee' ? 'awaiting_employee_rule' : 'checking';
  return { ...state, check, path, status, version: state.version + 1 };
}

/** Whether the process registers now: paths (一) and (二) at once, (三) after the suspension. */
export function readyToRegister(state: SubsidisedEnrolmentState): boolean {
  if (state.registration) return false;
  if (state.path === 'not_enrolled' || state.path === 'enrolled_here') return state.status === 'checking';
  return state.path === 'enrolled_elsewhere' && state.status === 'awaiting_suspension' && state.suspendedOn !== null;
}

export function registeredState(
  state: SubsidisedEnrolmentState,
  registration: { year: number; registeredOn: IsoDate; platformRef: string },
): SubsidisedEnrolmentState {
  return { ...state, status: 'registered', registration, deadline: null, version: state.version + 1 };
}

// ---------------------------------------------------------------------------------------------
// Subsidised years and their payment ledgers (001 §6)
// ---------------------------------------------------------------------------------------------

/** The collection period (集中征缴期) for insurance year `year`: policy dates, by default 1 September–31 December of the year before. */
export interface CollectionPeriod {
  opens: IsoDate;
  closes: IsoDate;
}
export function collectionPeriod(
  year: number,
  policy: { opensMonthDay: string; closesMonthDay: string } = defaultCollectionPolicy,
): CollectionPeriod {
  return { opens: `${year - 1}-${policy.opensMonthDay}`, closes: `${year - 1}-${policy.closesMonthDay}` };
}
export const defaultCollectionPolicy = { opensMonthDay: '09-01', closesMonthDay: '12-31' };

/**
 * The contribution the fund pays for one year of one category (资助标准): the year's individual
 * contribution times the category's share. Both are policy (the Jiangmen rules); the defaults are
 * the full contribution for 特困/孤儿/事实无人抚养/低保, half for 低保边缘 and 易返贫致贫.
 */
export interface SubsidyPolicy {
  contributionFen: number;
  sharePercent: Partial<Record<RecipientCategory, number>>;
}
export const defaultSubsidyPolicy: SubsidyPolicy = {
  contributionFen: 40_000,
  sharePercent: {
    extreme_poverty: 100,
    orphan: 100,
    de_facto_unsupported_child: 100,
    minimum_living: 100,
    minimum_living_margin: 50,
    poverty_relapse_risk: 50,
  },
};
export function subsidyFen(category: RecipientCategory, policy: SubsidyPolicy): number {
  const share = policy.sharePercent[category] ?? 0;
  // whole fen, half up (a share such as 33% of an odd contribution)
  return Math.floor((policy.contributionFen * share + 50) / 100);
}

/** An identity of the person as the one-subsidy rule weighs it. */
export interface SubsidyIdentity {
  category: RecipientCategory;
  recognizedOn: IsoDate;
  terminatedOn: IsoDate | null;
}

/**
 * The person's subsidy for insurance year `year` (001 §6; the reading in README): one contribution a
 * person a year however many subsidised identities they hold in it — 001 §6 generates the ledger
 * for the person ("为…医疗救助对象生成缴费台账"), and 001 §11's rule for a change of identity
 * ("就高不就低…不得重复享受") is taken for enrolment too: the highest standard among the
 * identities that hold on some day of the year. Null when none does.
 */
export function personSubsidy(
  identities: readonly SubsidyIdentity[],
  year: number,
  policy: SubsidyPolicy,
): { category: RecipientCategory; amountFen: number } | null {
  let best: { category: RecipientCategory; amountFen: number } | null = null;
  for (const i of identities) {
    if (!isSubsidised(i.category) || i.recognizedOn > `${year}-12-31` || !identitySpansInto(i, year)) continue;
    const amountFen = subsidyFen(i.category, policy);
    if (!best || amountFen > best.amountFen) best = { category: i.category, amountFen };
  }
  return best;
}

/** The year recorded as subsidised through the person's other enrolment: no ledger, no posting (001 §6). */
export function withCoveredYear(
  state: SubsidisedEnrolmentState,
  year: number,
  coveredBy: string,
  today: IsoDate,
): SubsidisedEnrolmentState {
  return {
    ...state,
    years: [
      ...state.years,
      {
        year,
        amountFen: 0,
        ledgerKey: ledgerKey(state.enrolmentId, year),
        generatedOn: today,
        delivery: 'covered',
        entryId: null,
        coveredBy,
      },
    ],
    version: state.version + 1,
  };
}

/** Whether the identity still holds on the first day of `year` (001 §6 "身份有效期跨两个医保年度"). */
export function identitySpansInto(state: Pick<SubsidisedEnrolmentState, 'terminatedOn'>, year: number): boolean {
  return state.terminatedOn === null || state.terminatedOn >= `${year}-01-01`;
}

/**
 * The next year to subsidise and from when (001 §6): the registration year at once; then each
 * following year the identity reaches, from the opening of its collection period (or at once when
 * that has opened already). Null when none is due (not registered, or the identity ends first).
 */
export function nextSubsidy(
  state: SubsidisedEnrolmentState,
  today: IsoDate,
  policy = defaultCollectionPolicy,
): { year: number; from: IsoDate } | null {
  if (!state.registration) return null;
  const done = state.years.map((y) => y.year);
  const first = state.registration.year;
  if (!done.includes(first)) return { year: first, from: today };
  const year = Math.max(...done) + 1;
  if (!identitySpansInto(state, year)) return null;
  const opens = collectionPeriod(year, policy).opens;
  return { year, from: opens > today ? opens : today };
}

export function ledgerKey(enrolment: string, year: number): string {
  return `${enrolment}:${year}`;
}

export function withLedger(
  state: SubsidisedEnrolmentState,
  year: number,
  amountFen: number,
  today: IsoDate,
  category?: RecipientCategory,
): SubsidisedEnrolmentState {
  const paidAs = category && category !== state.category ? { category } : {};
  return {
    ...state,
    years: [
      ...state.years,
      { year, amountFen, ledgerKey: ledgerKey(state.enrolmentId, year), generatedOn: today, delivery: 'pending', entryId: null, ...paidAs },
    ],
    version: state.version + 1,
  };
}

export function describeEnrolment(s: Pick<SubsidisedEnrolmentState, 'person' | 'category'>): string {
  return `${s.person.name}（${recipientCategoryNames[s.category]}）资助参保`;
}

export function initialEnrolment(input: {
  identityId: string;
  personKey: string;
  person: { name: string; idNumber?: string };
  agency: Jurisdiction;
  category: RecipientCategory;
  kind: RecipientKind;
  recognizedOn: IsoDate;
  terminatedOn: IsoDate | null;
  receivedOn: IsoDate;
  createdBy: Actor;
}): SubsidisedEnrolmentState {
  if (!isSubsidised(input.category)) {
    throw new DomainError('ELIGIBILITY_UNMET', `${recipientCategoryNames[input.category]}不属于资助参保范围（001 §5）`, {
      category: input.category,
    });
  }
  return {
    ...input,
    enrolmentId: enrolmentId(input.identityId),
    status: 'checking',
    check: null,
    path: null,
    choice: null,
    suspendedOn: null,
    employeeRule: null,
    registration: null,
    years: [],
    deadline: null,
    remindedAt: null,
    breachedAt: null,
    version: 0,
    identityVersion: 1,
  };
}

/** The day the platform is asked about (001 §5 "认定之日（不含当日）前"). */
export function checkDay(recognizedOn: IsoDate): IsoDate {
  return addDays(recognizedOn, -1);
}

// ---------------------------------------------------------------------------------------------
// A department's later push of the identity reaching the running enrolment
// ---------------------------------------------------------------------------------------------

/**
 * A new version of the enrolment's identity as the department states it now (a termination, a
 * correction of the termination, the kind). Category and recognition date are the identity itself
 * (a category change is the end of one identity and the push of another), so they do not change.
 */
export const identityChangeSchema = z
  .object({
    identityId: z.string().min(1).max(200),
    version: z.number().int().min(1),
    kind: z.enum(recipientKinds),
    terminatedOn: businessDateSchema.nullable(),
    receivedOn: businessDateSchema,
    actor: actorSchema,
  })
  .strict();
export type IdentityChange = z.infer<typeof identityChangeSchema>;

const closedStatuses: readonly EnrolmentStatus[] = ['promise_filed', 'employee_rule_recorded', 'ended'];

export function checkIdentityChange(state: SubsidisedEnrolmentState, change: IdentityChange): DomainError | null {
  const facts = { status: state.status, identityId: state.identityId, identityVersion: state.identityVersion ?? 1 };
  if (change.identityId !== state.identityId) {
    return new DomainError('VALIDATION_FAILED', '身份变更不属于该资助参保对应的身份', { ...facts, changeIdentityId: change.identityId });
  }
  if (change.version <= (state.identityVersion ?? 1)) {
    // an older push that arrives after a newer one (two pushes racing) must not undo it
    return new DomainError('STEP_ALREADY_DONE', `身份第 ${change.version} 版已办理或已有更新版本`, {
      ...facts,
      changeVersion: change.version,
    });
  }
  if (closedStatuses.includes(state.status)) {
    return new DomainError('CASE_CLOSED', `资助参保已办结（${enrolmentStatusNames[state.status]}），身份变更只记入身份档案`, facts);
  }
  return null;
}

/** Whether the identity has ended before `today` (001 §10: the termination day itself still counts). */
export function identityEndedBefore(terminatedOn: IsoDate | null, today: IsoDate): boolean {
  return terminatedOn !== null && terminatedOn < today;
}

/**
 * The change applied (001 §5–§6). Before registration: an identity that has already ended is no
 * longer a recipient to enrol (001 §5 registers recipients), so the enrolment ends with no
 * registration and its clock stops. After registration: the years already paid stay paid (cash
 * basis, 001 §17); the next year is subsidised only if the identity as changed reaches it (001 §6),
 * decided at the opening of that year's collection period (nextSubsidy, subsidyDecisionDay).
 */
export function applyIdentityChange(state: SubsidisedEnrolmentState, change: IdentityChange, today: IsoDate): SubsidisedEnrolmentState {
  const next: SubsidisedEnrolmentState = {
    ...state,
    kind: change.kind,
    terminatedOn: change.terminatedOn,
    identityVersion: change.version,
    version: state.version + 1,
  };
  if (!state.registration && identityEndedBefore(change.terminatedOn, today)) {
    return { ...next, status: 'ended', deadline: null };
  }
  return next;
}

/** The audit line of a change: what the department changed. */
export function describeIdentityChange(state: SubsidisedEnrolmentState, change: IdentityChange, today: IsoDate): string {
  const parts: string[] = [];
  if (change.terminatedOn !== state.terminatedOn) {
    parts.push(change.terminatedOn ? `终止日期 ${change.terminatedOn}` : `撤销终止日期（原 ${state.terminatedOn}）`);
  }
  if (change.kind !== state.kind) parts.push(`类型改为${recipientKindNames[change.kind]}`);
  const what = parts.length ? parts.join('，') : '内容更正';
  const outcome =
    !state.registration && identityEndedBefore(change.terminatedOn, today)
      ? '；登记参保前身份已终止，不再办理资助参保（001 §5）'
      : state.registration
        ? '；已资助年度不变，下一年度按变更后的身份有效期确定（001 §6）'
        : '';
  return `部门推送身份第 ${change.version} 版（${change.receivedOn} 收到）：${what}${outcome}`;
}

/**
 * The day the process decides that no further year is subsidised (001 §6): the opening of the
 * collection period of the year after the last subsidised one. Until then a correction of the
 * termination can still reach the enrolment; runs before identity changes ended at once.
 */
export function subsidyDecisionDay(state: SubsidisedEnrolmentState, policy = defaultCollectionPolicy): IsoDate | null {
  if (!state.registration) return null;
  const done = state.years.map((y) => y.year);
  const last = done.length ? Math.max(...done) : state.registration.year - 1;
  return collectionPeriod(last + 1, policy).opens;
}
