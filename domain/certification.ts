/**
 * The outpatient special-disease certification (门诊特定病种待遇认定, 000 §15–§18; item 26) as a
 * process: its state, the clerk actions on it and whether each is allowed now. Pure; the window and
 * coverage arithmetic lives in ./special-disease.
 */
import { z } from 'zod';
import type { IsoDate } from './dates';
import { addDays } from './dates';
import { DomainError } from './errors';
import { type Actor, type Jurisdiction, actorSchema } from './people';
import { businessDateSchema, lineText } from './primitives';
import type { CertificationHistory, CertificationPeriod, NoticeKind, NoticeOffsets } from './special-disease';
import { idNumberSchema } from './id-number';

export const certificationStatuses = ['active', 'suspended', 'terminated', 'lapsed'] as const;
export type CertificationStatus = (typeof certificationStatuses)[number];
export const certificationStatusNames: Record<CertificationStatus, string> = {
  active: '有效', suspended: '已暂停', terminated: '已终止', lapsed: '已失效（须重新认定）',
};

export const certificationActions = ['renew', 'change_institution', 'suspend', 'resume', 'terminate'] as const;
export type CertificationAction = (typeof certificationActions)[number];
const actionNames: Record<CertificationAction, string> = {
  renew: '续期', change_institution: '变更定点医院', suspend: '暂停', resume: '恢复', terminate: '终止',
};

const reasonSchema = z.string().trim().min(1).max(500);

/** The members of the command union; `extra` adds the actor for the workflow's command. */
function certificationActionMembers<E extends z.ZodRawShape>(extra: E) {
  return [
    z.object({ action: z.literal('renew'), reason: reasonSchema.optional(), ...extra }).strict(),
    /** the newly designated institution (must be qualified for the disease) */
    z.object({ action: z.literal('change_institution'), institutionCode: z.string().trim().min(1).max(40), reason: reasonSchema, ...extra }).strict(),
    z.object({ action: z.literal('suspend'), reason: reasonSchema, ...extra }).strict(),
    z.object({ action: z.literal('resume'), reason: reasonSchema, ...extra }).strict(),
    z.object({ action: z.literal('terminate'), reason: reasonSchema, ...extra }).strict(),
  ] as const;
}
export const certificationActionRequestSchema = z.discriminatedUnion('action', certificationActionMembers({}));
export type CertificationActionRequest = z.infer<typeof certificationActionRequestSchema>;
export const certificationCommandSchema = z.discriminatedUnion('action', certificationActionMembers({ actor: actorSchema }));
export type CertificationCommand = z.infer<typeof certificationCommandSchema>;

/** 000 §16: an off-site applicant's documents at the insured-place agency. */
export const offsiteDocumentsSchema = z.object({
  idDocument: z.literal(true),
  agentIdDocument: z.boolean().default(false),
  applicationForm: z.literal(true),
  recordsOrReports: z.literal(true),
}).strict();

export const createCertificationSchema = z.object({
  person: z.object({
    name: lineText(50),
    idNumber: idNumberSchema,
  }).strict(),
  diseaseCode: z.string().trim().min(1).max(40),
  institutionCode: z.string().trim().min(1).max(40),
  /** the first valid day of the certification (default: today) */
  periodStart: businessDateSchema.optional(),
  /** present when a clerk registers an off-site application (000 §16) instead of an institution's push */
  offsiteDocuments: offsiteDocumentsSchema.optional(),
}).strict();

export interface CertificationState {
  certificationId: string;
  personKey: string;
  person: { name: string; idNumber: string };
  jurisdiction: Jurisdiction;
  diseaseCode: string;
  diseaseName: string;
  institutionCode: string;
  periodMonths: number;
  source: 'institution' | 'offsite_application';
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

export function certificationId(personKey: string, diseaseCode: string): string {
  return `special-disease:${personKey}:${diseaseCode}`;
}

export function checkCertificationAction(state: CertificationState, cmd: CertificationCommand): DomainError | null {
  const { actor } = cmd;
  const facts = { status: state.status, jurisdiction: state.jurisdiction, lastValidDay: state.period.end };
  if (actor.jurisdiction !== state.jurisdiction) {
    return new DomainError('OUT_OF_JURISDICTION', '该认定不属于您所在的经办辖区', { ...facts, actorJurisdiction: actor.jurisdiction });
  }
  const wrongState = () => new DomainError('CASE_WRONG_STATE',
    `认定当前为「${certificationStatusNames[state.status]}」，不能${actionNames[cmd.action]}`, facts);
  const roles = cmd.action === 'renew' ? ['window_clerk', 'institution'] : ['window_clerk', 'reviewer', 'approver'];
  if (!roles.includes(actor.role)) {
    return new DomainError('ROLE_NOT_ALLOWED', `${actionNames[cmd.action]}须由${cmd.action === 'renew' ? '窗口受理人员或定点医院' : '经办人员'}办理`, { ...facts, requiredRoles: roles });
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

/** What a transition needs from outside: the day, and for a renewal the new period (./special-disease `renew`). */
export interface CertificationFacts {
  today: IsoDate;
  renewal?: { period: CertificationPeriod };
}

/** The state after an allowed decision (call `checkCertificationAction` first). Pure. */
export function applyCertificationCommand(state: CertificationState, cmd: CertificationCommand, facts: CertificationFacts): CertificationState {
  const next: CertificationState = { ...state, version: state.version + 1 };
  const { today } = facts;
  switch (cmd.action) {
    case 'renew': {
      if (!facts.renewal) throw new Error('renew needs the new period');
      const { period } = facts.renewal;
      return { ...next, period, history: { ...state.history, periods: [...state.history.periods, period] }, noticesDone: [], renewals: state.renewals + 1 };
    }
    case 'change_institution':
      return { ...next, institutionCode: cmd.institutionCode };
    case 'suspend':
      return { ...next, status: 'suspended', history: { ...state.history, suspensions: [...state.history.suspensions, { from: today, to: null }] } };
    case 'resume':
      return {
        ...next, status: 'active',
        history: { ...state.history, suspensions: state.history.suspensions.map((s) => (s.to === null ? { ...s, to: lastSuspendedDay(today, s.from) } : s)) },
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
