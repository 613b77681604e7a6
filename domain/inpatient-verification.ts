/**
 * The local agency's verification of an admission (住院核查, 000 §4–§5): the agency of the
 * institution's place (属地医保经办机构) checks the person's identity and the circumstances of the
 * stay at the institution (the valid medical-care voucher and the records), and records:
 *  - an accidental injury (意外受伤): the injury registration form (000 附件1) with the cause and
 *    the compensation, and the police, court or mediation documents, or a personal promise when
 *    they cannot be had (000 §4(一)); without them the injury is not registered;
 *  - a work injury recognised or applied for: redirected to work-injury insurance (000 §4(二));
 *  - suspected fraud or forged documents: referred to the administrative department, and the
 *    admission locked for payment until it decides (000 §5).
 * Pure; a reimbursement claim for an injury admission reads this record (checkInjuryForPayment).
 */
import { z } from 'zod';
import type { IsoDate } from './dates';
import { DomainError } from './errors';
import { idNumberSchema } from './id-number';
import type { Actor, Jurisdiction } from './people';
import { dateSchema, lineText, multilineText } from './primitives';

const refText = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9-]{1,40}$/, '编号只能含字母、数字和连字符，最长40位');

export const injuryEvidenceKinds = ['traffic_police_finding', 'court_judgment', 'mediation_agreement', 'other_public_security'] as const;
export const injuryEvidenceNames: Record<(typeof injuryEvidenceKinds)[number], string> = {
  traffic_police_finding: '交警事故认定书',
  court_judgment: '法院判决书',
  mediation_agreement: '调解协议书',
  other_public_security: '公检法部门出具的其他证明材料',
};

export const createVerificationRequestSchema = z
  .object({
    person: z.object({ name: lineText(50), idNumber: idNumberSchema }).strict(),
    institutionCode: refText,
    admittedOn: dateSchema,
    /** 000 §4: "核实参保人身份及有关住院情况，包括查看参保人就医有效凭证和病历等资料" */
    identityChecked: z.literal(true),
    documentsSeen: z.array(lineText(60)).min(1).max(20),
    circumstances: multilineText(1000),
    injury: z
      .object({
        /** 000 附件1 《江门市基本医疗保险参保人意外受伤就诊登记表》 */
        registrationFormNo: refText.optional(),
        cause: multilineText(500),
        compensation: multilineText(500),
        evidence: z
          .array(z.object({ kind: z.enum(injuryEvidenceKinds), documentNo: lineText(60) }).strict())
          .max(10)
          .default([]),
        /** 个人承诺书, when the documents cannot be provided */
        personalPromiseNo: refText.optional(),
      })
      .strict()
      .optional(),
    workInjury: z
      .object({ status: z.enum(['recognised', 'applied']), reference: lineText(100) })
      .strict()
      .optional(),
    fraudSuspicion: z
      .object({ grounds: multilineText(1000) })
      .strict()
      .optional(),
  })
  .strict();
export type CreateVerificationRequest = z.infer<typeof createVerificationRequestSchema>;

export const referralDecisionSchema = z
  .object({
    /** the administrative department's decision: no fraud (payment unlocked) or fraud established (stays locked) */
    outcome: z.enum(['cleared', 'upheld']),
    decisionRef: lineText(100),
    reason: multilineText(500),
    /** the version the decision was taken on (a decision on a changed record is refused) */
    version: z.number().int().min(1),
  })
  .strict();

export const verificationStatusNames = {
  verified: '已核查',
  redirected_work_injury: '转工伤保险处理',
  referred: '已移交医保行政部门（暂停支付）',
  referral_cleared: '行政部门已处置：不属欺诈（恢复支付）',
  referral_upheld: '行政部门已处置：属欺诈骗保（不予支付）',
} as const;
export type VerificationStatus = keyof typeof verificationStatusNames;

export interface VerificationRecord {
  status: VerificationStatus;
  injury: boolean;
  injuryRegistered: boolean;
  paymentLocked: boolean;
  article: string;
  message: string;
}

/**
 * The record of a verification, or the refusal of an injury registration that lacks its form or
 * both its documents and the promise (every missing part at once; nothing is recorded).
 */
export function openVerification(req: CreateVerificationRequest): VerificationRecord {
  const i = req.injury;
  if (i) {
    const missing: string[] = [];
    if (!i.registrationFormNo) missing.push('《江门市基本医疗保险参保人意外受伤就诊登记表》（000 附件1）');
    if (!i.evidence.length && !i.personalPromiseNo) missing.push('交警事故认定书、法院判决书、调解协议书等公检法部门材料，或个人承诺书');
    if (missing.length) {
      throw new DomainError('DOCUMENTS_MISSING', `意外受伤就医须提供：${missing.join('；')}（000 §4(一)）`, { missing, article: '000 §4' });
    }
  }
  const injury = Boolean(i);
  if (req.fraudSuspicion) {
    return {
      status: 'referred',
      injury,
      injuryRegistered: injury,
      paymentLocked: true,
      article: '000 §5',
      message: '发现以欺诈、伪造证明材料等手段骗取医保待遇的嫌疑，已移交属地医保行政部门依法处置；处置决定前暂停支付',
    };
  }
  if (req.workInjury) {
    return {
      status: 'redirected_work_injury',
      injury,
      injuryRegistered: injury,
      paymentLocked: true,
      article: '000 §4(二)',
      message: '已认定或申请认定为工伤，指引参保人按工伤保险相关规定办理住院费用结算',
    };
  }
  return {
    status: 'verified',
    injury,
    injuryRegistered: injury,
    paymentLocked: false,
    article: '000 §4',
    message: '参保人身份及住院情况已核实',
  };
}

/** 000 §5: the administrative department's decision on a referral, recorded by the agency. */
export function decideReferral(
  current: { status: string; version: number; jurisdiction: Jurisdiction },
  cmd: z.infer<typeof referralDecisionSchema>,
  actor: Actor,
): { status: VerificationStatus; paymentLocked: boolean } {
  if (actor.jurisdiction !== current.jurisdiction) {
    throw new DomainError('OUT_OF_JURISDICTION', '该住院核查不属于您所在的经办机构', { jurisdiction: current.jurisdiction });
  }
  if (current.status !== 'referred') {
    throw new DomainError(
      'CASE_WRONG_STATE',
      `该住院核查为「${verificationStatusNames[current.status as VerificationStatus] ?? current.status}」，没有待处置的移交`,
      {
        status: current.status,
      },
    );
  }
  if (cmd.version !== current.version) {
    throw new DomainError('CASE_WRONG_STATE', '该住院核查已被他人更新，请刷新后再办理', { version: current.version });
  }
  return cmd.outcome === 'cleared'
    ? { status: 'referral_cleared', paymentLocked: false }
    : { status: 'referral_upheld', paymentLocked: true };
}

export function verificationId(personKey: string, institutionCode: string, admittedOn: IsoDate): string {
  return `inpatient-verification:${personKey}:${institutionCode}:${admittedOn}`;
}
