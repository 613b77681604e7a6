/**
 * The counter's acceptance of a manual reimbursement claim (零星报销, 000 §23; 004 items 27, 28, 35)
 * as a request: shared by the API (POST /reimbursement/claims) and the workbench's acceptance form.
 */
import { z } from 'zod';
import { idNumberSchema } from './id-number';
import { dateSchema, lineText } from './primitives';
import { accountSchema, assistanceRequestSchema, claimKinds } from './reimbursement';
import { expenseLineSchema } from './reimbursement-rules';

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
