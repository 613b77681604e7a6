/**
 * The outpatient special-disease certification (门诊特定病种待遇认定, 000 §15–§18; item 26) as a
 * process: its state, the clerk actions on it and whether each is allowed now. Pure; the window and
 * coverage arithmetic lives in ./special-disease.
 */
import { z } from 'zod';
import type { IsoDate } from './dates';
import { addDays } from './dates';
import { DomainError } from './errors';
import { type Actor, type Jurisdiction, actorSchema, jurisdictionNames, jurisdictionSchema } from './people';
import { businessDateSchema, lineText } from './primitives';
import {
  type CertificationHistory,
  type CertificationPeriod,
  type NoticeKind,
  type NoticeOffsets,
  noticeKinds,
  renewalTiming,
  renewalWindows,
} from './special-disease';
import { idNumberSchema } from './id-number';

export const certificationStatuses = ['active', 'suspended', 'terminated', 'lapsed'] as const;
export type CertificationStatus = (typeof certificationStatuses)[number];
export const certificationStatusNames: Record<CertificationStatus, string> = {
  active: '有效',
  suspended: '已暂停',
  terminated: '已终止',
  lapsed: '已失效（须重新认定）',
};

export const certificationActions = ['renew', 'change_institution', 'suspend', 'resume', 'terminate'] as const;
export type CertificationAction = (typeof certificationActions)[number];
const actionNames: Record<CertificationAction, string> = {
  renew: '续期',
  change_institution: '变更定点医院',
  suspend: '暂停',
  resume: '恢复',
  terminate: '终止',
};

/**
 * 000 §16: the documents an applicant brings to the insured-place agency — (一) ID (and, when an
 * agent applies, the agent's ID), (二) the application form (附件2), (三) records or examination
 * reports. 000 §17 applies §16 to a renewal at the counter too. Each box says the clerk has seen it;
 * what is missing is listed by `missingApplicantDocuments`, not refused one field at a time.
 */
export const applicantDocumentsSchema = z
  .object({
    idDocument: z.boolean(),
    /** 委托办理: an agent applies on the insured person's behalf */
    delegated: z.boolean().default(false),
    agentIdDocument: z.boolean().default(false),
    applicationForm: z.boolean(),
    recordsOrReports: z.boolean(),
  })
  .strict();
export type ApplicantDocuments = z.infer<typeof applicantDocumentsSchema>;
/** The off-site registration's documents (000 §16): the same list. */
export const offsiteDocumentsSchema = applicantDocumentsSchema;

export const applicantDocumentNames = {
  idDocument: '医保电子凭证或有效身份证件或社保卡（000 §16(一)）',
  agentIdDocument: '代理人身份证件（委托办理的，000 §16(一)）',
  applicationForm: '《门诊特定病种待遇认定申请表》（附件2，000 §16(二)）',
  recordsOrReports: '病历资料或检查资料（000 §16(三)）',
} as const;

/** Every 000 §16 document not seen (all four when none were stated); the agent's ID only when delegated. */
export function missingApplicantDocuments(
  docs: Partial<ApplicantDocuments> | undefined,
): { field: keyof typeof applicantDocumentNames; name: string }[] {
  const d = docs ?? {};
  const missing: (keyof typeof applicantDocumentNames)[] = [];
  if (d.idDocument !== true) missing.push('idDocument');
  // An agent's ID ticked without "delegated" still says an agent applied.
  if ((d.delegated === true || d.agentIdDocument === true) && d.agentIdDocument !== true) missing.push('agentIdDocument');
  if (d.applicationForm !== true) missing.push('applicationForm');
  if (d.recordsOrReports !== true) missing.push('recordsOrReports');
  return missing.map((field) => ({ field, name: applicantDocumentNames[field] }));
}

/** The refusal listing what is missing, or null. `what` is the act: 申请认定 / 续期. 000 §16, §17 */
export function documentsRefusal(docs: Partial<ApplicantDocuments> | undefined, what: string): DomainError | null {
  const missing = missingApplicantDocuments(docs);
  if (!missing.length) return null;
  return new DomainError('DOCUMENTS_MISSING', `窗口办理${what}须核验以下材料，尚缺：${missing.map((m) => m.name).join('；')}`, { missing });
}

const reasonSchema = z.string().trim().min(1).max(500);

/** The members of the command union; `extra` adds the actor for the workflow's command. */
function certificationActionMembers<E extends z.ZodRawShape>(extra: E) {
  return [
    z
      .object({
        action: z.literal('renew'),
        reason: reasonSchema.optional(),
        /** an institution's renewal: the renewing institution (default: the user's own, else the certification's), qualified (000 §15) */
        institutionCode: z.string().trim().min(1).max(40).optional(),
        /** at the agency counter: the 000 §16 documents (000 §17 applies §15–§16 to renewals) */
        documents: applicantDocumentsSchema.optional(),
        ...extra,
      })
      .strict(),
    /** the newly designated institution (must be qualified for the disease) */
    z
      .object({
        action: z.literal('change_institution'),
        institutionCode: z.string().trim().min(1).max(40),
        reason: reasonSchema,
        ...extra,
      })
      .strict(),
    z.object({ action: z.literal('suspend'), reason: reasonSchema, ...extra }).strict(),
    z.object({ action: z.literal('resume'), reason: reasonSchema, ...extra }).strict(),
    z.object({ action: z.literal('terminate'), reason: reasonSchema, ...extra }).strict(),
  ] as const;
}
export const certificationActionRequestSchema = z.discriminatedUnion('action', certificationActionMembers({}));
export type CertificationActionRequest = z.infer<typeof certificationActionRequestSchema>;
export const certificationCommandSchema = z.discriminatedUnion('action', certificationActionMembers({ actor: actorSchema }));
export type CertificationCommand = z.infer<typeof certificationCommandSchema>;

export const createCertificationSchema = z
  .object({
    person: z
      .object({
        name: lineText(50),
        idNumber: idNumberSchema,
      })
      .strict(),
    /**
     * 参保地: the insured place, whose agency renews, suspends, resumes, terminates and changes the
     * institution (000 §16–§17), whatever county the certifying institution is in. An institution
     * must state it; a clerk's off-site registration is made at the insured-place agency (000 §16),
     * so it is the clerk's own.
     */
    insuredPlace: jurisdictionSchema.optional(),
    diseaseCode: z.string().trim().min(1).max(40),
    /** the Jiangmen designated institution qualified for the disease (000 §15); absent for an off-site registration */
    institutionCode: z.string().trim().min(1).max(40).optional(),
    /**
     * Off-site (000 §16): the hospital at the place of treatment that diagnosed the disease (就医地
     * 具备相应诊断资格的定点医疗机构). It is not on the Jiangmen list, so it is recorded as written.
     */
    treatingHospital: z
      .object({ name: lineText(100), place: lineText(50) })
      .strict()
      .optional(),
    /** the first valid day of the certification (default: today) */
    periodStart: businessDateSchema.optional(),
    /** present when a clerk registers an off-site application (000 §16) instead of an institution's push */
    offsiteDocuments: offsiteDocumentsSchema.optional(),
  })
  .strict();

/** an institution's push (000 §15) or a clerk's registration of an off-site application (000 §16) */
export const certificationSources = ['institution', 'offsite_application'] as const;

export interface CertificationState {
  certificationId: string;
  personKey: string;
  /** the name only: the person key stands for the ID number (store/persons.ts); runs started before it carry the number */
  person: { name: string; idNumber?: string };
  /** 参保地: the agency of the insured place, which acts on the certification (000 §16–§17) */
  jurisdiction: Jurisdiction;
  /** the county of the certifying institution or registering clerk (absent in certifications made before it was recorded) */
  institutionCounty?: Jurisdiction;
  diseaseCode: string;
  diseaseName: string;
  /** the Jiangmen designated institution; null for an off-site certification not (yet) tied to one */
  institutionCode: string | null;
  /** off-site (000 §16): the hospital at the place of treatment, as written */
  treatingHospital?: { name: string; place: string } | null;
  /** the person's earlier certifications of this disease, each ended by termination or lapse (oldest first) */
  earlier?: EndedCertification[];
  periodMonths: number;
  source: (typeof certificationSources)[number];
  createdBy: Actor;
  status: CertificationStatus;
  period: CertificationPeriod;
  history: CertificationHistory;
  lapsedOn: IsoDate | null;
  /** the notices of the current period already handled (sent, or skipped while suspended or past) */
  noticesDone: NoticeKind[];
  offsets: NoticeOffsets;
  renewals: number;
  version: number;
}

/**
 * A certification as it begins (000 §15–§16): active, its first period the only one in its history,
 * no notice of the period handled yet. The facts of who, which disease and when are the caller's.
 */
export function newCertificationState(
  facts: Omit<CertificationState, 'status' | 'history' | 'lapsedOn' | 'noticesDone' | 'renewals' | 'version'> & { version?: number },
): CertificationState {
  return {
    ...facts,
    status: 'active',
    history: { periods: [facts.period], suspensions: [], terminatedOn: null },
    lapsedOn: null,
    noticesDone: [],
    renewals: 0,
    version: facts.version ?? 0,
  };
}

export function certificationId(personKey: string, diseaseCode: string): string {
  return `special-disease:${personKey}:${diseaseCode}`;
}

export function checkCertificationAction(state: CertificationState, cmd: CertificationCommand): DomainError | null {
  const { actor } = cmd;
  const facts = { status: state.status, jurisdiction: state.jurisdiction, lastValidDay: state.period.end };
  const agency = actingJurisdiction(state, cmd);
  if (agency !== null && actor.jurisdiction !== agency) {
    return new DomainError(
      'OUT_OF_JURISDICTION',
      `该认定的参保地为${jurisdictionNames[agency]}，${actionNames[cmd.action]}由参保地经办机构办理（000 §16–§17）`,
      { ...facts, insuredPlace: agency, actorJurisdiction: actor.jurisdiction },
    );
  }
  const wrongState = () =>
    new DomainError('CASE_WRONG_STATE', `认定当前为「${certificationStatusNames[state.status]}」，不能${actionNames[cmd.action]}`, facts);
  const roles = cmd.action === 'renew' ? ['window_clerk', 'institution'] : ['window_clerk', 'reviewer', 'approver'];
  if (!roles.includes(actor.role)) {
    return new DomainError(
      'ROLE_NOT_ALLOWED',
      `${actionNames[cmd.action]}须由${cmd.action === 'renew' ? '窗口受理人员或定点医院' : '经办人员'}办理`,
      { ...facts, requiredRoles: roles },
    );
  }
  switch (cmd.action) {
    case 'renew':
    case 'change_institution':
    case 'suspend':
      if (state.status !== 'active') return wrongState();
      break;
    case 'resume':
      if (state.status !== 'suspended') return wrongState();
      break;
    case 'terminate':
      if (state.status !== 'active' && state.status !== 'suspended') return wrongState();
      break;
  }
  return null;
}

/**
 * What the request itself must carry, checked once when it arrives (the Update's validator): a
 * counter renewal's 000 §16 documents, an institution renewal's institution. Kept apart from
 * `checkCertificationAction`, which the handler re-checks at its turn, so decisions accepted
 * before this rule existed replay unchanged.
 */
export function checkCertificationRequest(state: CertificationState, cmd: CertificationCommand): DomainError | null {
  return cmd.action === 'renew' ? renewalPathRefusal(state, cmd) : null;
}

/**
 * The jurisdiction whose staff may take the action, or null when any may: the insured place's
 * agency (参保地经办机构) for everything it does (000 §16–§17), whoever certified; an institution's
 * renewal goes through the institution (000 §17 → §15), which may be in any county.
 */
export function actingJurisdiction(
  state: Pick<CertificationState, 'jurisdiction'>,
  cmd: Pick<CertificationCommand, 'action' | 'actor'>,
): Jurisdiction | null {
  if (cmd.action === 'renew' && cmd.actor.role === 'institution') return null;
  return state.jurisdiction;
}

/** The institution that renews: the institution user's own, else the one stated, else the certification's (000 §15). */
export function renewingInstitution(
  state: Pick<CertificationState, 'institutionCode'>,
  cmd: { institutionCode?: string; actor: Actor },
): string | null {
  return cmd.actor.institutionCode ?? cmd.institutionCode ?? state.institutionCode;
}

/**
 * 000 §17: 续期手续适用本规程第十五条、第十六条规定. At the agency counter that is §16's documents;
 * through an institution it is §15's path, by an institution qualified for the disease (checked
 * against the list by the caller, which has it).
 */
function renewalPathRefusal(state: CertificationState, cmd: Extract<CertificationCommand, { action: 'renew' }>): DomainError | null {
  if (cmd.actor.role === 'window_clerk') return documentsRefusal(cmd.documents, '续期');
  if (renewingInstitution(state, cmd) === null) {
    return new DomainError('VALIDATION_FAILED', '定点医院办理续期须填写本院编码（institutionCode）（000 §15）', {
      field: 'institutionCode',
    });
  }
  return null;
}

/**
 * Who may register what (000 §15–§16), and the insured place it is recorded under:
 * - an institution pushes its own certification: a Jiangmen institution code, and the person's
 *   insured place stated (the agency that will act on it, not the institution's county);
 * - a window clerk registers an off-site application at the insured-place agency (000 §16): the
 *   documents of §16, and the hospital at the place of treatment as written (it is not on the
 *   Jiangmen list); the insured place is the clerk's own agency.
 */
export function registrationRefusal(body: z.infer<typeof createCertificationSchema>, actor: Actor): DomainError | null {
  if (actor.role === 'institution') {
    if (!body.institutionCode)
      return new DomainError('VALIDATION_FAILED', '定点医院推送认定须填写本院编码（institutionCode）（000 §15）', {
        field: 'institutionCode',
      });
    if (!body.insuredPlace)
      return new DomainError(
        'VALIDATION_FAILED',
        '请填写参保人的参保地（insuredPlace），续期、暂停、恢复、终止由参保地经办机构办理（000 §16–§17）',
        { field: 'insuredPlace' },
      );
    if (body.offsiteDocuments || body.treatingHospital) {
      return new DomainError('VALIDATION_FAILED', '异地认定申请由参保地经办机构窗口受理（000 §16），定点医院推送不填写异地材料', {
        field: 'offsiteDocuments',
      });
    }
    return null;
  }
  const missing = documentsRefusal(body.offsiteDocuments, '异地认定申请');
  if (missing) return missing;
  if (!body.treatingHospital) {
    return new DomainError(
      'VALIDATION_FAILED',
      '异地认定申请须填写就医地作出诊断的定点医疗机构名称及所在地（treatingHospital）（000 §16）',
      { field: 'treatingHospital' },
    );
  }
  if (body.insuredPlace && body.insuredPlace !== actor.jurisdiction) {
    return new DomainError(
      'OUT_OF_JURISDICTION',
      `异地认定申请向参保地经办机构提出（000 §16）：参保地为${jurisdictionNames[body.insuredPlace]}的，请由该地经办机构受理`,
      { insuredPlace: body.insuredPlace, actorJurisdiction: actor.jurisdiction },
    );
  }
  return null;
}

/** What a transition needs from outside: the day, and for a renewal the new period (./special-disease `renew`). */
export interface CertificationFacts {
  today: IsoDate;
  renewal?: { period: CertificationPeriod };
}

/** The state after an allowed decision (call `checkCertificationAction` first). Pure. */
export function applyCertificationCommand(
  state: CertificationState,
  cmd: CertificationCommand,
  facts: CertificationFacts,
): CertificationState {
  const next: CertificationState = { ...state, version: state.version + 1 };
  const { today } = facts;
  switch (cmd.action) {
    case 'renew': {
      if (!facts.renewal) throw new Error('renew needs the new period');
      const { period } = facts.renewal;
      return {
        ...next,
        period,
        history: { ...state.history, periods: [...state.history.periods, period] },
        noticesDone: [],
        renewals: state.renewals + 1,
      };
    }
    case 'change_institution':
      return { ...next, institutionCode: cmd.institutionCode };
    case 'suspend':
      return {
        ...next,
        status: 'suspended',
        history: { ...state.history, suspensions: [...state.history.suspensions, { from: today, to: null }] },
      };
    case 'resume':
      return {
        ...next,
        status: 'active',
        history: {
          ...state.history,
          suspensions: state.history.suspensions.map((s) => (s.to === null ? { ...s, to: lastSuspendedDay(today, s.from) } : s)),
        },
      };
    case 'terminate':
      return { ...next, status: 'terminated', history: { ...state.history, terminatedOn: today } };
  }
}

/** The last suspended day when resuming today (a same-day resume leaves one suspended day). */
function lastSuspendedDay(today: IsoDate, from: IsoDate): IsoDate {
  const d = addDays(today, -1);
  return d < from ? from : d;
}

// ---------------------------------------------------------------------------------------------
// A person's certifications over time (000 §17: after a lapse only a new certification helps)
// ---------------------------------------------------------------------------------------------

/** A certification that has ended (terminated or lapsed), kept in the person's history for coverage on past dates. */
export interface EndedCertification {
  status: 'terminated' | 'lapsed';
  history: CertificationHistory;
  lapsedOn: IsoDate | null;
  institutionCode: string | null;
  treatingHospital?: { name: string; place: string } | null;
  source: CertificationState['source'];
  insuredPlace: Jurisdiction;
}

/** Every certification of the person for the disease, oldest first, as histories for the coverage question. */
export function certificationHistories(state: Pick<CertificationState, 'earlier' | 'history'>): CertificationHistory[] {
  return [...(state.earlier ?? []).map((c) => c.history), state.history];
}

/** The last day an ended certification covered (before termination, or its last period's end). */
function lastCoveredDay(h: CertificationHistory): IsoDate | null {
  const last = h.periods[h.periods.length - 1];
  if (!last) return null;
  if (h.terminatedOn !== null && h.terminatedOn <= last.end) return addDays(h.terminatedOn, -1);
  return last.end;
}

/**
 * A new certification is a new period after the earlier ones: it may not start on a day an earlier
 * certification covered, so coverage on every past date keeps its answer. 000 §15, §17
 */
export function newCertificationRefusal(earlier: EndedCertification[], start: IsoDate): DomainError | null {
  const previous = earlier[earlier.length - 1];
  const covered = previous ? lastCoveredDay(previous.history) : null;
  if (covered !== null && start <= covered) {
    return new DomainError('CERTIFICATION_OVERLAPS', `新的认定有效期须晚于此前认定的最后有效日 ${covered}，${start} 不能作为起始日`, {
      start,
      previousLastCoveredDay: covered,
    });
  }
  return null;
}

/**
 * The state a registration opens with. A registration whose period and late-renewal days are all
 * over on `today` (today ≥ E+31) is recorded as historical: status lapsed on E+31, every notice
 * handled, so it is never shown as 有效 and no lapse notice goes out for it; it still answers
 * coverage for its past dates (the reading that keeps a late-uploaded certification, 000 §16,
 * useful for 零星报销 of those days). One that ended but is within E+1..E+30 opens as it stands:
 * renewable late, shown as expired (see `certificationStandingOn`).
 */
export function openingCertificationState(state: CertificationState, today: IsoDate): CertificationState {
  const w = renewalWindows(state.period.end);
  if (today < w.lapsesOn) return state;
  return { ...state, status: 'lapsed', lapsedOn: w.lapsesOn, noticesDone: [...noticeKinds] };
}

/** The ended certification that a new one carries forward. */
export function endedCertification(state: CertificationState): EndedCertification {
  if (state.status !== 'terminated' && state.status !== 'lapsed') throw new Error(`certification ${state.certificationId} has not ended`);
  return {
    status: state.status,
    history: state.history,
    lapsedOn: state.lapsedOn,
    institutionCode: state.institutionCode,
    treatingHospital: state.treatingHospital ?? null,
    source: state.source,
    insuredPlace: state.jurisdiction,
  };
}

// ---------------------------------------------------------------------------------------------
// What the certification is on a day, for lists, pages and the renew button
// ---------------------------------------------------------------------------------------------

export const certificationStandings = ['active', 'expired', 'suspended', 'terminated', 'lapsed'] as const;
export type CertificationStanding = (typeof certificationStandings)[number];

/**
 * The status as the insured person stands on `today`, from the recorded status and the period:
 * a period whose last day has passed is never 有效 — in E+1..E+30 it is expired and renewable late,
 * from E+31 lapsed (even before the workflow's lapse is recorded at 09:00). 000 §17; DOMAIN §11
 */
export function certificationStandingOn(
  c: { status: string; period: CertificationPeriod; periods?: CertificationPeriod[] },
  today: IsoDate,
): { status: CertificationStanding; name: string } {
  // A renewal's period starts on E+1; until then the period it follows is still running.
  const firstStart = c.periods?.[0]?.start ?? c.period.start;
  const w = renewalWindows(c.period.end);
  if (c.status === 'terminated') return { status: 'terminated', name: certificationStatusNames.terminated };
  if (c.status === 'lapsed' || today >= w.lapsesOn) return { status: 'lapsed', name: certificationStatusNames.lapsed };
  if (c.status === 'suspended') return { status: 'suspended', name: certificationStatusNames.suspended };
  if (today < firstStart) return { status: 'active', name: `有效（${firstStart} 起）` };
  if (today > c.period.end) return { status: 'expired', name: `已到期（${w.graceEnds} 前可逾期补办续期）` };
  return { status: 'active', name: certificationStatusNames.active };
}

/**
 * Whether a renewal can be made on `today`, and if not when it can: open E−29..E (on time) and
 * E+1..E+30 (late); before E−29 it opens on E−29; from E+31 never (a new certification is needed).
 * 000 §17; DOMAIN §11
 */
export function renewalOffer(
  c: { status: string; period: CertificationPeriod },
  today: IsoDate,
): { open: boolean; timing: ReturnType<typeof renewalTiming>; opensOn: IsoDate; closesOn: IsoDate; message: string } {
  const w = renewalWindows(c.period.end);
  const timing = renewalTiming(c.period.end, today);
  const base = { timing, opensOn: w.windowOpens, closesOn: w.graceEnds };
  if (c.status !== 'active')
    return { ...base, open: false, message: `认定${certificationStatusNames[c.status as CertificationStatus] ?? c.status}，不能续期` };
  switch (timing) {
    case 'too_early':
      return { ...base, open: false, message: `续期自 ${w.windowOpens} 起可办理（有效期届满前30日内，000 §17）` };
    case 'on_time':
      return { ...base, open: true, message: `可按期续期（${w.windowOpens} 至 ${w.lastValidDay}）` };
    case 'late':
      return { ...base, open: true, message: `有效期已于 ${w.lastValidDay} 届满，可逾期补办至 ${w.graceEnds}（含当日）` };
    case 'lapsed':
      return { ...base, open: false, message: `逾期补办期限 ${w.graceEnds} 已过，须重新申请认定（000 §17）` };
  }
}
