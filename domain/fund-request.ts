/**
 * Fund requests of an agency's medical-assistance expenditure account: the annual prepayment
 * (预付款, 001 §20) and the monthly turnover fund (周转金, 001 §21). The agency's finance officer
 * prepares, may adjust (with a reason) and submits; the finance department (财政部门) approves, which
 * posts the transfer from the fiscal special account, or returns it. Pure rules for both the
 * workflow's Update validator and the API.
 */
import { z } from 'zod';
import type { IsoDate } from './dates';
import { DomainError } from './errors';
import { type Actor, type Jurisdiction, actorSchema } from './people';
import { amountFenSchema } from './primitives';
import type { StatutoryDeadline } from './working-days';

export const fundRequestKinds = ['prepayment', 'turnover'] as const;
export type FundRequestKind = (typeof fundRequestKinds)[number];
export const fundRequestKindNames: Record<FundRequestKind, string> = { prepayment: '年度预付款', turnover: '月度周转金' };

export const fundRequestStatuses = ['draft', 'submitted', 'returned', 'approved'] as const;
export type FundRequestStatus = (typeof fundRequestStatuses)[number];
export const fundRequestStatusNames: Record<FundRequestStatus, string> = {
  draft: '待提交', submitted: '待财政部门审批', returned: '财政部门已退回', approved: '已批准并拨付',
};

export const fundActions = ['adjust', 'submit', 'approve', 'return'] as const;
export type FundAction = (typeof fundActions)[number];
const fundActionNames: Record<FundAction, string> = { adjust: '调整金额', submit: '提交', approve: '审批通过', return: '退回' };

export const fundActionRequestSchema = z.object({
  action: z.enum(fundActions),
  /** adjust: the amount the agency requests instead of the proposal, in fen */
  amountFen: amountFenSchema.optional(),
  reason: z.string().trim().min(1).max(500).optional(),
}).strict();
export const fundCommandSchema = fundActionRequestSchema.extend({ actor: actorSchema });
export type FundCommand = z.infer<typeof fundCommandSchema>;

export interface CalculationLine { label: string; amountFen: number }

export interface FundRequestState {
  requestId: string;
  kind: FundRequestKind;
  agency: Jurisdiction;
  /** 'YYYY' for a prepayment, 'YYYY-MM' for a turnover request */
  period: string;
  startedBy: string;
  status: FundRequestStatus;
  basisFen: number;
  carryoverFen: number;
  proposedFen: number;
  amountFen: number;
  calculation: CalculationLine[];
  adjustReason: string | null;
  /** turnover: the last day to submit on time (the 18th, DOMAIN §11) */
  dueDate: IsoDate | null;
  submittedOn: IsoDate | null;
  late: boolean;
  decidedBy: string | null;
  returnReason: string | null;
  entryId: string | null;
  /** the deadline the workflow is watching now: submission (turnover) or the finance department's approval */
  deadline: StatutoryDeadline | null;
  remindedAt: string | null;
  breachedAt: string | null;
  version: number;
}

export function fundRequestId(kind: FundRequestKind, agency: Jurisdiction, period: string): string {
  return `fund-request:${kind}:${agency}:${period}`;
}

export function checkFundAction(state: FundRequestState, cmd: FundCommand): DomainError | null {
  const { actor } = cmd;
  const facts = { status: state.status, agency: state.agency };
  if (actor.jurisdiction !== state.agency) {
    return new DomainError('OUT_OF_JURISDICTION', '该资金申请不属于您所在的经办机构', { ...facts, actorJurisdiction: actor.jurisdiction });
  }
  const wrongState = (allowed: FundRequestStatus[]) => new DomainError('CASE_WRONG_STATE',
    `资金申请当前为「${fundRequestStatusNames[state.status]}」，不能${fundActionNames[cmd.action]}`, { ...facts, allowedIn: allowed });
  const role = (roles: Actor['role'][], who: string) => (roles.includes(actor.role) ? null
    : new DomainError('ROLE_NOT_ALLOWED', `${fundActionNames[cmd.action]}须由${who}办理`, { ...facts, requiredRoles: roles }));
  switch (cmd.action) {
    case 'adjust':
      if (state.status !== 'draft' && state.status !== 'returned') return wrongState(['draft', 'returned']);
      if (cmd.amountFen === undefined) return new DomainError('VALIDATION_FAILED', '调整须填写金额（分）', { ...facts, field: 'amountFen' });
      return role(['finance'], '经办机构财务人员') ?? (cmd.reason ? null : new DomainError('REASON_REQUIRED', '调整金额须填写理由', facts));
    case 'submit':
      if (state.status !== 'draft' && state.status !== 'returned') return wrongState(['draft', 'returned']);
      return role(['finance'], '经办机构财务人员');
    case 'approve':
      if (state.status !== 'submitted') return wrongState(['submitted']);
      return role(['fiscal'], '财政部门');
    case 'return':
      if (state.status !== 'submitted') return wrongState(['submitted']);
      return role(['fiscal'], '财政部门') ?? (cmd.reason ? null : new DomainError('REASON_REQUIRED', '退回须填写理由', facts));
  }
}
