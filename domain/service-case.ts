/**
 * The generic service case (政务服务事项办件) of the 39-item catalogue (document 004; DOMAIN §9):
 * its state, the clerk actions on it, and the rules deciding whether an action is allowed. Pure:
 * the workflow's Update validators and the HTTP API both call `checkAction`, neither re-implements it.
 */
import { z } from 'zod';
import type { ServiceStep, TimeLimit } from './catalogue-data';
import { type IsoDate, shanghaiDate } from './dates';
import { DomainError } from './errors';
import { type Actor, type Jurisdiction, type Role, actorSchema, jurisdictionSchema } from './people';
import { lineText, positiveAmountFenSchema } from './primitives';
import type { StatutoryDeadline } from './working-days';

export const channels = ['counter', 'online'] as const;
export type Channel = (typeof channels)[number];

export const caseStatuses = ['open', 'completed', 'rejected', 'withdrawn'] as const;
export type CaseStatus = (typeof caseStatuses)[number];

/** The steps a clerk performs; 申请/查询/采集 happen when the case is created. */
export const clerkSteps = ['accept', 'review', 'disburse', 'complete'] as const;
export type ClerkStep = (typeof clerkSteps)[number];

export const caseActions = [...clerkSteps, 'reject', 'withdraw'] as const;
export type CaseAction = (typeof caseActions)[number];

export const stepNames: Record<ServiceStep, string> = {
  collect: '采集', query: '查询', apply: '申请', accept: '受理', review: '审核', disburse: '拨付', complete: '办结',
};
export const statusNames: Record<CaseStatus, string> = {
  open: '办理中', completed: '已办结', rejected: '已退回（不予受理/不予通过）', withdrawn: '已撤回',
};

/** Which role performs each step: 窗口受理 → 审核 → 财务拨付 → 核准办结. */
export const stepRoles: Record<ClerkStep, readonly Role[]> = {
  accept: ['window_clerk'],
  review: ['reviewer'],
  disburse: ['finance'],
  complete: ['approver'],
};

/** Who may create a case: the counter clerk, or a designated institution submitting online. */
export const creatorRoles: readonly Role[] = ['window_clerk', 'institution'];


export const caseActionRequestSchema = z.object({
  action: z.enum(caseActions),
  /** why: required for reject and withdraw (every decision records its reason) */
  reason: z.string().trim().min(1).max(500).optional(),
  /** materials handed back to the applicant on rejection (退回材料) */
  returnedMaterials: z.array(z.string().trim().min(1).max(200)).max(50).optional(),
  /** the amount paid at the 拨付 step, in fen */
  amountFen: positiveAmountFenSchema.optional(),
  /** on acceptance: the clerk who will carry the case (default: the accepting clerk) */
  assignee: z.string().min(1).max(64).optional(),
  note: z.string().max(1000).optional(),
}).strict();
export type CaseActionRequest = z.infer<typeof caseActionRequestSchema>;

/** What the workflow receives: the request plus the authenticated actor. */
export const caseCommandSchema = caseActionRequestSchema.extend({ actor: actorSchema });
export type CaseCommand = z.infer<typeof caseCommandSchema>;

export interface ServiceItemRef {
  code: string;
  name: string;
  steps: ServiceStep[];
  timeLimit: TimeLimit;
}

export interface Applicant {
  name: string;
  idNumber: string;
  phone?: string;
}

export interface StepRecord { step: ServiceStep; by: string; at: string }

/** What a case is opened with: the workflow's input. */
export interface CaseOpening {
  caseId: string;
  applicationNo: string;
  item: ServiceItemRef;
  jurisdiction: Jurisdiction;
  channel: Channel;
  applicant: Applicant;
  createdBy: Actor;
}

export interface ServiceCaseState extends CaseOpening {
  appliedAt: string;
  status: CaseStatus;
  pendingStep: ClerkStep | null;
  completedSteps: StepRecord[];
  assignee: string | null;
  acceptedOn: IsoDate | null;
  deadline: StatutoryDeadline | null;
  remindedAt: string | null;
  breachedAt: string | null;
  closedAt: string | null;
  rejection: { step: ClerkStep; reason: string; returnedMaterials: string[] } | null;
  disbursedFen: number | null;
  /** sequence number of the last event; each event is persisted exactly once under it */
  version: number;
}

export const applicantSchema = z.object({
  name: lineText(50),
  /** 居民身份证号码: 18 characters, the last may be X */
  idNumber: z.string().regex(/^\d{17}[\dX]$/, '身份证号码应为18位（末位可为X）'),
  phone: z.string().regex(/^1\d{10}$/, '手机号码应为11位').optional(),
});

export const createCaseRequestSchema = z.object({
  itemCode: z.string().regex(/^\d{12}$/, '事项编码应为12位数字'),
  /** the application number (申请编号) from the counter or the online channel: the business key */
  applicationNo: z.string().regex(/^[A-Za-z0-9-]{4,40}$/, '申请编号为4–40位字母、数字或连字符'),
  jurisdiction: jurisdictionSchema,
  channel: z.enum(channels).default('counter'),
  applicant: applicantSchema,
}).strict();
export type CreateCaseRequest = z.infer<typeof createCaseRequestSchema>;

/** The workflow ID is the business key: the same item and application number is the same case. */
export function serviceCaseId(itemCode: string, applicationNo: string): string {
  return `service-case:${itemCode}:${applicationNo}`;
}

/**
 * The time limit that applies: remote-care filings (items 20–25) are immediate at the counter but
 * up to 2 working days online (000 §29; document 004), the only items with a separate online limit.
 */
export function effectiveTimeLimit(item: { timeLimit: TimeLimit; onlineTimeLimit?: TimeLimit }, channel: Channel): TimeLimit {
  return channel === 'online' && item.onlineTimeLimit ? item.onlineTimeLimit : item.timeLimit;
}

/** The clerk steps of an item's chain, in order (申请/查询/采集 are done on creation). */
export function clerkChain(steps: readonly ServiceStep[]): ClerkStep[] {
  return steps.filter((s): s is ClerkStep => (clerkSteps as readonly string[]).includes(s));
}

/**
 * A case completes on creation when there is nothing for a clerk to do (查询-办结, 采集·办结), or when
 * the item is "immediate" (即时办结) and a counter clerk takes it: it is handled at the counter in one step.
 */
export function completesOnCreation(item: ServiceItemRef, channel: Channel, creator: Actor): boolean {
  if (item.steps[0] === 'query' || item.steps[0] === 'collect') return true;
  return item.timeLimit.kind === 'immediate' && channel === 'counter' && creator.role === 'window_clerk';
}

export function initialState(input: CaseOpening, nowMs: number): ServiceCaseState {
  const chain = clerkChain(input.item.steps);
  return {
    ...input,
    appliedAt: new Date(nowMs).toISOString(),
    status: 'open',
    pendingStep: chain[0] ?? null,
    completedSteps: [{ step: input.item.steps[0] ?? 'apply', by: input.createdBy.username, at: new Date(nowMs).toISOString() }],
    assignee: null,
    acceptedOn: null,
    deadline: null,
    remindedAt: null,
    breachedAt: null,
    closedAt: null,
    rejection: null,
    disbursedFen: null,
    version: 0,
  };
}

/** Every reason the action may not be taken now, as one DomainError (or null when allowed). */
export function checkAction(state: ServiceCaseState, cmd: CaseCommand): DomainError | null {
  const { actor, action } = cmd;
  const facts = { status: state.status, pendingStep: state.pendingStep, caseJurisdiction: state.jurisdiction };
  if (actor.jurisdiction !== state.jurisdiction) {
    return new DomainError('OUT_OF_JURISDICTION', '该案件不属于您所在的经办辖区，不能办理', { ...facts, actorJurisdiction: actor.jurisdiction });
  }
  if (state.status !== 'open') {
    return new DomainError('CASE_CLOSED', `案件${statusNames[state.status]}，不能再${actionName(action)}`, facts);
  }
  if (action === 'withdraw') {
    const mayWithdraw = actor.role === 'window_clerk' || (actor.role === 'institution' && actor.username === state.createdBy.username);
    if (!mayWithdraw) return new DomainError('ROLE_NOT_ALLOWED', '只有窗口受理人员（代申请人）或提交申请的机构可以撤回申请', facts);
    if (!cmd.reason) return new DomainError('REASON_REQUIRED', '撤回申请须填写原因', facts);
    return null;
  }
  const step: ClerkStep | null = action === 'reject' ? state.pendingStep : action;
  if (step === null) return new DomainError('CASE_WRONG_STATE', '案件没有待办环节', facts);
  const done = state.completedSteps.find((s) => s.step === step);
  if (done) {
    return new DomainError('STEP_ALREADY_DONE', `「${stepNames[step]}」环节已于 ${done.at} 由 ${done.by} 完成`, { ...facts, doneAt: done.at, doneBy: done.by });
  }
  if (step !== state.pendingStep) {
    const pending = state.pendingStep ? `「${stepNames[state.pendingStep]}」` : '无';
    const inChain = clerkChain(state.item.steps).includes(step);
    return new DomainError('CASE_WRONG_STATE', inChain
      ? `当前待办环节为${pending}，不能执行「${stepNames[step]}」`
      : `事项「${state.item.name}」没有「${stepNames[step]}」环节`, facts);
  }
  if (!stepRoles[step].includes(actor.role)) {
    return new DomainError('ROLE_NOT_ALLOWED', `「${stepNames[step]}」环节须由${stepRoles[step].map(roleLabel).join('或')}办理`, { ...facts, requiredRoles: stepRoles[step] });
  }
  if (action === 'reject' && !cmd.reason) {
    return new DomainError('REASON_REQUIRED', '退回或不予受理须填写原因', facts);
  }
  if (action === 'disburse' && cmd.amountFen === undefined) {
    return new DomainError('VALIDATION_FAILED', '拨付须填写金额（分）', { ...facts, field: 'amountFen' });
  }
  return null;
}

function roleLabel(r: Role): string {
  return ({ window_clerk: '窗口受理人员', reviewer: '审核人员', approver: '核准人员', finance: '财务人员' } as Record<string, string>)[r] ?? r;
}

export function actionName(a: CaseAction): string {
  return ({ accept: '受理', review: '审核', disburse: '拨付', complete: '办结', reject: '退回', withdraw: '撤回' } as const)[a];
}

/**
 * Applies an allowed action (call `checkAction` first) and returns the new state. Acceptance of an
 * immediate item finishes it (即时办结). The deadline is set by the caller, which has the calendar.
 */
export function applyAction(state: ServiceCaseState, cmd: CaseCommand, nowMs: number): ServiceCaseState {
  const at = new Date(nowMs).toISOString();
  const next: ServiceCaseState = { ...state, completedSteps: [...state.completedSteps], version: state.version + 1 };
  const close = (status: CaseStatus) => { next.status = status; next.pendingStep = null; next.closedAt = at; };
  switch (cmd.action) {
    case 'withdraw':
      close('withdrawn');
      return next;
    case 'reject':
      next.rejection = { step: state.pendingStep!, reason: cmd.reason!, returnedMaterials: cmd.returnedMaterials ?? [] };
      close('rejected');
      return next;
    default: {
      const step = cmd.action;
      next.completedSteps.push({ step, by: cmd.actor.username, at });
      if (step === 'accept') {
        next.acceptedOn = shanghaiDate(nowMs);
        next.assignee = cmd.assignee ?? cmd.actor.username;
      }
      if (step === 'disburse') next.disbursedFen = cmd.amountFen!;
      const chain = clerkChain(state.item.steps);
      const following = chain[chain.indexOf(step) + 1] ?? null;
      if (step === 'complete' || following === null || (step === 'accept' && state.item.timeLimit.kind === 'immediate')) {
        if (step !== 'complete') next.completedSteps.push({ step: 'complete', by: cmd.actor.username, at });
        close('completed');
      } else {
        next.pendingStep = following;
      }
      return next;
    }
  }
}

/** Completes a case at creation (查询/采集 items, or 即时办结 at the counter): every step by the creator. */
export function completeOnCreation(state: ServiceCaseState, nowMs: number): ServiceCaseState {
  const at = new Date(nowMs).toISOString();
  const rest = clerkChain(state.item.steps).filter((s) => s !== 'complete');
  return {
    ...state,
    completedSteps: [...state.completedSteps, ...rest.map((step) => ({ step, by: state.createdBy.username, at })),
      { step: 'complete', by: state.createdBy.username, at }],
    acceptedOn: rest.includes('accept') ? shanghaiDate(nowMs) : null,
    assignee: state.createdBy.username,
    status: 'completed',
    pendingStep: null,
    closedAt: at,
    version: state.version + 1,
  };
}

/** The working-day limit counted from acceptance, or null (immediate items, none). */
export function workingDayLimit(item: ServiceItemRef): number | null {
  return item.timeLimit.kind === 'workingDays' ? item.timeLimit.days : null;
}

/** The part of a catalogue item a case carries, with the time limit of its channel. */
export function serviceItemRef(
  item: { code: string; name: string; steps: readonly ServiceStep[]; timeLimit: TimeLimit; onlineTimeLimit?: TimeLimit },
  channel: Channel,
): ServiceItemRef {
  return { code: item.code, name: item.name, steps: [...item.steps], timeLimit: effectiveTimeLimit(item, channel) };
}
