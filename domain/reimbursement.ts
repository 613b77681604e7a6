/**
 * A manual reimbursement claim (零星报销, 000 §23–§25; 001 §13–§15; 004 items 27, 28, 35) as a
 * process: its state, the decisions on it and whether each is allowed now. Pure; the rules that do
 * not depend on the claim's progress are in ./reimbursement-rules.
 *
 * Basic claims (items 27, 28): 受理 (the counter's creation) → 审核 (payable amount per line, reasons
 * for any reduction) → 拨付 (the decided amount) → 办结. Assistance claims (item 35; 附件1): 窗口受理 →
 * 初审 (the amount fixed) → 复审 → 核准 → 拨付 (posted to the fund's books) → 办结, the four signatures
 * of the form each by a different person.
 */
import { z } from 'zod';
import type { IsoDate } from './dates';
import { DomainError } from './errors';
import { type Actor, type Jurisdiction, actorSchema } from './people';
import { amountFenSchema, lineText, multilineText } from './primitives';
import {
  type AssessmentBase,
  type CategoryDecision,
  type ChildDiagnosis,
  type ExpenseLine,
  type GroundFinding,
  type IdentityPeriod,
  type InsuredStatus,
  type LineRefusal,
  type RecipientCategory,
  type RegisteredFiling,
  type UninsuredBasicShare,
  assessmentBase,
  categoryForStay,
  categoryForVisit,
  checkApplicationPeriod,
  checkChildRule,
  childDiagnoses,
  identityPeriodSchema,
  insuredStatuses,
  recipientCategories,
  checkDuplicateInvoices,
  checkOutpatientGround,
  uninsuredBasicShareSchema,
} from './reimbursement-rules';
import type { HolidayCalendar } from './working-days';
import { type IdentityRecord, recipientForStay, recipientOnDate } from './assistance-recipient';
import type { StatutoryDeadline } from './working-days';

/** 004 items 27, 28, 35: 不超过30个工作日 */
export const CLAIM_WORKING_DAYS = 30;
export const reimbursementCatalogueItems = ['442189212001', '442189212002', '442189214002'];

export const claimKinds = ['basic_outpatient', 'basic_inpatient', 'assistance'] as const;
export type ClaimKind = (typeof claimKinds)[number];
export const claimKindNames: Record<ClaimKind, string> = {
  basic_outpatient: '门诊费用报销',
  basic_inpatient: '住院费用报销',
  assistance: '医疗救助零星报销',
};
export const claimItemCode: Record<ClaimKind, string> = {
  basic_outpatient: '442189212001',
  basic_inpatient: '442189212002',
  assistance: '442189214002',
};

export const claimSteps = ['accept', 'review', 'first_review', 'second_review', 'approve', 'disburse', 'complete'] as const;
export type ClaimStep = (typeof claimSteps)[number];
export const claimStepNames: Record<ClaimStep, string> = {
  accept: '窗口受理',
  review: '审核',
  first_review: '初审',
  second_review: '复审',
  approve: '核准',
  disburse: '拨付',
  complete: '办结',
};
export const stepRoles: Record<ClaimStep, Actor['role']> = {
  accept: 'window_clerk',
  review: 'reviewer',
  first_review: 'reviewer',
  second_review: 'reviewer',
  approve: 'approver',
  disburse: 'finance',
  complete: 'approver',
};
const chains: Record<'basic' | 'assistance', ClaimStep[]> = {
  basic: ['accept', 'review', 'disburse', 'complete'],
  assistance: ['accept', 'first_review', 'second_review', 'approve', 'disburse', 'complete'],
};
/** 附件1's signatures: 经办人, 初审人, 复审人, 核准人 — four different persons. */
const formSignatureSteps: ClaimStep[] = ['accept', 'first_review', 'second_review', 'approve'];

export const claimStatusNames = { open: '办理中', completed: '已办结', rejected: '不予报销' } as const;
export type ClaimStatus = keyof typeof claimStatusNames;

export interface ClaimLine extends ExpenseLine {
  /** refused at acceptance (3-year limit, 000 §24, duplicate): the line takes no further part */
  refusal: LineRefusal | null;
  ground: GroundFinding | null;
  /** the reviewer's decision (basic claims) */
  payableFen: number | null;
  reductionReason: string | null;
  /** assistance claims over a basic claim: what the basic claim paid on it */
  basicPaidFen?: number;
}

export interface Signature {
  step: ClaimStep;
  username: string;
  role: Actor['role'];
  on: IsoDate;
  at: string;
  note?: string;
}

export const accountSchema = z
  .object({
    kind: z.enum(['bank_card', 'social_security_card']),
    number: z.string().regex(/^\d{8,30}$/, '账号应为8至30位数字'),
    bank: lineText(60),
    holder: lineText(50),
  })
  .strict();
export type Account = z.infer<typeof accountSchema>;

/** 000 §4: the admission the inpatient claim rests on, and its verification record when it has one. */
export interface ClaimAdmission {
  admittedOn: IsoDate;
  dischargedOn: IsoDate;
  institutionCode: string;
  /** an accidental-injury admission: it cannot be paid without the verification record's injury registration */
  injury: boolean;
  verificationId: string | null;
}

export interface AssistanceFacts {
  recipientCategory: RecipientCategory;
  otherCategoryText?: string;
  insuredStatus: InsuredStatus;
  /** insured here: the settled basic claim for the same costs (001 §13) */
  basicClaimId: string | null;
  /** insured elsewhere: the insured place's settlement (its document and what it paid) */
  insuredPlaceSettlement: { documentNo: string; paidFen: number } | null;
  /** 001 §11: the identities held around the care, with their evidence (until the recipient register exists) */
  identities: IdentityPeriod[];
  /** the category the claim is assessed under, with the rule that chose it */
  assessedCategory: (Omit<CategoryDecision, 'category'> & { category: string; source: 'register' | 'claim_evidence' }) | null;
  /** 001 §14 */
  childDiagnosis: ChildDiagnosis | null;
  care: 'outpatient' | 'inpatient';
  /** fixed at 初审 */
  assessment: (AssessmentBase & { uninsuredShare: UninsuredBasicShare | null }) | null;
  assistanceFen: number | null;
}

export interface ClaimState {
  claimId: string;
  claimNo: string;
  kind: ClaimKind;
  personKey: string;
  /** the name only: the person key stands for the ID number (store/persons.ts); runs started before it carry the number */
  person: { name: string; idNumber?: string };
  /** the agency of the insured place (000 §23 "到参保地医保经办机构办理") */
  jurisdiction: Jurisdiction;
  lines: ClaimLine[];
  account: Account;
  documents: string[];
  admission: ClaimAdmission | null;
  assistance: AssistanceFacts | null;
  status: ClaimStatus;
  pendingStep: ClaimStep | null;
  signatures: Signature[];
  acceptedOn: IsoDate;
  /** 30 working days from acceptance (004) */
  deadline: StatutoryDeadline | null;
  remindedAt: string | null;
  breachedAt: string | null;
  payment: { amountFen: number; paidOn: IsoDate; entryId: string | null } | null;
  rejection: { reason: string; step: ClaimStep; on: IsoDate } | null;
  createdBy: Actor;
  version: number;
}

export function claimId(personKey: string, claimNo: string): string {
  return `reimbursement:${personKey}:${claimNo}`;
}

const reasonSchema = multilineText(500);

export const lineDecisionSchema = z
  .object({ lineNo: z.number().int().min(1).max(200), payableFen: amountFenSchema, reason: reasonSchema.optional() })
  .strict();

function claimActionMembers<E extends z.ZodRawShape>(extra: E) {
  return [
    /** 审核 (basic): the payable amount of every admissible line, a reason for every reduction */
    z
      .object({ action: z.literal('review'), lines: z.array(lineDecisionSchema).min(1).max(200), note: reasonSchema.optional(), ...extra })
      .strict(),
    /** 初审 (assistance): the amount fixed, on the assessment base (001 §15 inputs for the uninsured) */
    z
      .object({
        action: z.literal('first_review'),
        assistanceFen: amountFenSchema,
        uninsuredShare: uninsuredBasicShareSchema.optional(),
        note: reasonSchema.optional(),
        ...extra,
      })
      .strict(),
    z.object({ action: z.literal('second_review'), note: reasonSchema.optional(), ...extra }).strict(),
    z.object({ action: z.literal('approve'), note: reasonSchema.optional(), ...extra }).strict(),
    /** 拨付: the decided amount; nothing is typed */
    z.object({ action: z.literal('disburse'), note: reasonSchema.optional(), ...extra }).strict(),
    z.object({ action: z.literal('complete'), note: reasonSchema.optional(), ...extra }).strict(),
    /** 不予报销, by the role of the pending step, before payment */
    z.object({ action: z.literal('reject'), reason: reasonSchema, ...extra }).strict(),
  ] as const;
}
export const claimActionRequestSchema = z.discriminatedUnion('action', claimActionMembers({}));
export type ClaimActionRequest = z.infer<typeof claimActionRequestSchema>;
export const claimCommandSchema = z.discriminatedUnion('action', claimActionMembers({ actor: actorSchema }));
export type ClaimCommand = z.infer<typeof claimCommandSchema>;

/** The inpatient verification record's standing for payment (000 §4–§5), read when 拨付 is decided. */
export interface VerificationStanding {
  found: boolean;
  injuryRegistered: boolean;
  /** 000 §5: referred for suspected fraud and not yet decided, or decided as fraud */
  paymentLocked: boolean;
  status: string;
}

/** What a transition needs from outside. */
export interface ClaimFacts {
  today: IsoDate;
  at: string;
  verification?: VerificationStanding | null;
}

export const admissibleLines = (s: Pick<ClaimState, 'lines'>) => s.lines.filter((l) => !l.refusal);
export const claimedFen = (s: Pick<ClaimState, 'lines'>) => admissibleLines(s).reduce((t, l) => t + l.amountFen, 0);

/** The amount 拨付 pays: the reviewed payable total (basic) or the assistance fixed at 初审. */
export function decidedAmount(s: ClaimState): number | null {
  if (s.kind === 'assistance') return s.assistance?.assistanceFen ?? null;
  const lines = admissibleLines(s);
  if (lines.some((l) => l.payableFen === null)) return null;
  return lines.reduce((t, l) => t + (l.payableFen ?? 0), 0);
}

function chainOf(kind: ClaimKind): ClaimStep[] {
  return chains[kind === 'assistance' ? 'assistance' : 'basic'];
}

export function nextStep(kind: ClaimKind, step: ClaimStep): ClaimStep | null {
  const chain = chainOf(kind);
  return chain[chain.indexOf(step) + 1] ?? null;
}

/** The payment check of an injury admission (000 §4–§5): the record with its registration, not locked. */
export function checkInjuryForPayment(s: ClaimState, v: VerificationStanding | null | undefined): DomainError | null {
  const a = s.admission;
  if (!a) return null;
  if (v?.status === 'redirected_work_injury') {
    return new DomainError(
      'WORK_INJURY_REDIRECT',
      '该次住院已认定或申请认定为工伤，请按工伤保险规定办理，基本医疗保险不予拨付（000 §4(二)）',
      {
        verificationId: a.verificationId,
        status: v.status,
        article: '000 §4',
      },
    );
  }
  if (v?.paymentLocked) {
    return new DomainError('PAYMENT_LOCKED', '该住院核查已移交医保行政部门处置（疑似欺诈或伪造材料），处置决定前不能拨付（000 §5）', {
      verificationId: a.verificationId,
      status: v.status,
      article: '000 §5',
    });
  }
  if (a.injury && (!v?.found || !v.injuryRegistered)) {
    return new DomainError(
      'INJURY_REGISTRATION_MISSING',
      '意外伤害住院须有属地经办机构的住院核查记录及意外受伤就诊登记表，未具备不能拨付（000 §4）',
      {
        verificationId: a.verificationId,
        article: '000 §4',
      },
    );
  }
  return null;
}

export function checkClaimAction(state: ClaimState, cmd: ClaimCommand, facts?: Pick<ClaimFacts, 'verification'>): DomainError | null {
  const { actor } = cmd;
  const base = { status: state.status, pendingStep: state.pendingStep, jurisdiction: state.jurisdiction };
  if (actor.jurisdiction !== state.jurisdiction) {
    return new DomainError('OUT_OF_JURISDICTION', '该报销申请不属于您所在的经办机构', { ...base, actorJurisdiction: actor.jurisdiction });
  }
  if (state.status !== 'open' || !state.pendingStep) {
    return new DomainError('CASE_CLOSED', `该报销申请${claimStatusNames[state.status]}，不能再办理`, base);
  }
  const pending = state.pendingStep;
  if (cmd.action === 'reject') {
    if (state.payment) return new DomainError('PAYMENT_ALREADY_MADE', '已拨付，不能再不予报销', base);
    if (actor.role !== stepRoles[pending]) {
      return new DomainError('ROLE_NOT_ALLOWED', `当前环节「${claimStepNames[pending]}」的人员才能不予报销`, {
        ...base,
        requiredRole: stepRoles[pending],
      });
    }
    return null;
  }
  const step: ClaimStep = cmd.action;
  if (!chainOf(state.kind).includes(step)) {
    return new DomainError('CASE_WRONG_STATE', `${claimKindNames[state.kind]}没有「${claimStepNames[step]}」环节`, base);
  }
  if (state.signatures.some((s) => s.step === step)) {
    return new DomainError('STEP_ALREADY_DONE', `「${claimStepNames[step]}」已办理`, base);
  }
  if (step !== pending) {
    return new DomainError('CASE_WRONG_STATE', `当前环节为「${claimStepNames[pending]}」，不能${claimStepNames[step]}`, base);
  }
  if (actor.role !== stepRoles[step]) {
    return new DomainError('ROLE_NOT_ALLOWED', `「${claimStepNames[step]}」须由${stepRoles[step]}办理`, {
      ...base,
      requiredRole: stepRoles[step],
    });
  }
  if (state.kind === 'assistance' && formSignatureSteps.includes(step)) {
    const signed = state.signatures.find((s) => formSignatureSteps.includes(s.step) && s.username === actor.username);
    if (signed) {
      return new DomainError(
        'SIGNER_ALREADY_SIGNED',
        `您已在本申请表上以「${claimStepNames[signed.step]}」签名，${claimStepNames[step]}须由另一人办理（001 附件1）`,
        {
          ...base,
          signedAs: signed.step,
        },
      );
    }
  }
  switch (cmd.action) {
    case 'review':
      return checkLineDecisions(state, cmd.lines);
    case 'first_review':
      return checkAssistanceAmount(state, cmd.assistanceFen, cmd.uninsuredShare);
    case 'disburse':
      return facts?.verification === undefined ? null : checkInjuryForPayment(state, facts.verification);
    default:
      return null;
  }
}

/** Every admissible line decided once, no more than claimed, a reason for every reduction; refused lines stay refused. */
function checkLineDecisions(state: ClaimState, decisions: z.infer<typeof lineDecisionSchema>[]): DomainError | null {
  const problems: string[] = [];
  const byNo = new Map(state.lines.map((l) => [l.lineNo, l]));
  const seen = new Set<number>();
  for (const d of decisions) {
    const line = byNo.get(d.lineNo);
    if (!line) problems.push(`没有第${d.lineNo}行`);
    else if (line.refusal) problems.push(`第${d.lineNo}行受理时已不予报销（${line.refusal.code}），不能审核为可报销`);
    else if (d.payableFen > line.amountFen) problems.push(`第${d.lineNo}行：核定金额 ${d.payableFen} 分超过申请金额 ${line.amountFen} 分`);
    else if (d.payableFen < line.amountFen && !d.reason) problems.push(`第${d.lineNo}行：核减须说明原因`);
    if (seen.has(d.lineNo)) problems.push(`第${d.lineNo}行重复审核`);
    seen.add(d.lineNo);
  }
  for (const l of admissibleLines(state)) if (!seen.has(l.lineNo)) problems.push(`第${l.lineNo}行未审核`);
  if (!problems.length) return null;
  const code = problems.every((p) => p.endsWith('核减须说明原因')) ? 'REASON_REQUIRED' : 'VALIDATION_FAILED';
  return new DomainError(code, `审核结果不完整：${problems.join('；')}`, { problems });
}

function checkAssistanceAmount(state: ClaimState, amount: number, uninsuredShare: UninsuredBasicShare | undefined): DomainError | null {
  const a = state.assistance!;
  if (a.insuredStatus === 'uninsured' && !uninsuredShare) {
    return new DomainError(
      'VALIDATION_FAILED',
      '未参保救助对象须录入或确认按参保24个月核算的基本医疗保险支付部分（起付线、比例、依据，001 §15）',
      {
        field: 'uninsuredShare',
      },
    );
  }
  if (a.insuredStatus !== 'uninsured' && uninsuredShare) {
    return new DomainError('VALIDATION_FAILED', '已参保救助对象不适用001 §15的未参保核减', { field: 'uninsuredShare' });
  }
  try {
    const base = assistanceBaseOf(state, uninsuredShare);
    if (amount > base.baseFen) {
      return new DomainError('AMOUNT_EXCEEDS_BASE', `救助金额 ${amount} 分超过可救助的个人负担部分 ${base.baseFen} 分（${base.article}）`, {
        assistanceFen: amount,
        ...base,
      });
    }
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  return null;
}

/** The assessment base of an assistance claim (001 §13, §15) from its lines and facts. */
export function assistanceBaseOf(state: ClaimState, uninsuredShare?: UninsuredBasicShare | null): AssessmentBase {
  const a = state.assistance!;
  const claimed = claimedFen(state);
  if (a.insuredStatus === 'insured_here') {
    const paid = admissibleLines(state).reduce((t, l) => t + (l.basicPaidFen ?? 0), 0);
    return assessmentBase({ status: 'insured_here', claimedFen: claimed, basicPaidFen: paid });
  }
  if (a.insuredStatus === 'insured_elsewhere') {
    return assessmentBase({ status: 'insured_elsewhere', claimedFen: claimed, insuredPlacePaidFen: a.insuredPlaceSettlement!.paidFen });
  }
  if (!uninsuredShare) throw new DomainError('VALIDATION_FAILED', '未参保救助对象须录入基本医疗保险支付部分（001 §15）');
  return assessmentBase({ status: 'uninsured', claimedFen: claimed, share: uninsuredShare });
}

export function applyClaimCommand(state: ClaimState, cmd: ClaimCommand, facts: ClaimFacts): ClaimState {
  const next: ClaimState = { ...state, version: state.version + 1 };
  const sign = (step: ClaimStep, note?: string): Signature => ({
    step,
    username: cmd.actor.username,
    role: cmd.actor.role,
    on: facts.today,
    at: facts.at,
    ...(note ? { note } : {}),
  });
  if (cmd.action === 'reject') {
    return {
      ...next,
      status: 'rejected',
      pendingStep: null,
      rejection: { reason: cmd.reason, step: state.pendingStep!, on: facts.today },
      signatures: [...state.signatures, { ...sign(state.pendingStep!), note: cmd.reason }],
    };
  }
  const step: ClaimStep = cmd.action;
  const after = nextStep(state.kind, step);
  const moved: ClaimState = {
    ...next,
    signatures: [...state.signatures, sign(step, 'note' in cmd ? cmd.note : undefined)],
    pendingStep: after,
    status: after ? 'open' : 'completed',
  };
  switch (cmd.action) {
    case 'review': {
      const byNo = new Map(cmd.lines.map((d) => [d.lineNo, d]));
      return {
        ...moved,
        lines: state.lines.map((l) => {
          const d = byNo.get(l.lineNo);
          return d ? { ...l, payableFen: d.payableFen, reductionReason: d.payableFen < l.amountFen ? d.reason! : null } : l;
        }),
      };
    }
    case 'first_review': {
      const base = assistanceBaseOf(state, cmd.uninsuredShare ?? null);
      return {
        ...moved,
        assistance: {
          ...state.assistance!,
          assessment: { ...base, uninsuredShare: cmd.uninsuredShare ?? null },
          assistanceFen: cmd.assistanceFen,
        },
      };
    }
    case 'disburse':
      return { ...moved, payment: { amountFen: decidedAmount(state) ?? 0, paidOn: facts.today, entryId: null } };
    default:
      return moved;
  }
}

/**
 * The lines of a claim as accepted: each with its refusal, if any (the 3-year limit of 000 §23, the
 * grounds of 000 §24, a duplicate invoice), and the ground a general-outpatient line rests on. The
 * refused lines are kept with their reasons; the rest of the claim goes on.
 */
export function intakeLines(
  lines: readonly ExpenseLine[],
  facts: {
    appliedOn: IsoDate;
    calendar: HolidayCalendar;
    /** the remote-care register's record of each filing number a ground names (null: not in the register) */
    filings: ReadonlyMap<string, RegisteredFiling | null>;
    /** invoice key → the claim that holds it */
    heldInvoices: ReadonlyMap<string, string>;
  },
): ClaimLine[] {
  const duplicates = checkDuplicateInvoices(lines, facts.heldInvoices);
  return lines.map((line) => {
    const g = line.outpatientGround;
    const registered = g && g.ground !== 'platform_outage' ? (facts.filings.get(g.filingNo) ?? null) : null;
    const ground = checkOutpatientGround(line, registered);
    const refusal = checkApplicationPeriod(line, facts.appliedOn, facts.calendar) ?? ground.refusal ?? duplicates.get(line.lineNo) ?? null;
    return { ...line, refusal, ground: ground.finding, payableFen: refusal ? 0 : null, reductionReason: refusal ? refusal.message : null };
  });
}

/** The first state of a claim, accepted at the counter (窗口受理): the 30 working days run from today. */
export function openClaim(input: {
  claimNo: string;
  kind: ClaimKind;
  personKey: string;
  person: { name: string; idNumber?: string };
  jurisdiction: Jurisdiction;
  lines: ClaimLine[];
  account: Account;
  documents: string[];
  admission: ClaimAdmission | null;
  assistance: AssistanceFacts | null;
  createdBy: Actor;
  acceptedOn: IsoDate;
  at: string;
}): ClaimState {
  return {
    claimId: claimId(input.personKey, input.claimNo),
    claimNo: input.claimNo,
    kind: input.kind,
    personKey: input.personKey,
    person: input.person,
    jurisdiction: input.jurisdiction,
    lines: input.lines,
    account: input.account,
    documents: input.documents,
    admission: input.admission,
    assistance: input.assistance,
    status: 'open',
    pendingStep: nextStep(input.kind, 'accept'),
    signatures: [{ step: 'accept', username: input.createdBy.username, role: input.createdBy.role, on: input.acceptedOn, at: input.at }],
    acceptedOn: input.acceptedOn,
    deadline: null,
    remindedAt: null,
    breachedAt: null,
    payment: null,
    rejection: null,
    createdBy: input.createdBy,
    version: 0,
  };
}

/** A bank or social-security card number as shown outside finance: the last 4 digits only. */
export function maskAccountNumber(n: string): string {
  return `${'*'.repeat(Math.max(0, n.length - 4))}${n.slice(-4)}`;
}

export type { ExpenseLine, LineRefusal };

/** The request's assistance part (附件1), before the facts of a basic claim are joined. */
export const assistanceRequestSchema = z
  .object({
    recipientCategory: z.enum(recipientCategories),
    otherCategoryText: lineText(100).optional(),
    insuredStatus: z.enum(insuredStatuses),
    /** insured here: the settled basic claim for the same costs (001 §13) */
    basicClaimId: z.string().max(200).optional(),
    /** insured elsewhere: the insured place's settlement */
    insuredPlaceSettlement: z
      .object({ documentNo: lineText(60), paidFen: amountFenSchema })
      .strict()
      .optional(),
    identities: z.array(identityPeriodSchema).max(10).default([]),
    childDiagnosis: z.enum(childDiagnoses).optional(),
  })
  .strict();
export type AssistanceRequest = z.infer<typeof assistanceRequestSchema>;

/** The basic claim an assistance claim links to, as the register holds it. */
export interface LinkedBasicClaim {
  claimId: string;
  personKey: string;
  kind: ClaimKind;
  status: ClaimStatus;
  payment: ClaimState['payment'];
  lines: ClaimLine[];
  admission: ClaimAdmission | null;
}

/**
 * The assistance facts of a new claim, or its refusal (nothing is started): insured here, only on a
 * settled basic claim of the same person for the same costs (001 §13), whose admissible lines it
 * takes with what basic insurance paid; insured elsewhere, with the insured place's settlement;
 * uninsured, the deduction is fixed at 初审 (001 §15). The category: 001 §11 for a stay, the visit
 * date for outpatient care (one category per claim), or 001 §14's children's rule.
 */
export function assistanceFactsOf(input: {
  request: AssistanceRequest;
  personKey: string;
  idNumber: string;
  agency: Jurisdiction;
  accountKind: Account['kind'];
  lines: readonly ClaimLine[];
  admission: ClaimAdmission | null;
  basic: LinkedBasicClaim | null;
  /** the person's identities in the assistance-recipient register (issue 16); empty: not in it, the form's evidence stands */
  registered?: readonly IdentityRecord[];
}): { facts: AssistanceFacts; lines: ClaimLine[]; admission: ClaimAdmission | null } {
  const r = input.request;
  let lines = [...input.lines];
  let admission = input.admission;
  if (r.insuredStatus === 'insured_here') {
    const b = input.basic;
    if (!r.basicClaimId || !b) {
      throw new DomainError(
        'BASIC_CLAIM_NOT_SETTLED',
        '参保人须先办理基本医疗保险零星报销，再申请医疗救助零星报销（001 §13）：请填写已拨付的基本医保报销申请',
        {
          article: '001 §13',
        },
      );
    }
    if (b.personKey !== input.personKey || b.kind === 'assistance') {
      throw new DomainError('BASIC_CLAIM_NOT_SETTLED', `${b.claimId} 不是该参保人的基本医疗保险零星报销`, { basicClaimId: b.claimId });
    }
    if (!b.payment) {
      throw new DomainError(
        'BASIC_CLAIM_NOT_SETTLED',
        `基本医疗保险报销 ${b.claimId} 尚未拨付（${claimStatusNames[b.status]}），不能申请医疗救助（001 §13）`,
        {
          basicClaimId: b.claimId,
          status: b.status,
          article: '001 §13',
        },
      );
    }
    lines = admissibleLines(b).map((l) => ({ ...l, payableFen: null, reductionReason: null, basicPaidFen: l.payableFen ?? 0 }));
    admission = b.admission;
  } else if (r.basicClaimId) {
    throw new DomainError('VALIDATION_FAILED', '只有在本地参保的救助对象才关联本地基本医保报销', { field: 'assistance.basicClaimId' });
  }
  if (r.insuredStatus === 'insured_elsewhere' && !r.insuredPlaceSettlement) {
    throw new DomainError('VALIDATION_FAILED', '异地参保的救助对象须提供参保地结算单及其支付金额（001 §12）', {
      field: 'assistance.insuredPlaceSettlement',
    });
  }
  const care: AssistanceFacts['care'] = lines.some((l) => l.category === 'inpatient') ? 'inpatient' : 'outpatient';
  if (lines.some((l) => (l.category === 'inpatient') !== (care === 'inpatient'))) {
    throw new DomainError('VALIDATION_FAILED', '门诊费用和住院费用请分别申请（救助支出分门诊、住院科目，001 §18）', { field: 'lines' });
  }
  if (care === 'inpatient' && !admission) {
    throw new DomainError('VALIDATION_FAILED', '住院费用须填写住院信息（入院、出院日期）', { field: 'admission' });
  }
  const open = admissibleLines({ lines });
  let assessedCategory: AssistanceFacts['assessedCategory'] = null;
  if (r.recipientCategory === 'child_leukaemia_chd') {
    const started = admission?.admittedOn ?? [...open].map((l) => l.serviceDate).sort()[0]!;
    const problems = checkChildRule({
      idNumber: input.idNumber,
      treatmentStartedOn: started,
      diagnosis: r.childDiagnosis,
      insured: r.insuredStatus !== 'uninsured',
      agency: input.agency,
      accountKind: input.accountKind,
    });
    if (problems.length) {
      throw new DomainError(
        'ELIGIBILITY_UNMET',
        `不符合0—14周岁儿童医疗救助条件：${problems.map((p) => p.message).join('；')}（001 §14）`,
        { problems },
      );
    }
  } else if (input.registered?.length) {
    // 001 §11 as the assistance-recipient register answers it (issue 16): the register's identities win over the form's
    const answers = admission
      ? [recipientForStay(input.registered, admission.admittedOn, admission.dischargedOn)]
      : open.map((l) => recipientOnDate(input.registered!, l.serviceDate));
    const none = answers.find((a) => !a.recipient);
    if (none)
      throw new DomainError('ELIGIBILITY_UNMET', `医疗救助对象登记：${none.reason}（001 §10–§11）`, {
        article: '001 §11',
        date: none.date,
      });
    if (new Set(answers.map((a) => a.category)).size > 1) {
      throw new DomainError('ELIGIBILITY_UNMET', '各次门诊就诊时的救助对象类别不同，请按类别分别申请（001 §11 不得重复享受）', {
        article: '001 §11',
      });
    }
    const a = answers[0]!;
    assessedCategory = {
      category: a.category!,
      rule: !admission ? 'visit_date' : a.identities.length > 1 ? 'changed_during_stay' : 'held_throughout',
      article: '001 §11',
      explanation: `${a.reason}（医疗救助对象登记）`,
      source: 'register',
    };
  } else if (admission) {
    const d = categoryForStay(r.identities, admission.admittedOn, admission.dischargedOn);
    assessedCategory = d && { ...d, source: 'claim_evidence' as const };
    if (!assessedCategory) {
      throw new DomainError(
        'ELIGIBILITY_UNMET',
        `住院期间（${admission.admittedOn} 至 ${admission.dischargedOn}）不具有救助对象身份（001 §10–§11）`,
        {
          article: '001 §11',
        },
      );
    }
  } else {
    const decisions = open.map((l) => ({ lineNo: l.lineNo, d: categoryForVisit(r.identities, l.serviceDate) }));
    const missing = decisions.filter((x) => !x.d).map((x) => x.lineNo);
    if (missing.length) {
      throw new DomainError('ELIGIBILITY_UNMET', `第${missing.join('、')}行就诊时不具有救助对象身份（001 §10–§11）`, {
        lines: missing,
        article: '001 §11',
      });
    }
    if (new Set(decisions.map((x) => x.d!.category)).size > 1) {
      throw new DomainError('ELIGIBILITY_UNMET', '各次门诊就诊时的救助对象类别不同，请按类别分别申请（001 §11 不得重复享受）', {
        article: '001 §11',
      });
    }
    assessedCategory = decisions[0]?.d ? { ...decisions[0].d, source: 'claim_evidence' as const } : null;
  }
  return {
    lines,
    admission,
    facts: {
      recipientCategory: r.recipientCategory,
      ...(r.otherCategoryText ? { otherCategoryText: r.otherCategoryText } : {}),
      insuredStatus: r.insuredStatus,
      basicClaimId: r.insuredStatus === 'insured_here' ? input.basic!.claimId : null,
      insuredPlaceSettlement: r.insuredPlaceSettlement ?? null,
      identities: r.identities,
      assessedCategory,
      childDiagnosis: r.childDiagnosis ?? null,
      care,
      assessment: null,
      assistanceFen: null,
    },
  };
}

/** A basic claim's lines must be of its kind: outpatient (general, special disease) or inpatient. */
export function checkBasicLines(kind: ClaimKind, lines: readonly ExpenseLine[], admission: unknown): DomainError | null {
  if (kind === 'assistance') return null;
  const wrong = lines.filter((l) => (l.category === 'inpatient') !== (kind === 'basic_inpatient')).map((l) => l.lineNo);
  if (wrong.length) {
    return new DomainError('VALIDATION_FAILED', `第${wrong.join('、')}行的费用类别与${claimKindNames[kind]}不符`, { lines: wrong });
  }
  if (kind === 'basic_inpatient' && !admission)
    return new DomainError('VALIDATION_FAILED', '住院费用报销须填写住院信息', { field: 'admission' });
  if (kind === 'basic_outpatient' && admission)
    return new DomainError('VALIDATION_FAILED', '门诊费用报销没有住院信息', { field: 'admission' });
  return null;
}
