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
import { isTurnoverOnTime, isTurnoverPremature } from './ledger';
import { type Actor, type Jurisdiction, actorSchema } from './people';
import { amountFenSchema } from './primitives';
import type { StatutoryDeadline } from './working-days';

export const fundRequestKinds = ['prepayment', 'turnover'] as const;
export type FundRequestKind = (typeof fundRequestKinds)[number];
export const fundRequestKindNames: Record<FundRequestKind, string> = { prepayment: '年度预付款', turnover: '月度周转金' };

export const fundRequestStatuses = ['draft', 'submitted', 'returned', 'approved'] as const;
export type FundRequestStatus = (typeof fundRequestStatuses)[number];
export const fundRequestStatusNames: Record<FundRequestStatus, string> = {
  draft: '待提交',
  submitted: '待财政部门审批',
  returned: '财政部门已退回',
  approved: '已批准并拨付',
};

export const fundActions = ['adjust', 'submit', 'approve', 'return'] as const;
export type FundAction = (typeof fundActions)[number];
const fundActionNames: Record<FundAction, string> = { adjust: '调整金额', submit: '提交', approve: '审批通过', return: '退回' };

const reasonSchema = z.string().trim().min(1).max(500);

/** The members of the command union; `extra` adds the actor for the workflow's command. */
function fundActionMembers<E extends z.ZodRawShape>(extra: E) {
  return [
    /** the amount the agency requests instead of the proposal, in fen, and why */
    z.object({ action: z.literal('adjust'), amountFen: amountFenSchema, reason: reasonSchema, ...extra }).strict(),
    z.object({ action: z.literal('submit'), reason: reasonSchema.optional(), ...extra }).strict(),
    z.object({ action: z.literal('approve'), reason: reasonSchema.optional(), ...extra }).strict(),
    z.object({ action: z.literal('return'), reason: reasonSchema, ...extra }).strict(),
  ] as const;
}
export const fundActionRequestSchema = z.discriminatedUnion('action', fundActionMembers({}));
export const fundCommandSchema = z.discriminatedUnion('action', fundActionMembers({ actor: actorSchema }));
export type FundCommand = z.infer<typeof fundCommandSchema>;

export interface CalculationLine {
  label: string;
  amountFen: number;
}

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

/** Every reason the decision may not be taken now (or null); `today` (Shanghai) when the day matters. */
export function checkFundAction(state: FundRequestState, cmd: FundCommand, today?: IsoDate): DomainError | null {
  const { actor } = cmd;
  const facts = { status: state.status, agency: state.agency };
  if (actor.jurisdiction !== state.agency) {
    return new DomainError('OUT_OF_JURISDICTION', '该资金申请不属于您所在的经办机构', { ...facts, actorJurisdiction: actor.jurisdiction });
  }
  const wrongState = (allowed: FundRequestStatus[]) =>
    new DomainError('CASE_WRONG_STATE', `资金申请当前为「${fundRequestStatusNames[state.status]}」，不能${fundActionNames[cmd.action]}`, {
      ...facts,
      allowedIn: allowed,
    });
  const role = (roles: Actor['role'][], who: string) =>
    roles.includes(actor.role)
      ? null
      : new DomainError('ROLE_NOT_ALLOWED', `${fundActionNames[cmd.action]}须由${who}办理`, { ...facts, requiredRoles: roles });
  switch (cmd.action) {
    case 'adjust':
      if (state.status !== 'draft' && state.status !== 'returned') return wrongState(['draft', 'returned']);
      return role(['finance'], '经办机构财务人员');
    case 'submit':
      if (state.status !== 'draft' && state.status !== 'returned') return wrongState(['draft', 'returned']);
      if (today && state.kind === 'turnover' && isTurnoverPremature(state.period, today)) {
        // 001 §21: the request rests on the previous month's actual spending, known only once it has ended.
        return new DomainError(
          'TURNOVER_PREMATURE',
          `${state.period} 周转金须在 ${state.period}-01 起申请（以上月实际支出为依据，001 §21）`,
          { ...facts, earliest: `${state.period}-01` },
        );
      }
      return role(['finance'], '经办机构财务人员');
    case 'approve':
      if (state.status !== 'submitted') return wrongState(['submitted']);
      return role(['fiscal'], '财政部门');
    case 'return':
      if (state.status !== 'submitted') return wrongState(['submitted']);
      return role(['fiscal'], '财政部门');
  }
}

/** What a transition needs from outside (the calendar, the clock): gathered by the workflow first. */
export interface FundFacts {
  today: IsoDate;
  /** submit: the finance department's approval limit from the submission day */
  approvalDeadline?: StatutoryDeadline;
  /** return of an on-time turnover request: the submission deadline it goes back to */
  submissionDeadline?: StatutoryDeadline;
}

/**
 * The state after an allowed decision (call `checkFundAction` first). Pure. On approval the
 * transfer is posted by the same record that shows the approval (the workflow passes the effect).
 */
export function applyFundCommand(state: FundRequestState, cmd: FundCommand, facts: FundFacts): FundRequestState {
  const next: FundRequestState = { ...state, version: state.version + 1 };
  switch (cmd.action) {
    case 'adjust':
      return { ...next, amountFen: cmd.amountFen, adjustReason: cmd.reason };
    case 'submit':
      if (!facts.approvalDeadline) throw new Error('submit needs the approval deadline');
      return {
        ...next,
        status: 'submitted',
        submittedOn: facts.today,
        late: state.late || (state.kind === 'turnover' && !isTurnoverOnTime(state.period, facts.today, state.dueDate ?? undefined)),
        deadline: facts.approvalDeadline,
        remindedAt: null,
        breachedAt: null,
      };
    case 'approve':
      return { ...next, status: 'approved', decidedBy: cmd.actor.username, deadline: null };
    case 'return':
      return {
        ...next,
        status: 'returned',
        returnReason: cmd.reason,
        decidedBy: cmd.actor.username,
        deadline: state.kind === 'turnover' && !state.late ? (facts.submissionDeadline ?? null) : null,
        remindedAt: null,
        breachedAt: null,
      };
  }
}
