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
import { idNumberSchema } from './id-number';

export const channels = ['counter', 'online'] as const;
export type Channel = (typeof channels)[number];

export const caseStatuses = ['open', 'completed', 'rejected', 'withdrawn'] as const;
export type CaseStatus = (typeof caseStatuses)[number];

/** The steps a clerk performs; 申请/查询/采集 happen when the case is created. */
export const clerkSteps = ['accept', 'review', 'disburse', 'complete'] as const;
export type ClerkStep = (typeof clerkSteps)[number];

/**
 * 退回补正 (request_correction) sends the materials back with everything to correct, told once
 * (一次性告知); the applicant's resubmission (resubmit) lets the case go on. Distinct from reject
 * (不予受理/不予通过), which ends the case (000 §29).
 */
export const caseActions = [...clerkSteps, 'reject', 'withdraw', 'request_correction', 'resubmit'] as const;
export type CaseAction = (typeof caseActions)[number];

export const stepNames: Record<ServiceStep, string> = {
  collect: '采集',
  query: '查询',
  apply: '申请',
  accept: '受理',
  review: '审核',
  disburse: '拨付',
  complete: '办结',
};
export const statusNames: Record<CaseStatus, string> = {
  open: '办理中',
  completed: '已办结',
  rejected: '已退回（不予受理/不予通过）',
  withdrawn: '已撤回',
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

const materialsSchema = z.array(z.string().trim().min(1).max(200)).max(50);

/**
 * The members of the command union, one per action, each with the fields it needs (so the API,
 * the workflow and the workbench's form read the same rules); `extra` adds the actor.
 * Every decision may carry a reason (原因) and a note (备注), kept apart.
 */
function caseActionMembers<E extends z.ZodRawShape>(extra: E) {
  /** 备注: kept beside the reason (原因), never instead of it */
  const note = z.string().trim().max(1000).optional();
  const reason = z.string().trim().min(1).max(500).optional();
  const reasonRequired = (message: string) => z.string({ error: message }).trim().min(1, message).max(500);
  const listOfAll = z
    .array(z.string().trim().min(1).max(200), { error: '退回补正须一次性列明需补正的全部材料' })
    .min(1, '退回补正须一次性列明需补正的全部材料')
    .max(50);
  return [
    /** on acceptance: the clerk who will carry the case (default: the accepting clerk) */
    z.object({ action: z.literal('accept'), assignee: z.string().min(1).max(64).optional(), reason, note, ...extra }).strict(),
    z.object({ action: z.literal('review'), reason, note, ...extra }).strict(),
    /** the amount paid at the 拨付 step, in fen */
    z
      .object({
        action: z.literal('disburse'),
        amountFen: z.number({ error: '拨付须填写金额（分）' }).pipe(positiveAmountFenSchema),
        reason,
        note,
        ...extra,
      })
      .strict(),
    z.object({ action: z.literal('complete'), reason, note, ...extra }).strict(),
    /** materials handed back to the applicant on rejection (退回材料) */
    z
      .object({
        action: z.literal('reject'),
        reason: reasonRequired('退回或不予受理须填写原因'),
        returnedMaterials: materialsSchema.optional(),
        note,
        ...extra,
      })
      .strict(),
    z.object({ action: z.literal('withdraw'), reason: reasonRequired('撤回申请须填写原因'), note, ...extra }).strict(),
    /** 退回补正: every material that is missing or wrong, told at once (一次性告知) */
    z
      .object({
        action: z.literal('request_correction'),
        missingMaterials: listOfAll,
        reason,
        note,
        ...extra,
      })
      .strict(),
    z.object({ action: z.literal('resubmit'), reason, note, ...extra }).strict(),
  ] as const;
}
export const caseActionRequestSchema = z.discriminatedUnion('action', caseActionMembers({}));
export type CaseActionRequest = z.infer<typeof caseActionRequestSchema>;

/** What the workflow receives: the request plus the authenticated actor. */
export const caseCommandSchema = z.discriminatedUnion('action', caseActionMembers({ actor: actorSchema }));
export type CaseCommand = z.infer<typeof caseCommandSchema>;

export interface ServiceItemRef {
  code: string;
  name: string;
  steps: ServiceStep[];
  timeLimit: TimeLimit;
}

/**
 * The applicant as the workflow carries them: the person key of the person register (store/persons.ts),
 * never the ID number; cases started before the register (issue 13 §11) carry the number instead.
 */
export interface Applicant {
  name: string;
  personKey?: string;
  idNumber?: string;
  phone?: string;
}

/** A step taken: by whom (the 经办人 of that step is the person who took it), when, with any note. */
export interface StepRecord {
  step: ServiceStep;
  by: string;
  at: string;
  note?: string;
}

/** A case sent back for correction (退回补正), waiting for the applicant to resubmit. */
export interface CorrectionRequest {
  step: ClerkStep;
  by: string;
  at: string;
  requestedOn: IsoDate;
  missingMaterials: string[];
  reason: string | null;
  note: string | null;
  /** the running deadline, stopped while the materials are with the applicant (see resumedDeadline) */
  pausedDeadline: StatutoryDeadline | null;
}

/** 不予受理 recorded by the counter clerk on the spot (000 §29), given when the case is opened. */
export interface CounterRefusal {
  reason: string;
  returnedMaterials: string[];
  note?: string;
}

/** What a case is opened with: the workflow's input. */
export interface CaseOpening {
  caseId: string;
  applicationNo: string;
  item: ServiceItemRef;
  jurisdiction: Jurisdiction;
  channel: Channel;
  applicant: Applicant;
  createdBy: Actor;
  /** set when the counter clerk refuses on the spot (000 §29): the case is recorded as 不予受理 */
  counterRefusal?: CounterRefusal;
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
  rejection: { step: ClerkStep; reason: string; returnedMaterials: string[]; note?: string } | null;
  /** the pending 退回补正, or null (absent in cases started before it existed) */
  correction?: CorrectionRequest | null;
  /** how many times the case was sent back for correction */
  corrections?: number;
  disbursedFen: number | null;
  /** sequence number of the last event; each event is persisted exactly once under it */
  version: number;
}

export const applicantSchema = z.object({
  name: lineText(50),
  /** 居民身份证号码: 18 characters, the last may be X */
  idNumber: idNumberSchema,
  phone: z
    .string()
    .regex(/^1\d{10}$/, '手机号码应为11位')
    .optional(),
});

export const createCaseRequestSchema = z
  .object({
    itemCode: z.string().regex(/^\d{12}$/, '事项编码应为12位数字'),
    /** the application number (申请编号) from the counter or the online channel: the business key */
    applicationNo: z.string().regex(/^[A-Za-z0-9-]{4,40}$/, '申请编号为4–40位字母、数字或连字符'),
    jurisdiction: jurisdictionSchema,
    channel: z.enum(channels).default('counter'),
    applicant: applicantSchema,
    /** 不予受理 on the spot at the counter (000 §29): reason and the materials handed back */
    counterRefusal: z
      .object({
        reason: z.string().trim().min(1).max(500),
        returnedMaterials: z.array(z.string().trim().min(1).max(200)).max(50).default([]),
        note: z.string().trim().max(1000).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
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
    return new DomainError('OUT_OF_JURISDICTION', '该案件不属于您所在的经办辖区，不能办理', {
      ...facts,
      actorJurisdiction: actor.jurisdiction,
    });
  }
  if (state.status !== 'open') {
    return new DomainError('CASE_CLOSED', `案件${statusNames[state.status]}，不能再${actionName(action)}`, facts);
  }
  const paid = state.completedSteps.find((s) => s.step === 'disburse');
  if (paid && (action === 'withdraw' || action === 'reject')) {
    // Money has left the fund (拨付): the case can only be completed; undoing a payment is not a withdrawal.
    return new DomainError('PAYMENT_ALREADY_MADE', `已于 ${paid.at} 拨付，不能再${actionName(action)}，请核准办结`, {
      ...facts,
      disbursedAt: paid.at,
      disbursedFen: state.disbursedFen,
    });
  }
  const onApplicantsSide = actor.role === 'window_clerk' || (actor.role === 'institution' && actor.username === state.createdBy.username);
  if (action === 'withdraw') {
    if (!onApplicantsSide) return new DomainError('ROLE_NOT_ALLOWED', '只有窗口受理人员（代申请人）或提交申请的机构可以撤回申请', facts);
    return null;
  }
  const correction = state.correction ?? null;
  if (action === 'resubmit') {
    if (!correction) return new DomainError('CASE_WRONG_STATE', '案件没有退回补正，无需重新提交', facts);
    if (!onApplicantsSide)
      return new DomainError('ROLE_NOT_ALLOWED', '只有窗口受理人员（代申请人）或提交申请的机构可以提交补正材料', facts);
    return null;
  }
  if (correction && action !== 'reject') {
    return new DomainError(
      'CASE_AWAITING_CORRECTION',
      `案件已于 ${correction.requestedOn} 退回补正，待申请人补正后重新提交：${correction.missingMaterials.join('、')}`,
      { ...facts, missingMaterials: correction.missingMaterials, requestedOn: correction.requestedOn },
    );
  }
  const step: ClerkStep | null = action === 'reject' || action === 'request_correction' ? state.pendingStep : action;
  if (step === null) return new DomainError('CASE_WRONG_STATE', '案件没有待办环节', facts);
  const done = state.completedSteps.find((s) => s.step === step);
  if (done) {
    return new DomainError('STEP_ALREADY_DONE', `「${stepNames[step]}」环节已于 ${done.at} 由 ${done.by} 完成`, {
      ...facts,
      doneAt: done.at,
      doneBy: done.by,
    });
  }
  if (step !== state.pendingStep) {
    const pending = state.pendingStep ? `「${stepNames[state.pendingStep]}」` : '无';
    const inChain = clerkChain(state.item.steps).includes(step);
    return new DomainError(
      'CASE_WRONG_STATE',
      inChain ? `当前待办环节为${pending}，不能执行「${stepNames[step]}」` : `事项「${state.item.name}」没有「${stepNames[step]}」环节`,
      facts,
    );
  }
  if (!stepRoles[step].includes(actor.role)) {
    return new DomainError('ROLE_NOT_ALLOWED', `「${stepNames[step]}」环节须由${stepRoles[step].map(roleLabel).join('或')}办理`, {
      ...facts,
      requiredRoles: stepRoles[step],
    });
  }
  return null;
}

function roleLabel(r: Role): string {
  return (
    ({ window_clerk: '窗口受理人员', reviewer: '审核人员', approver: '核准人员', finance: '财务人员' } as Record<string, string>)[r] ?? r
  );
}

export function actionName(a: CaseAction): string {
  return (
    {
      accept: '受理',
      review: '审核',
      disburse: '拨付',
      complete: '办结',
      reject: '退回',
      withdraw: '撤回',
      request_correction: '退回补正',
      resubmit: '补正后重新提交',
    } as const
  )[a];
}

/**
 * Applies an allowed action (call `checkAction` first) and returns the new state. Acceptance of an
 * immediate item finishes it (即时办结). The deadline is set by the caller, which has the calendar.
 */
export function applyAction(state: ServiceCaseState, cmd: CaseCommand, nowMs: number): ServiceCaseState {
  const at = new Date(nowMs).toISOString();
  const next: ServiceCaseState = { ...state, completedSteps: [...state.completedSteps], version: state.version + 1 };
  const close = (status: CaseStatus) => {
    next.status = status;
    next.pendingStep = null;
    next.closedAt = at;
  };
  const note = cmd.note ? { note: cmd.note } : {};
  switch (cmd.action) {
    case 'withdraw':
      close('withdrawn');
      next.correction = null;
      return next;
    case 'reject':
      next.rejection = { step: state.pendingStep!, reason: cmd.reason, returnedMaterials: cmd.returnedMaterials ?? [], ...note };
      close('rejected');
      next.correction = null;
      return next;
    case 'request_correction': {
      // The clock stops while the materials are with the applicant; an already breached one does not.
      const pausedDeadline = state.breachedAt ? null : state.deadline;
      next.correction = {
        step: state.pendingStep!,
        by: cmd.actor.username,
        at,
        requestedOn: shanghaiDate(nowMs),
        missingMaterials: cmd.missingMaterials,
        reason: cmd.reason ?? null,
        note: cmd.note ?? null,
        pausedDeadline,
      };
      next.corrections = (state.corrections ?? 0) + 1;
      if (pausedDeadline) next.deadline = null;
      return next;
    }
    case 'resubmit':
      // The new deadline (resumedDeadline) is set by the caller, which has the calendar.
      next.correction = null;
      return next;
    default: {
      const step = cmd.action;
      next.completedSteps.push({ step, by: cmd.actor.username, at, ...note });
      if (cmd.action === 'accept') {
        next.acceptedOn = shanghaiDate(nowMs);
        next.assignee = cmd.assignee ?? cmd.actor.username;
      }
      if (cmd.action === 'disburse') next.disbursedFen = cmd.amountFen;
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

/**
 * Who is reminded the working day before the deadline: the clerk carrying the case, or, before
 * anyone has accepted it (an online case), everyone with the role of the pending step.
 */
export function reminderRecipients(state: ServiceCaseState): { users: string[] } | { role: Role; jurisdiction: Jurisdiction } {
  if (state.assignee) return { users: [state.assignee] };
  const role = state.pendingStep ? stepRoles[state.pendingStep][0]! : 'approver';
  return { role, jurisdiction: state.jurisdiction };
}

/** Completes a case at creation (查询/采集 items, or 即时办结 at the counter): every step by the creator. */
export function completeOnCreation(state: ServiceCaseState, nowMs: number): ServiceCaseState {
  const at = new Date(nowMs).toISOString();
  const rest = clerkChain(state.item.steps).filter((s) => s !== 'complete');
  return {
    ...state,
    completedSteps: [
      ...state.completedSteps,
      ...rest.map((step) => ({ step, by: state.createdBy.username, at })),
      { step: 'complete', by: state.createdBy.username, at },
    ],
    acceptedOn: rest.includes('accept') ? shanghaiDate(nowMs) : null,
    assignee: state.createdBy.username,
    status: 'completed',
    pendingStep: null,
    closedAt: at,
    version: state.version + 1,
  };
}

/**
 * The counter clerk may record 不予受理 on the spot (000 §29: "否则，不予受理，退回资料并说明原因")
 * where the case would otherwise be handled in one step at the counter (即时办结). Other counter
 * cases wait at 受理, where the clerk accepts or refuses (reject).
 */
export function checkCounterRefusal(item: ServiceItemRef, channel: Channel, creator: Actor): DomainError | null {
  const onTheSpot =
    channel === 'counter' && creator.role === 'window_clerk' && item.timeLimit.kind === 'immediate' && item.steps.includes('accept');
  if (onTheSpot) return null;
  return new DomainError('CASE_WRONG_STATE', `事项「${item.name}」不是窗口即时办结事项，请在受理环节选择不予受理`, {
    itemCode: item.code,
    channel,
    timeLimit: item.timeLimit.kind,
  });
}

/** 不予受理 at the counter when the case is opened: nothing is accepted, the materials go back. */
export function refuseOnCreation(state: ServiceCaseState, refusal: CounterRefusal, nowMs: number): ServiceCaseState {
  return {
    ...state,
    status: 'rejected',
    pendingStep: null,
    closedAt: new Date(nowMs).toISOString(),
    rejection: {
      step: 'accept',
      reason: refusal.reason,
      returnedMaterials: [...refusal.returnedMaterials],
      ...(refusal.note ? { note: refusal.note } : {}),
    },
    version: state.version + 1,
  };
}

/**
 * Whether the time limit runs from receipt, when the case is opened: for an online application it
 * does (000 §29 "线上…2个工作日内办结"; DOMAIN §11 "after the day of receipt"), whether or not anyone
 * has accepted it yet, so an online case nobody accepts is reminded and breached like any other.
 * At the counter receipt and acceptance are the same visit, so the clock starts at 受理.
 */
export function clockStartsOnReceipt(state: Pick<ServiceCaseState, 'channel' | 'item'>): boolean {
  return state.channel === 'online' && workingDayLimit(state.item) !== null;
}

/** The working days of the limit that start counting with this action (today), or null. */
export function limitStartingWith(state: ServiceCaseState, cmd: Pick<CaseCommand, 'action'>): number | null {
  if (cmd.action !== 'accept' || state.deadline) return null;
  return workingDayLimit(state.item);
}

/**
 * The working-day limit counted from acceptance, or null (immediate items, none). Online
 * applications count from receipt (clockStartsOnReceipt).
 */
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
