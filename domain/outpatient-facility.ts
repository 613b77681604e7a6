/**
 * The general-outpatient designated facility (普通门诊选点, 000 §19–§22; 003 tip 2; 004 item 9;
 * DOMAIN §7): each insured person has one choice in force per insurance year (the calendar year,
 * DOMAIN §0), recorded with channel, who and when. The facility (or, for long-term off-site filers,
 * facilities) a person may use on a date is a pure function of the recorded choices: nothing rolls
 * over at midnight on 1 January, so a service that was down that day answers exactly as if it had
 * been up. Pure: "today" is always a parameter.
 */
import { z } from 'zod';
import { type IsoDate, addDays, yearOf } from './dates';
import { DomainError } from './errors';
import { idNumberSchema } from './id-number';
import { type Actor, type Jurisdiction, actorSchema, jurisdictionSchema } from './people';
import { businessDateSchema, lineText, multilineText } from './primitives';

// ---------------------------------------------------------------------------------------------
// Facilities (定点医疗机构) as the choice sees them
// ---------------------------------------------------------------------------------------------

/** 1 = 一级及以下 (level 1 or below, incl. unrated clinics and health stations), 2 = 二级, 3 = 三级 */
export const facilityGrades = [1, 2, 3] as const;
export type FacilityGrade = (typeof facilityGrades)[number];
export const facilityGradeNames: Record<FacilityGrade, string> = { 1: '一级及以下', 2: '二级', 3: '三级' };

export const facilityServices = ['general_outpatient', 'family_beds', 'geriatric_ward', 'special_diseases', 'referrals'] as const;
export type FacilityService = (typeof facilityServices)[number];

/** A designated facility as recorded with a choice (a snapshot: a later grade change does not rewrite history). */
export const facilityRefSchema = z
  .object({
    code: lineText(40),
    name: lineText(100),
    /** the county (区/县级市) it lies in; off-site facilities carry the place's name in `county` */
    county: lineText(50),
    grade: z.union([z.literal(1), z.literal(2), z.literal(3)]),
    /** outside Jiangmen: allowed only to long-term off-site filers (003 tip 2) */
    offsite: z.boolean(),
  })
  .strict();
export type FacilityRef = z.infer<typeof facilityRefSchema>;

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

/** 000 §19: self-service terminal, website or app, the facility itself, or an agency's counter (附件3). */
export const choiceChannels = ['counter', 'institution', 'self_service', 'online'] as const;
export type ChoiceChannel = (typeof choiceChannels)[number];
export const insuranceKinds = ['employee', 'resident'] as const;
export type InsuranceKind = (typeof insuranceKinds)[number];
export const insuranceKindNames: Record<InsuranceKind, string> = { employee: '职工医保', resident: '城乡居民医保' };

/**
 * 000 §20 ¶3: moving house (居住地迁移) and a change of the facility's grade (定点医疗机构等级变更)
 * are the grounds the article names; `other` is accepted as input only to be refused with the dates
 * when a change is possible (a clerk records what the person asked for and gets the answer).
 */
export const midYearGrounds = ['moved_house', 'facility_grade_changed', 'other'] as const;
export type MidYearGround = (typeof midYearGrounds)[number];
export const midYearGroundNames: Record<MidYearGround, string> = {
  moved_house: '居住地迁移',
  facility_grade_changed: '定点医疗机构等级变更',
  other: '其他原因',
};

/**
 * The long-term remote-care filing (异地长期备案) an off-site choice rests on (003 tip 2). Until the
 * remote-care filing register (issue 14) is queried, its validity is an explicit input recorded with
 * the choice, with the evidence the clerk saw. `basis: promise` (个人承诺) without the materials
 * means no general outpatient benefits at the insured place (003 tip 3).
 */
export const remoteFilingSchema = z
  .object({
    filingNo: lineText(60),
    basis: z.enum(['materials', 'promise']),
    validFrom: businessDateSchema,
    /** null: open-ended (a long-term filing without an end date) */
    validTo: businessDateSchema.nullable(),
    evidence: multilineText(500).pipe(z.string().trim().min(1, '不能为空')),
  })
  .strict()
  .refine((f) => f.validTo === null || f.validTo >= f.validFrom, { message: '备案有效期截止日早于起始日', path: ['validTo'] });
export type RemoteFiling = z.infer<typeof remoteFilingSchema>;

const personSchema = z.object({ name: lineText(50), idNumber: idNumberSchema }).strict();

/** What is chosen: the facilities, and the filing when any of them is off-site. */
const choiceBody = {
  channel: z.enum(choiceChannels),
  insuranceKind: z.enum(insuranceKinds),
  remoteFiling: remoteFilingSchema.optional(),
  /** the form's number (附件3 登记表 / 附件4 变更表) when handled at a counter */
  formRef: lineText(60).optional(),
  note: multilineText(500).optional(),
};

function facilityActionMembers<E extends z.ZodRawShape>(extra: E) {
  return facilityActionMembersWith(z.array(facilityRefSchema).min(1).max(3), extra);
}
function facilityActionMembersWith<F extends z.ZodType, E extends z.ZodRawShape>(facilitiesField: F, extra: E) {
  const body = { ...choiceBody, facilities: facilitiesField };
  return [
    /** 选点登记 (000 §19): the first choice, in force from the day it is recorded */
    z.object({ action: z.literal('choose'), ...body, ...extra }).strict(),
    /** 下一年度变更 (000 §20 ¶1–2): only 1 Oct–31 Dec, in force from 1 January */
    z.object({ action: z.literal('change_next_year'), ...body, ...extra }).strict(),
    /** 年度内变更 (000 §20 ¶3): through the insured place's agency, with the ground and evidence (附件4) */
    z
      .object({
        action: z.literal('change_mid_year'),
        ...body,
        ground: z.enum(midYearGrounds),
        evidence: multilineText(500).pipe(z.string().trim().min(1, '不能为空')),
        ...extra,
      })
      .strict(),
  ] as const;
}
export const facilityActions = ['choose', 'change_next_year', 'change_mid_year'] as const;
export type FacilityAction = (typeof facilityActions)[number];
export const facilityActionNames: Record<FacilityAction, string> = {
  choose: '普通门诊选点登记',
  change_next_year: '下一年度选点变更',
  change_mid_year: '年度内选点变更',
};

/** The API's request body: the facilities by code (the route resolves them from the register). */
export const facilityActionRequestSchema = z.discriminatedUnion(
  'action',
  facilityActionMembersWith(
    z
      .array(z.object({ code: lineText(40) }).strict())
      .min(1)
      .max(3),
    {
      person: personSchema,
      /** the insured place's agency (参保地); taken from the first choice, ignored afterwards */
      jurisdiction: jurisdictionSchema,
    },
  ),
);
export type FacilityActionRequest = z.infer<typeof facilityActionRequestSchema>;
/** The workflow's command: the facilities as snapshots from the register, and the actor. */
export const facilityCommandSchema = z.discriminatedUnion('action', facilityActionMembers({ actor: actorSchema }));
export type FacilityCommand = z.infer<typeof facilityCommandSchema>;

// ---------------------------------------------------------------------------------------------
// The choice history and the state
// ---------------------------------------------------------------------------------------------

export interface FacilityChoice {
  seq: number;
  action: FacilityAction;
  /** the first day it is in force: the day recorded, or 1 January of the next year */
  effectiveFrom: IsoDate;
  recordedOn: IsoDate;
  recordedAt: string;
  by: string;
  role: Actor['role'];
  office: Jurisdiction;
  channel: ChoiceChannel;
  insuranceKind: InsuranceKind;
  facilities: FacilityRef[];
  remoteFiling: RemoteFiling | null;
  formRef: string | null;
  ground: MidYearGround | null;
  evidence: string | null;
  note: string | null;
}

export interface OutpatientFacilityState {
  recordId: string;
  personKey: string;
  /** the name only: the person key stands for the ID number (store/persons.ts); runs started before it carry the number */
  person: { name: string; idNumber?: string };
  /** the insured place's agency (参保地医保经办机构) */
  jurisdiction: Jurisdiction;
  choices: FacilityChoice[];
  /** outpatient referrals filed by the chosen facility (000 §22); absent in runs started before referrals */
  referrals?: OutpatientReferral[];
  version: number;
}

export function outpatientFacilityId(personKey: string): string {
  return `outpatient-facility:${personKey}`;
}

// ---------------------------------------------------------------------------------------------
// The change window (000 §20)
// ---------------------------------------------------------------------------------------------

export interface ChangeWindow {
  opens: IsoDate;
  closes: IsoDate;
  effectiveFrom: IsoDate;
  open: boolean;
}

/**
 * 000 §20 ¶1: "下一基本医疗保险年度需变更的，须在本年10月至12月办理变更手续" — 1 October to
 * 31 December inclusive of this year, in force from 1 January of the next.
 */
export function changeWindow(today: IsoDate): ChangeWindow {
  const y = yearOf(today);
  const opens = `${y}-10-01`;
  const closes = `${y}-12-31`;
  return { opens, closes, effectiveFrom: `${y + 1}-01-01`, open: today >= opens && today <= closes };
}

// ---------------------------------------------------------------------------------------------
// The answer for a date: a pure function of the choices
// ---------------------------------------------------------------------------------------------

/**
 * The choice in force on `date`: the one with the latest `effectiveFrom` on or before it (a later
 * record wins a tie, e.g. a second next-year change in the same window). A choice carries over
 * into every later year until another takes effect (000 §20 ¶1 "视为继续选定原门诊定点机构").
 */
export function choiceInForce(choices: readonly FacilityChoice[], date: IsoDate): FacilityChoice | null {
  let best: FacilityChoice | null = null;
  for (const c of choices) {
    if (c.effectiveFrom > date) continue;
    if (!best || c.effectiveFrom > best.effectiveFrom || (c.effectiveFrom === best.effectiveFrom && c.seq > best.seq)) best = c;
  }
  return best;
}

/** A next-year change recorded and not yet in force on `date`. */
export function pendingChange(choices: readonly FacilityChoice[], date: IsoDate): FacilityChoice | null {
  const future = choices.filter((c) => c.effectiveFrom > date);
  return (
    future.sort((a, b) => (a.effectiveFrom === b.effectiveFrom ? b.seq - a.seq : a.effectiveFrom < b.effectiveFrom ? -1 : 1))[0] ?? null
  );
}

export function filingValidOn(filing: RemoteFiling, date: IsoDate): boolean {
  return filing.validFrom <= date && (filing.validTo === null || date <= filing.validTo);
}

export interface UsableFacility extends FacilityRef {
  usable: boolean;
  reason: string;
}

export interface FacilitiesOnDate {
  date: IsoDate;
  /** the choice that applies, or null when the person has none in force */
  choice: Pick<FacilityChoice, 'seq' | 'action' | 'effectiveFrom' | 'recordedOn' | 'channel' | 'insuranceKind'> | null;
  /** the choice was made for an earlier year and carries over (000 §20) */
  carriedOver: boolean;
  facilities: UsableFacility[];
  reason: string;
}

/**
 * "Which facility may person X use for general outpatient care on date D" (the settlement side's
 * question; DOMAIN §7). Off-site facilities are usable only on days the long-term filing is valid
 * (003 tip 2). 000 §20; 003 tip 2.
 */
export function facilitiesOn(choices: readonly FacilityChoice[], date: IsoDate): FacilitiesOnDate {
  const c = choiceInForce(choices, date);
  if (!c) {
    const first = [...choices].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1))[0];
    return {
      date,
      choice: null,
      carriedOver: false,
      facilities: [],
      reason: first
        ? `普通门诊选点自 ${first.effectiveFrom} 起生效，${date} 无选定的普通门诊定点机构`
        : `未办理普通门诊选点登记，${date} 无选定的普通门诊定点机构（000 §19）`,
    };
  }
  const carriedOver = yearOf(c.effectiveFrom) < yearOf(date);
  const facilities = c.facilities.map((f): UsableFacility => {
    if (!f.offsite) return { ...f, usable: true, reason: `本地选定机构（${facilityGradeNames[f.grade]}）` };
    const filing = c.remoteFiling;
    if (filing && filingValidOn(filing, date)) {
      return { ...f, usable: true, reason: `异地长期备案 ${filing.filingNo} 有效（${filing.validFrom} 至 ${filing.validTo ?? '长期'}）` };
    }
    return {
      ...f,
      usable: false,
      reason: filing
        ? `异地长期备案 ${filing.filingNo} 在 ${date} 不在有效期内（${filing.validFrom} 至 ${filing.validTo ?? '长期'}），异地选点不可用（003 提示2）`
        : '无异地长期备案，异地选点不可用（003 提示2）',
    };
  });
  const names =
    facilities
      .filter((f) => f.usable)
      .map((f) => f.name)
      .join('、') || '（无可用机构）';
  return {
    date,
    carriedOver,
    facilities,
    choice: {
      seq: c.seq,
      action: c.action,
      effectiveFrom: c.effectiveFrom,
      recordedOn: c.recordedOn,
      channel: c.channel,
      insuranceKind: c.insuranceKind,
    },
    reason: carriedOver
      ? `${yearOf(c.effectiveFrom)} 年度选定、未办理变更，${yearOf(date)} 年度视为继续选定：${names}（000 §20）`
      : `${c.effectiveFrom} 起选定：${names}`,
  };
}

// ---------------------------------------------------------------------------------------------
// The combination of facilities (000 §19; 003 tip 2, tip 3)
// ---------------------------------------------------------------------------------------------

export interface UnmetRule {
  code: string;
  article: string;
  message: string;
}

/**
 * Every rule the chosen set breaks (empty when allowed), checked on `effectiveFrom`:
 * - one local facility at most (000 §19 选点: one facility);
 * - off-site facilities only with a long-term filing valid on the day the choice takes effect;
 * - employees: one level-1-or-below off-site facility, plus at most one level-2 or level-3 one on
 *   top of it ("在选定一家一级及以下定点医疗机构基础上"); residents: one level-1-or-below only;
 * - a filing by personal promise alone (个人承诺) gives no general outpatient benefits at the insured
 *   place (003 tip 3), so no local facility with it;
 * - a facility is listed once.
 */
export function combinationProblems(
  kind: InsuranceKind,
  facilities: readonly FacilityRef[],
  filing: RemoteFiling | null | undefined,
  effectiveFrom: IsoDate,
): UnmetRule[] {
  const problems: UnmetRule[] = [];
  const local = facilities.filter((f) => !f.offsite);
  const offsite = facilities.filter((f) => f.offsite);
  if (new Set(facilities.map((f) => f.code)).size !== facilities.length) {
    problems.push({ code: 'DUPLICATE_FACILITY', article: '000 §19', message: '同一定点机构不能重复选定' });
  }
  if (local.length > 1) {
    problems.push({ code: 'ONE_LOCAL_FACILITY', article: '000 §19', message: '本地普通门诊只能选定一家定点医疗机构' });
  }
  if (offsite.length > 0) {
    if (!filing) {
      problems.push({ code: 'REMOTE_FILING_REQUIRED', article: '003 提示2', message: '异地普通门诊选点须已办理异地长期备案' });
    } else if (!filingValidOn(filing, effectiveFrom)) {
      problems.push({
        code: 'REMOTE_FILING_NOT_VALID',
        article: '003 提示2',
        message: `异地长期备案 ${filing.filingNo} 在 ${effectiveFrom} 不在有效期内（${filing.validFrom} 至 ${filing.validTo ?? '长期'}）`,
      });
    }
    const level1 = offsite.filter((f) => f.grade === 1);
    const higher = offsite.filter((f) => f.grade !== 1);
    if (kind === 'resident') {
      if (offsite.length > 1 || higher.length > 0) {
        problems.push({
          code: 'RESIDENT_ONE_LEVEL1',
          article: '003 提示2',
          message: '居民医保参保人异地只可在一级及以下定点医疗机构中选定一家',
        });
      }
    } else {
      if (level1.length !== 1) {
        problems.push({
          code: 'EMPLOYEE_LEVEL1_FIRST',
          article: '003 提示2',
          message: '职工参保人异地须选定一家一级及以下定点医疗机构（且只能一家）',
        });
      }
      if (higher.length > 1) {
        problems.push({
          code: 'EMPLOYEE_ONE_HIGHER',
          article: '003 提示2',
          message: '职工参保人异地只能在二级或三级定点医疗机构中再选定一家',
        });
      }
    }
  }
  if (filing?.basis === 'promise' && local.length > 0) {
    problems.push({
      code: 'PROMISE_NO_LOCAL_OUTPATIENT',
      article: '003 提示3',
      message: '以个人承诺方式办理异地长期备案的，不享受参保地普通门诊待遇，不能选定本地机构',
    });
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Check and apply
// ---------------------------------------------------------------------------------------------

const counterRoles: readonly Actor['role'][] = ['window_clerk', 'reviewer', 'approver'];

/**
 * Whether `cmd` may be recorded on `today` against `state` (null: allowed). Refusals carry the
 * dates that apply: the window (1 Oct–31 Dec) and the day a change would take effect.
 */
export function checkFacilityAction(state: OutpatientFacilityState, cmd: FacilityCommand, today: IsoDate): DomainError | null {
  const { actor } = cmd;
  const window = changeWindow(today);
  const inForce = choiceInForce(state.choices, today);
  const facts = {
    today,
    jurisdiction: state.jurisdiction,
    windowOpens: window.opens,
    windowCloses: window.closes,
    nextEffectiveFrom: window.effectiveFrom,
    currentChoice: inForce?.facilities.map((f) => f.code) ?? null,
  };
  // 000 §19 / 004 item 9 note 3: the facility itself may record a choice of itself; counters anywhere in the city.
  if (cmd.action === 'change_mid_year') {
    if (!counterRoles.includes(actor.role)) {
      return new DomainError('ROLE_NOT_ALLOWED', '年度内变更须向参保地医保经办机构申请（000 §20）', {
        ...facts,
        requiredRoles: counterRoles,
      });
    }
    if (actor.jurisdiction !== state.jurisdiction && actor.jurisdiction !== 'municipal') {
      return new DomainError('OUT_OF_JURISDICTION', '年度内变更须由参保地医保经办机构办理（000 §20）', {
        ...facts,
        actorJurisdiction: actor.jurisdiction,
      });
    }
  } else if (actor.role === 'institution') {
    if (!cmd.facilities.some((f) => f.code === actor.institutionCode)) {
      return new DomainError('ROLE_NOT_ALLOWED', '定点医疗机构只能办理选定本机构的登记或变更', {
        ...facts,
        institutionCode: actor.institutionCode ?? null,
      });
    }
  } else if (!counterRoles.includes(actor.role)) {
    return new DomainError('ROLE_NOT_ALLOWED', `${facilityActionNames[cmd.action]}须由经办机构窗口或定点医疗机构办理`, {
      ...facts,
      requiredRoles: [...counterRoles, 'institution'],
    });
  }
  if (cmd.action === 'change_mid_year' && cmd.channel !== 'counter') {
    return new DomainError('VALIDATION_FAILED', '年度内变更须在参保地医保经办机构窗口办理（附件4）', { ...facts, field: 'channel' });
  }
  if (cmd.channel === 'counter' && !cmd.formRef) {
    return new DomainError(
      'VALIDATION_FAILED',
      `窗口办理须填写${cmd.action === 'choose' ? '《门诊定点机构登记表》（附件3）' : '《门诊定点机构变更表》（附件4）'}编号`,
      { ...facts, field: 'formRef' },
    );
  }
  const everChosen = state.choices.length > 0;
  switch (cmd.action) {
    case 'choose':
      if (everChosen) {
        return new DomainError(
          'FACILITY_ALREADY_CHOSEN',
          `已办理普通门诊选点，年度内原则上不得变更；下一年度变更请于 ${window.opens} 至 ${window.closes} 办理，自 ${window.effectiveFrom} 起生效（000 §20）`,
          facts,
        );
      }
      break;
    case 'change_next_year':
      if (!everChosen) return new DomainError('NO_FACILITY_CHOSEN', '尚未办理普通门诊选点登记，请先办理选点登记（000 §19）', facts);
      if (!window.open) {
        return new DomainError(
          'CHANGE_WINDOW_CLOSED',
          `下一年度选点变更须在 ${window.opens} 至 ${window.closes} 办理，自 ${window.effectiveFrom} 起生效；${today} 不能办理（000 §20）`,
          facts,
        );
      }
      break;
    case 'change_mid_year':
      if (!inForce) return new DomainError('NO_FACILITY_CHOSEN', `${today} 无生效的普通门诊选点，请办理选点登记（000 §19）`, facts);
      if (cmd.ground === 'other') {
        return new DomainError(
          'CHANGE_WINDOW_CLOSED',
          `年度内仅因居住地迁移或定点医疗机构等级变更可申请变更；其他情形请于 ${window.opens} 至 ${window.closes} 申请下一年度变更，自 ${window.effectiveFrom} 起生效（000 §20）`,
          { ...facts, allowedGrounds: ['moved_house', 'facility_grade_changed'] },
        );
      }
      break;
  }
  const effectiveFrom = cmd.action === 'change_next_year' ? window.effectiveFrom : today;
  const problems = combinationProblems(cmd.insuranceKind, cmd.facilities, cmd.remoteFiling, effectiveFrom);
  if (problems.length > 0) {
    return new DomainError('ELIGIBILITY_UNMET', problems.map((p) => p.message).join('；'), { ...facts, unmet: problems });
  }
  return null;
}

/** The state after an allowed command (call `checkFacilityAction` first). Pure. */
export function applyFacilityCommand(
  state: OutpatientFacilityState,
  cmd: FacilityCommand,
  at: { today: IsoDate; at: string },
): OutpatientFacilityState {
  const version = state.version + 1;
  const choice: FacilityChoice = {
    seq: version,
    action: cmd.action,
    effectiveFrom: cmd.action === 'change_next_year' ? changeWindow(at.today).effectiveFrom : at.today,
    recordedOn: at.today,
    recordedAt: at.at,
    by: cmd.actor.username,
    role: cmd.actor.role,
    office: cmd.actor.jurisdiction,
    channel: cmd.channel,
    insuranceKind: cmd.insuranceKind,
    facilities: cmd.facilities,
    remoteFiling: cmd.remoteFiling ?? null,
    formRef: cmd.formRef ?? null,
    ground: cmd.action === 'change_mid_year' ? cmd.ground : null,
    evidence: cmd.action === 'change_mid_year' ? cmd.evidence : null,
    note: cmd.note ?? null,
  };
  return { ...state, choices: [...state.choices, choice], version };
}

// ---------------------------------------------------------------------------------------------
// Outpatient referral (门诊转诊, 000 §22)
// ---------------------------------------------------------------------------------------------

/**
 * 000 §22: the person's chosen facility applies (附件5 转院（诊）申请表), its medical or insurance
 * department reviews and stamps it, and the facility pushes the filing to the insured place's agency
 * through the national platform. The article sets no period of validity: the referring facility
 * states the last day of the referred care (at most a year on, a reading), and the receiving
 * facility may be used for it from the day filed to that day.
 */
export const referralRequestSchema = z
  .object({
    idNumber: idNumberSchema,
    referralNo: lineText(60),
    /** the receiving facility, by code (resolved from the register) */
    toCode: lineText(40),
    /** 附件5's number */
    formRef: lineText(60),
    /** the condition that needs the referral (病情需要) */
    diagnosis: multilineText(500).pipe(z.string().trim().min(1, '不能为空')),
    /** who reviewed and stamped it in the medical or insurance department (医务科/医保科) */
    reviewedBy: lineText(50),
    validTo: businessDateSchema,
  })
  .strict();

const referralMember = z
  .object({
    action: z.literal('file_referral'),
    referralNo: lineText(60),
    to: facilityRefSchema,
    formRef: lineText(60),
    diagnosis: multilineText(500),
    reviewedBy: lineText(50),
    validTo: businessDateSchema,
    actor: actorSchema,
  })
  .strict();
export const referralCommandSchema = referralMember;
export type ReferralCommand = z.infer<typeof referralCommandSchema>;

export interface OutpatientReferral {
  seq: number;
  referralNo: string;
  from: FacilityRef;
  to: FacilityRef;
  filedOn: IsoDate;
  validTo: IsoDate;
  formRef: string;
  diagnosis: string;
  reviewedBy: string;
  by: string;
}

const MAX_REFERRAL_DAYS = 366;

/** Whether the referral may be filed today (null: yes). Only by the facility in force for the person today. 000 §22 */
export function checkReferral(state: OutpatientFacilityState, cmd: ReferralCommand, today: IsoDate): DomainError | null {
  const inForce = choiceInForce(state.choices, today);
  const facts = { today, currentChoice: inForce?.facilities.map((f) => f.code) ?? null };
  if (cmd.actor.role !== 'institution') {
    return new DomainError('ROLE_NOT_ALLOWED', '门诊转诊由参保人选定的定点医疗机构通过国家医保信息平台推送备案（000 §22）', facts);
  }
  const from = inForce?.facilities.find((f) => f.code === cmd.actor.institutionCode);
  if (!from) {
    return new DomainError('ROLE_NOT_ALLOWED', '只有参保人当日选定的普通门诊定点机构可以提出门诊转诊（000 §22）', {
      ...facts,
      institutionCode: cmd.actor.institutionCode ?? null,
    });
  }
  if (cmd.to.code === from.code) return new DomainError('VALIDATION_FAILED', '转入机构不能是本机构', { ...facts, field: 'toCode' });
  if ((state.referrals ?? []).some((r) => r.referralNo === cmd.referralNo)) {
    return new DomainError('DUPLICATE_SOURCE', `转诊单 ${cmd.referralNo} 已备案`, { ...facts, referralNo: cmd.referralNo });
  }
  if (cmd.validTo < today || cmd.validTo > addDays(today, MAX_REFERRAL_DAYS)) {
    return new DomainError('VALIDATION_FAILED', `转诊有效期截止日应在 ${today} 至 ${addDays(today, MAX_REFERRAL_DAYS)} 之间`, {
      ...facts,
      field: 'validTo',
    });
  }
  return null;
}

export function applyReferral(state: OutpatientFacilityState, cmd: ReferralCommand, today: IsoDate): OutpatientFacilityState {
  const version = state.version + 1;
  const from = choiceInForce(state.choices, today)!.facilities.find((f) => f.code === cmd.actor.institutionCode)!;
  const referral: OutpatientReferral = {
    seq: version,
    referralNo: cmd.referralNo,
    from,
    to: cmd.to,
    filedOn: today,
    validTo: cmd.validTo,
    formRef: cmd.formRef,
    diagnosis: cmd.diagnosis,
    reviewedBy: cmd.reviewedBy,
    by: cmd.actor.username,
  };
  return { ...state, referrals: [...(state.referrals ?? []), referral], version };
}

/** The referrals in force on `date` (filed on or before it, up to their last day). 000 §22 */
export function referralsOn(referrals: readonly OutpatientReferral[], date: IsoDate): OutpatientReferral[] {
  return referrals.filter((r) => r.filedOn <= date && date <= r.validTo);
}

/** What the remote-care register says today of a filing an off-site choice rests on. */
export interface RegisteredFilingEnd {
  filingNo: string;
  /** the last day it covers: its end, or the day before its cancellation; null when open-ended */
  lastDay: IsoDate | null;
}

/**
 * 003 tip 2: off-site facilities are usable only while the long-term filing is valid. A choice keeps
 * the filing's validity as it was when chosen; a later cancellation in the remote-care register ends
 * it earlier, so the settlement query reads the register's end over the snapshot's.
 */
export function withRegisterEnds(choices: readonly FacilityChoice[], ends: readonly RegisteredFilingEnd[]): FacilityChoice[] {
  return choices.map((c) => {
    const f = c.remoteFiling;
    const end = f ? ends.find((e) => e.filingNo === f.filingNo) : undefined;
    if (!f || !end || end.lastDay === null) return c;
    const validTo = f.validTo === null || end.lastDay < f.validTo ? end.lastDay : f.validTo;
    return validTo === f.validTo ? c : { ...c, remoteFiling: { ...f, validTo } };
  });
}
