/** A prepayment or turnover request as the API shows it (api/routes/fund.ts), typed with the domain's enums. */
import { z } from 'zod';
import { fundRequestKinds, fundRequestStatuses } from '../fund-request';
import { jurisdictionSchema } from '../people';
import { historyEventSchema } from './common';

export const fundViewSchema = z.object({
  id: z.string(),
  kind: z.enum(fundRequestKinds),
  agency: jurisdictionSchema,
  period: z.string(),
  status: z.enum(fundRequestStatuses),
  statusName: z.string(),
  basisFen: z.number().int(),
  carryoverFen: z.number().int(),
  proposedFen: z.number().int(),
  amountFen: z.number().int(),
  calculation: z
    .array(z.object({ label: z.string(), amountFen: z.number().int() }))
    .describe('the calculation line by line (label, amountFen)'),
  adjustReason: z.string().nullable(),
  dueDate: z.string().nullable(),
  submittedOn: z.string().nullable(),
  late: z.boolean(),
  decidedBy: z.string().nullable(),
  returnReason: z.string().nullable(),
  entryId: z.string().nullable(),
  remindedAt: z.string().nullable(),
  breachedAt: z.string().nullable(),
  version: z.number().int(),
  /** e.g. a 0.00-yuan request, flagged before submission and approval */
  warnings: z.array(z.object({ code: z.string(), message: z.string() })).describe('e.g. ZERO_AMOUNT: a 0.00-yuan request'),
});
export type FundRequestView = z.infer<typeof fundViewSchema>;

/** `GET /fund/requests/:id`: the view and its history. */
export const fundDetailSchema = fundViewSchema.extend({ history: z.array(historyEventSchema) });
