/**
 * The counter's acceptance of a manual reimbursement claim (零星报销, 000 §23; 004 items 27, 28, 35)
 * as a request: shared by the API (POST /reimbursement/claims) and the workbench's acceptance form.
 */
import { z } from 'zod';
import { idNumberSchema } from './id-number';
import { dateSchema, lineText, positiveAmountFenSchema } from './primitives';
import { accountSchema, assistanceRequestSchema, claimKinds } from './reimbursement';
import { codeText as labelledCode, expenseLineSchema } from './reimbursement-rules';

const codeText = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9-]{1,40}$/, '编号只能含字母、数字和连字符，最长40位');

export const createClaimRequestSchema = z
  .object({
    claimNo: codeText,
    kind: z.enum(claimKinds),
    person: z.object({ name: lineText(50), idNumber: idNumberSchema }).strict(),
    /** basic claims, and assistance claims not insured here (those take the basic claim's lines) */
    lines: z.array(expenseLineSchema).max(200).default([]),
    account: accountSchema,
    /** the materials seen at the counter, by name (./reimbursement-materials) */
    documents: z.array(lineText(60)).max(30).default([]),
    admission: z
      .object({
        admittedOn: dateSchema,
        dischargedOn: dateSchema,
        institutionCode: codeText,
        injury: z.boolean().default(false),
        verificationId: z.string().max(200).optional(),
      })
      .strict()
      .optional(),
    assistance: assistanceRequestSchema.optional(),
  })
  .strict();
export type CreateClaimRequest = z.infer<typeof createClaimRequestSchema>;
export type CreateClaimBody = z.input<typeof createClaimRequestSchema>;

/**
 * A designated institution's invoices settled at its counter (直接结算), basic insurance alone or
 * with medical assistance in the same settlement (一站式, 001 §9), so that none of them is claimed
 * again by hand. The institution is the caller's own.
 */
export const oneStopInvoicesRequestSchema = z
  .object({
    invoices: z
      .array(
        z
          .object({
            invoiceNo: labelledCode('发票号码'),
            settledOn: dateSchema,
            amountFen: positiveAmountFenSchema,
            /** true when medical assistance was settled in the same settlement */
            assistance: z.boolean(),
          })
          .strict(),
      )
      .min(1, '至少报送一张发票')
      .max(1000, '一次最多报送 1000 张发票'),
  })
  .strict();
