/**
 * A remote-care filing (异地就医备案, items 20–25) as the API shows it, and the settlement side's
 * answer "is this person filed for care in that place on that date" (api/routes/remote-care.ts),
 * typed with the domain's enums.
 */
import { z } from 'zod';
import { jurisdictionSchema } from '../people';
import { filingBases, filingStatuses, filingStatusReasons, filingTypeSchema, insuredPlaces, materials } from '../remote-care';
import { filingChannels } from '../remote-care-filing';
import { keysetPageOf } from './common';

export const placeViewSchema = z.object({ from: z.string(), place: z.object({ province: z.string(), city: z.string() }) });

export const filingViewSchema = z.object({
  id: z.string(),
  filingNo: z.string(),
  type: filingTypeSchema,
  typeName: z.string(),
  status: z.enum(filingStatuses),
  statusName: z.string(),
  channel: z.enum(filingChannels),
  jurisdiction: jurisdictionSchema,
  insuredPlace: z.enum(insuredPlaces),
  ruleSetId: z.string(),
  person: z.object({ name: z.string(), idNumber: z.string() }),
  receivedOn: z.string(),
  filedOn: z.string().nullable(),
  validFrom: z.string().nullable(),
  validUntil: z.string().nullable(),
  changeableFrom: z.string().nullable(),
  cancelledOn: z.string().nullable(),
  places: z.array(placeViewSchema),
  personalPromise: z.boolean(),
  materialsDeliveredOn: z.string().nullable(),
  materials: z.array(z.string()),
  refusal: z.object({ reason: z.string(), returnedMaterials: z.array(z.string()) }).nullable(),
  dueDate: z.string().nullable(),
  breached: z.boolean(),
  createdBy: z.string(),
  version: z.number().int(),
});
export type FilingView = z.infer<typeof filingViewSchema>;

export const filingPageSchema = keysetPageOf(filingViewSchema);

export const filingDetailSchema = filingViewSchema.extend({
  history: z.array(z.record(z.string(), z.unknown())),
  notices: z.array(z.object({ id: z.string(), template: z.string(), subject: z.string(), createdAt: z.string() })),
});
export type FilingDetail = z.infer<typeof filingDetailSchema>;

const adjustmentSchema = z.object({ basicPoints: z.number(), criticalPoints: z.number(), article: z.string() });
export const filingStatusAnswerSchema = z.object({
  filed: z.boolean(),
  reason: z.enum(filingStatusReasons),
  message: z.string(),
  judgedOn: z.string(),
  filing: z
    .object({
      filingId: z.string(),
      filingNo: z.string(),
      type: filingTypeSchema,
      typeName: z.string(),
      validFrom: z.string(),
      validUntil: z.string().nullable(),
      basis: z.enum(filingBases),
      ruleSetId: z.string(),
    })
    .optional(),
  careAdjustment: adjustmentSchema.nullable(),
  home: z.object({ inpatientPoints: z.number(), generalOutpatient: z.boolean(), article: z.string() }).nullable(),
  article: z.string(),
});
export type FilingStatusView = z.infer<typeof filingStatusAnswerSchema>;

/** `GET /remote-care/materials`: 003's checklist per filing type; a line is met by any one of its materials, or by a promise. */
export const materialsChecklistSchema = z.record(
  filingTypeSchema,
  z.object({
    typeName: z.string(),
    lines: z.array(z.object({ anyOf: z.array(z.object({ code: z.enum(materials), name: z.string() })), promiseInstead: z.boolean() })),
  }),
);
