/**
 * Side effects of manual reimbursement claims: the read-model row, the assistance payment's ledger
 * posting and the release of a rejected claim's invoices (both in the record-event transaction),
 * and the inpatient verification's standing for payment (000 §4–§5).
 */
import type { Logger } from 'pino';
import { shanghaiDate } from '../domain/dates';
import { postAssistanceReimbursement } from '../domain/ledger';
import { type ClaimState, type VerificationStanding, claimedFen, decidedAmount } from '../domain/reimbursement';
import type { Prisma, PrismaClient } from '../generated/prisma/client';
import { postJournalEntryInTransaction } from '../store/ledger';
import { idNumberOf } from '../store/persons';

export function claimSummary(s: ClaimState) {
  return {
    status: s.status,
    pendingStep: s.pendingStep,
    decidedFen: decidedAmount(s),
    dueDate: s.deadline?.dueDate ?? null,
    payment: s.payment,
    lines: s.lines.map((l) => ({ lineNo: l.lineNo, payableFen: l.payableFen, refused: l.refusal?.code ?? null })),
  };
}

export async function writeClaimRow(tx: Prisma.TransactionClient, s: ClaimState, at: string): Promise<void> {
  const decided = decidedAmount(s);
  const row = {
    claimNo: s.claimNo,
    kind: s.kind,
    personKey: s.personKey,
    personName: s.person.name,
    idNumber: await idNumberOf(tx, { idNumber: s.person.idNumber, personKey: s.personKey }),
    jurisdiction: s.jurisdiction,
    status: s.status,
    pendingStep: s.pendingStep,
    acceptedOn: s.acceptedOn,
    dueDate: s.deadline?.dueDate ?? null,
    breachedAt: s.breachedAt ? new Date(s.breachedAt) : null,
    claimedFen: BigInt(claimedFen(s)),
    decidedFen: decided === null ? null : BigInt(decided),
    paidFen: s.payment ? BigInt(s.payment.amountFen) : null,
    entryId: s.payment?.entryId ? BigInt(s.payment.entryId) : null,
    basicClaimId: s.assistance?.basicClaimId ?? null,
    state: s as unknown as Prisma.InputJsonValue,
    createdBy: s.createdBy.username,
    version: s.version,
    updatedAt: new Date(at),
  };
  await tx.reimbursementClaim.upsert({ where: { id: s.claimId }, create: { id: s.claimId, ...row }, update: row });
}

/** 001 §19: the assistance paid leaves the expenditure account (门诊救助支出 or 住院救助支出); 0 posts nothing. */
export async function postAssistancePayment(tx: Prisma.TransactionClient, s: ClaimState, postedBy: string, at: string) {
  const amountFen = s.payment?.amountFen ?? 0;
  if (s.kind !== 'assistance' || amountFen === 0) return undefined;
  const draft = postAssistanceReimbursement({
    agency: s.jurisdiction,
    date: shanghaiDate(Date.parse(at)),
    category: s.assistance!.care,
    amountFen,
    claimId: s.claimId,
  });
  return postJournalEntryInTransaction(tx, draft, postedBy, new Date(at));
}

/** A rejected claim no longer holds its invoices: they may be claimed again. */
export async function releaseInvoices(tx: Prisma.TransactionClient, s: ClaimState): Promise<void> {
  await tx.reimbursementInvoice.deleteMany({ where: { claimId: s.claimId } });
}

/**
 * The verification record's standing for paying an admission (000 §4–§5): the one the claim names,
 * else the one recorded for the same person, institution and admission day; null when there is none.
 */
export async function verificationStanding(
  prisma: Pick<PrismaClient, 'inpatientVerification'>,
  q: { verificationId: string | null; personKey: string; institutionCode: string; admittedOn: string },
): Promise<VerificationStanding | null> {
  const v = q.verificationId
    ? await prisma.inpatientVerification.findUnique({ where: { id: q.verificationId } })
    : await prisma.inpatientVerification.findFirst({
        where: { personKey: q.personKey, institutionCode: q.institutionCode, admittedOn: q.admittedOn },
        orderBy: { updatedAt: 'desc' },
      });
  if (!v) return q.verificationId ? { found: false, injuryRegistered: false, paymentLocked: false, status: 'missing' } : null;
  return { found: true, injuryRegistered: v.injuryRegistered, paymentLocked: v.paymentLocked, status: v.status };
}

export function createReimbursementActivities(deps: { prisma: PrismaClient; logger: Logger }) {
  const { prisma } = deps;
  return {
    verificationStanding: (q: Parameters<typeof verificationStanding>[1]) => verificationStanding(prisma, q),
  };
}
