/**
 * The episode process of a family bed (家庭病床, 000 §6–§12) or a geriatric-ward stay (老年病区,
 * 000 §13–§14): its state, the actions on it and whether each is allowed now. Pure: the episode
 * workflow's Update validator and the API both call `checkEpisodeAction`.
 *
 *   under_review ──(panel needed)──▶ panel_review ──panel approves──▶ under_review
 *   under_review ──approve──▶ opened ──close──▶ closed ──settle──▶ settled
 *   under_review / panel_review ──reject──▶ rejected;  ──withdraw (before opening)──▶ withdrawn
 */
import { z } from 'zod';
import {
  type CareKind,
  type ClosingGround,
  type CareRecordOf,
  type FamilyBedApplication,
  type GeriatricWardApplication,
  type UnmetCriterion,
  closingGrounds,
  familyBedApplicationSchema,
  familyBedEligibility,
  geriatricWardApplicationSchema,
  geriatricWardEligibility,
} from './care-episode';
import type { IsoDate } from './dates';
import { DomainError } from './errors';
import { type Actor, type Jurisdiction, actorSchema } from './people';
import { businessDateSchema } from './primitives';
import type { StatutoryDeadline } from './working-days';

export const episodeStatuses = ['under_review', 'panel_review', 'opened', 'closed', 'settled', 'rejected', 'withdrawn'] as const;
export type EpisodeStatus = (typeof episodeStatuses)[number];
export const episodeStatusNames: Record<EpisodeStatus, string> = {
  under_review: '经办机构审核中',
  panel_review: '待专家组会审',
  opened: '已建床/在院',
  closed: '已撤床（待结算）',
  settled: '已撤床并结算',
  rejected: '不予批准',
  withdrawn: '已撤回',
};

export const episodeActions = ['request_panel', 'panel_decision', 'approve', 'reject', 'withdraw', 'close', 'settle'] as const;
export type EpisodeAction = (typeof episodeActions)[number];
export const episodeActionNames: Record<EpisodeAction, string> = {
  request_panel: '提请专家组会审',
  panel_decision: '专家组会审',
  approve: '批准',
  reject: '不予批准',
  withdraw: '撤回申请',
  close: '撤床/出院',
  settle: '结算',
};

const reasonSchema = z.string().trim().min(1).max(500);

/** The members of the command union; `extra` adds the actor for the workflow's command. */
function episodeActionMembers<E extends z.ZodRawShape>(extra: E) {
  return [
    z.object({ action: z.literal('request_panel'), reason: reasonSchema, ...extra }).strict(),
    /** the panel's conclusion and its record number (会审记录) */
    z
      .object({
        action: z.literal('panel_decision'),
        approved: z.boolean(),
        reason: reasonSchema,
        decisionRef: z.string().trim().min(1).max(64).optional(),
        ...extra,
      })
      .strict(),
    z.object({ action: z.literal('approve'), reason: reasonSchema.optional(), ...extra }).strict(),
    z.object({ action: z.literal('reject'), reason: reasonSchema, ...extra }).strict(),
    z.object({ action: z.literal('withdraw'), reason: reasonSchema, ...extra }).strict(),
    /**
     * The ground (000 §11), the closing date (the date of death for death), the closing
     * certificate (撤床证); at the patient's or family's request, the closing record they signed.
     */
    z
      .object({
        action: z.literal('close'),
        ground: z.enum(closingGrounds),
        closedOn: businessDateSchema,
        certificateNo: z.string().trim().min(1).max(64),
        signedClosingRecord: z.boolean().optional(),
        reason: reasonSchema.optional(),
        ...extra,
      })
      .strict(),
    z.object({ action: z.literal('settle'), reason: reasonSchema.optional(), ...extra }).strict(),
  ] as const;
}
export const episodeActionRequestSchema = z.discriminatedUnion('action', episodeActionMembers({}));
export const episodeCommandSchema = z.discriminatedUnion('action', episodeActionMembers({ actor: actorSchema }));
export type EpisodeCommand = z.infer<typeof episodeCommandSchema>;

const applicationCommon = {
  applicationNo: z.string().regex(/^[A-Za-z0-9-]{4,40}$/, '申请编号为4–40位字母、数字或连字符'),
  /** a transfer between a family bed and a geriatric ward: the episode it leaves (000 §10) */
  transferFrom: z.string().min(1).max(200).optional(),
};
export const familyBedRequestSchema = z.object({ ...applicationCommon, application: familyBedApplicationSchema }).strict();
export const geriatricWardRequestSchema = z.object({ ...applicationCommon, application: geriatricWardApplicationSchema }).strict();

export type CareApplication =
  | { kind: 'family_bed'; data: CareRecordOf<FamilyBedApplication> }
  | { kind: 'geriatric_ward'; data: CareRecordOf<GeriatricWardApplication> };

export interface PanelDecision {
  approved: boolean;
  by: string;
  at: string;
  reason: string;
  decisionRef?: string;
}

export interface EpisodeOpening {
  episodeId: string;
  applicationNo: string;
  personKey: string;
  application: CareApplication;
  applicationDate: IsoDate;
  /** the local agency that approves: the institution's jurisdiction (属地经办机构) */
  jurisdiction: Jurisdiction;
  createdBy: Actor;
  transferFrom?: string;
  /** why the expert panel must review before approval (third opening of the year, transfer, panel-only qualifier) */
  panelReasons: string[];
  eligibility: UnmetCriterion[];
  deductible: 'standard' | 'reduced_or_waived';
}

export interface EpisodeState extends EpisodeOpening {
  status: EpisodeStatus;
  panelDecision: PanelDecision | null;
  openedOn: IsoDate | null;
  closedOn: IsoDate | null;
  closing: { ground: ClosingGround; certificateNo: string; signedClosingRecord: boolean; by: string; reason?: string } | null;
  transferTo: string | null;
  settledAt: string | null;
  reviewDeadline: StatutoryDeadline | null;
  remindedAt: string | null;
  breachedAt: string | null;
  rejectionReason: string | null;
  version: number;
}

const reviewerRoles = ['reviewer', 'approver'] as const;

/** Every reason the action may not be taken now (or null). `today` is the Shanghai date. */
export function checkEpisodeAction(state: EpisodeState, cmd: EpisodeCommand, today: IsoDate): DomainError | null {
  const { actor } = cmd;
  const facts = { status: state.status, episodeJurisdiction: state.jurisdiction };
  const wrongState = (allowed: EpisodeStatus[]) =>
    new DomainError('CASE_WRONG_STATE', `当前状态为「${episodeStatusNames[state.status]}」，不能${episodeActionNames[cmd.action]}`, {
      ...facts,
      allowedIn: allowed,
    });
  const needRole = (roles: readonly string[], who: string) =>
    roles.includes(actor.role)
      ? null
      : new DomainError('ROLE_NOT_ALLOWED', `${episodeActionNames[cmd.action]}须由${who}办理`, { ...facts, requiredRoles: roles });
  if (actor.jurisdiction !== state.jurisdiction) {
    return new DomainError('OUT_OF_JURISDICTION', '该申请不属于您所在的经办辖区', { ...facts, actorJurisdiction: actor.jurisdiction });
  }
  switch (cmd.action) {
    case 'request_panel':
      if (state.status !== 'under_review') return wrongState(['under_review']);
      return needRole(reviewerRoles, '经办审核人员');
    case 'panel_decision':
      if (state.status !== 'panel_review') return wrongState(['panel_review']);
      return needRole(['expert_panel'], '医疗专家组');
    case 'approve': {
      if (state.status === 'panel_review') {
        return new DomainError('PANEL_REVIEW_REQUIRED', `须先经专家组会审：${state.panelReasons.join('；')}`, {
          ...facts,
          panelReasons: state.panelReasons,
        });
      }
      if (state.status !== 'under_review') return wrongState(['under_review']);
      const roleError = needRole(reviewerRoles, '经办审核人员');
      if (roleError) return roleError;
      const hard = state.eligibility.filter((c) => c.hard);
      if (hard.length) {
        return new DomainError(
          'ELIGIBILITY_UNMET',
          `尚有 ${hard.length} 项条件不符合，不能批准：${hard.map((c) => `${c.message}（${c.article}）`).join('；')}`,
          { ...facts, unmet: hard },
        );
      }
      if (state.panelReasons.length && !state.panelDecision?.approved) {
        return new DomainError('PANEL_REVIEW_REQUIRED', `须先经专家组会审：${state.panelReasons.join('；')}`, {
          ...facts,
          panelReasons: state.panelReasons,
        });
      }
      return null;
    }
    case 'reject':
      if (state.status !== 'under_review' && state.status !== 'panel_review') return wrongState(['under_review', 'panel_review']);
      return needRole(reviewerRoles, '经办审核人员');
    case 'withdraw': {
      if (state.status !== 'under_review' && state.status !== 'panel_review') return wrongState(['under_review', 'panel_review']);
      const mayWithdraw = actor.role === 'window_clerk' || (actor.role === 'institution' && actor.username === state.createdBy.username);
      if (!mayWithdraw) return new DomainError('ROLE_NOT_ALLOWED', '只有提交申请的机构或窗口受理人员（代申请人）可以撤回', facts);
      return null;
    }
    case 'close': {
      if (state.status !== 'opened') return wrongState(['opened']);
      const roleError = needRole(['institution'], '定点机构（主诊医师）');
      if (roleError) return roleError;
      if (cmd.closedOn < state.openedOn! || cmd.closedOn > today) {
        return new DomainError('VALIDATION_FAILED', `撤床日期应在建床日期 ${state.openedOn} 与今天 ${today} 之间`, {
          ...facts,
          openedOn: state.openedOn,
          today,
        });
      }
      if (cmd.ground === 'own_request' && cmd.signedClosingRecord !== true) {
        return new DomainError('CLOSING_RECORD_UNSIGNED', '患者或家属要求撤床的，须在撤床记录上签字确认后方可撤床（000 §11）', facts);
      }
      return null;
    }
    case 'settle':
      if (state.status !== 'closed') return wrongState(['closed']);
      return needRole(['finance'], '财务人员');
  }
}

/** What a transition needs from outside: the day, the moment, the opening date and re-judged eligibility. */
export interface EpisodeFacts {
  today: IsoDate;
  at: string;
  /** approve: the opening date (the day after the old episode closes for a transfer, DOMAIN §11) */
  openedOn?: IsoDate;
  /** panel approval: the eligibility judged again with the panel's approval (000 §13) */
  eligibilityWithPanel?: UnmetCriterion[];
}

/** The state after an allowed decision (call `checkEpisodeAction` first). Pure. */
export function applyEpisodeCommand(state: EpisodeState, cmd: EpisodeCommand, facts: EpisodeFacts): EpisodeState {
  const next: EpisodeState = { ...state, version: state.version + 1 };
  switch (cmd.action) {
    case 'request_panel':
      return { ...next, status: 'panel_review', panelReasons: [...state.panelReasons, cmd.reason] };
    case 'panel_decision': {
      const panelDecision: PanelDecision = {
        approved: cmd.approved,
        by: cmd.actor.username,
        at: facts.at,
        reason: cmd.reason,
        decisionRef: cmd.decisionRef,
      };
      return cmd.approved
        ? { ...next, panelDecision, status: 'under_review', eligibility: facts.eligibilityWithPanel ?? state.eligibility }
        : { ...next, panelDecision, status: 'rejected', rejectionReason: `专家组会审不同意：${cmd.reason}` };
    }
    case 'approve':
      return { ...next, status: 'opened', openedOn: facts.openedOn ?? facts.today };
    case 'reject':
      return { ...next, status: 'rejected', rejectionReason: cmd.reason };
    case 'withdraw':
      return { ...next, status: 'withdrawn', rejectionReason: cmd.reason };
    case 'close':
      return {
        ...next,
        status: 'closed',
        closedOn: cmd.closedOn,
        closing: {
          ground: cmd.ground,
          certificateNo: cmd.certificateNo,
          signedClosingRecord: cmd.signedClosingRecord ?? false,
          by: cmd.actor.username,
          reason: cmd.reason,
        },
      };
    case 'settle':
      return { ...next, status: 'settled', settledAt: facts.at };
  }
}

/** The application's unmet criteria on its date (a geriatric ward's panel approval qualifies, 000 §13). */
export function eligibilityOf(app: CareApplication, applicationDate: IsoDate, panelApproved: boolean): UnmetCriterion[] {
  return app.kind === 'family_bed'
    ? familyBedEligibility(app.data, applicationDate)
    : geriatricWardEligibility(app.data, applicationDate, { expertPanelApproved: panelApproved });
}

export function episodeKey(kind: CareKind, personKey: string, applicationNo: string): string {
  return `care-episode:${kind}:${personKey}:${applicationNo}`;
}
