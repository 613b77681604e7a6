/** A reimbursement claim as the API shows it (api/routes/reimbursement.ts): the workbench types its page from these. */
import { z } from 'zod';
import { jurisdictionSchema } from '../people';
import { claimKinds } from '../reimbursement';
import { keysetPageOf } from './common';

const refusalViewSchema = z.object({
  code: z.string(),
  article: z.string(),
  message: z.string(),
  facts: z.record(z.string(), z.unknown()),
});
export const lineViewSchema = z.object({
  lineNo: z.number().int(),
  category: z.string(),
  serviceDate: z.string(),
  institutionCode: z.string(),
  institutionName: z.string(),
  invoiceNo: z.string(),
  amountFen: z.number().int(),
  thirdParty: z.object({ establishedOn: z.string(), basis: z.string(), advancePaymentFormNo: z.string() }).optional(),
  refusal: refusalViewSchema.nullable(),
  ground: z.object({ ground: z.string(), source: z.string(), evidence: z.string() }).nullable(),
  payableFen: z.number().int().nullable(),
  reductionReason: z.string().nullable(),
  basicPaidFen: z.number().int().optional(),
});
const signatureViewSchema = z.object({
  step: z.string(),
  stepName: z.string(),
  username: z.string(),
  role: z.string(),
  on: z.string(),
  at: z.string(),
  note: z.string().optional(),
});
export const claimViewSchema = z.object({
  id: z.string(),
  claimNo: z.string(),
  kind: z.enum(claimKinds),
  kindName: z.string(),
  itemCode: z.string(),
  status: z.string(),
  statusName: z.string(),
  pendingStep: z.string().nullable(),
  pendingStepName: z.string().nullable(),
  jurisdiction: jurisdictionSchema,
  person: z.object({ name: z.string(), idNumber: z.string() }),
  acceptedOn: z.string(),
  dueDate: z.string().nullable(),
  breached: z.boolean(),
  claimedFen: z.number().int(),
  decidedFen: z.number().int().nullable(),
  paidFen: z.number().int().nullable(),
  entryId: z.string().nullable(),
  basicClaimId: z.string().nullable(),
  lines: z.array(lineViewSchema),
  account: z.object({ kind: z.string(), number: z.string(), bank: z.string(), holder: z.string(), masked: z.boolean() }),
  documents: z.array(z.string()),
  admission: z
    .object({
      admittedOn: z.string(),
      dischargedOn: z.string(),
      institutionCode: z.string(),
      injury: z.boolean(),
      verificationId: z.string().nullable(),
    })
    .nullable(),
  assistance: z.record(z.string(), z.unknown()).nullable(),
  signatures: z.array(signatureViewSchema),
  rejection: z.object({ reason: z.string(), step: z.string(), on: z.string() }).nullable(),
  version: z.number().int(),
});
/** 000 §4–§5: the admission's verification record as the claim shows it (the one it names, else the same person, institution and day). */
export const claimVerificationSchema = z.object({
  id: z.string(),
  status: z.string(),
  statusName: z.string(),
  injury: z.boolean(),
  injuryRegistered: z.boolean(),
  registrationFormNo: z.string().nullable(),
  paymentLocked: z.boolean(),
  jurisdiction: jurisdictionSchema,
  verifiedBy: z.string(),
  verifiedOn: z.string(),
});
export const claimDetailSchema = claimViewSchema.extend({
  history: z.array(z.record(z.string(), z.unknown())),
  /** null: an inpatient claim whose admission has no verification record (absent: not an inpatient claim) */
  verification: claimVerificationSchema.nullable().optional(),
});

/** `GET /reimbursement/claims`: a keyset page of claims. */
export const claimPageSchema = keysetPageOf(claimViewSchema);

/** What an institution's report of its directly settled invoices did (POST /reimbursement/one-stop-invoices). */
export const oneStopInvoicesViewSchema = z.object({
  /** invoices held now that were not before (a repeated report holds nothing new) */
  newlyHeld: z.number().int(),
  /** invoices a manual claim already holds: paid twice unless the agency acts */
  claimedByHand: z.array(z.object({ invoiceNo: z.string(), scheme: z.enum(['basic', 'assistance']), claimId: z.string() })),
});
