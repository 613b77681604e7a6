/**
 * The request bodies of the remote-care filing routes (api/routes/remote-care.ts), in domain/ so
 * the workbench's counter form checks exactly what the API checks, with the same messages.
 */
import { z } from 'zod';
import { idNumberSchema } from './id-number';
import { businessDateSchema, dateSchema, lineText, multilineText } from './primitives';
import { carePlaceSchema, insuredPlaces, materialSchema, permanentReferralConditions } from './remote-care';

export const createFilingRequestSchema = z
  .object({
    filingNo: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9-]{1,40}$/, '备案编号只能含字母、数字和连字符，最长40位'),
    insuredPlace: z.enum(insuredPlaces).default('jiangmen'),
    type: z.enum(['retired_resettled', 'long_term_residence', 'stationed_work', 'referral', 'other_temporary', 'maternity']),
    channel: z.enum(['counter', 'online']).default('counter'),
    place: carePlaceSchema,
    materials: z.array(materialSchema).max(20).default([]),
    personalPromise: z.boolean().default(false),
    person: z.object({ name: lineText(50), idNumber: idNumberSchema }).strict(),
    /** 002 §9(二)(三): the residence permit's or posting's last valid day */
    documentValidUntil: businessDateSchema.optional(),
    /** 002 §9(四) */
    referralCondition: z.enum(permanentReferralConditions).optional(),
    /** 000 §33: filed during a stay, before discharge settlement */
    admission: z.object({ admittedOn: dateSchema, dischargeSettledOn: dateSchema.optional() }).strict().optional(),
    /** 000 §29: refused on the spot, with the reason and the materials handed back */
    counterRefusal: z
      .object({
        // 000 §29: a refusal records its reason; a blank one is no reason
        reason: multilineText(500).refine((r) => r.trim().length > 0, '当场不予备案须填写原因（000 §29）'),
        returnedMaterials: z.array(materialSchema).max(20),
      })
      .strict()
      .optional(),
  })
  .strict();
