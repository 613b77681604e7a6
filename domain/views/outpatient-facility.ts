/**
 * The designated-facility register and a person's outpatient-facility record (普通门诊选点) as the
 * API shows them (api/routes/outpatient-facility.ts), typed with the domain's enums.
 */
import { z } from 'zod';
import { choiceChannels, facilityActions, facilityServices, insuranceKinds, midYearGrounds } from '../outpatient-facility';
import { jurisdictionSchema, roleSchema } from '../people';

const gradeSchema = z.union([z.literal(1), z.literal(2), z.literal(3)]);

export const designatedFacilityViewSchema = z.object({
  code: z.string(),
  name: z.string(),
  county: z.string(),
  jurisdiction: jurisdictionSchema.nullable(),
  grade: gradeSchema,
  offsite: z.boolean(),
  specialist: z.boolean(),
  province: z.string().nullable(),
  city: z.string().nullable(),
  services: z.array(z.enum(facilityServices)),
  active: z.boolean(),
  updatedBy: z.string(),
  updatedAt: z.string(),
});
export type DesignatedFacilityView = z.infer<typeof designatedFacilityViewSchema>;

export const facilityRefViewSchema = z.object({
  code: z.string(),
  name: z.string(),
  county: z.string(),
  grade: gradeSchema,
  offsite: z.boolean(),
});
export const choiceViewSchema = z.object({
  seq: z.number().int(),
  action: z.enum(facilityActions),
  effectiveFrom: z.string(),
  recordedOn: z.string(),
  recordedAt: z.string(),
  by: z.string(),
  role: roleSchema,
  office: jurisdictionSchema,
  channel: z.enum(choiceChannels),
  insuranceKind: z.enum(insuranceKinds),
  facilities: z.array(facilityRefViewSchema),
  remoteFiling: z
    .object({ filingNo: z.string(), basis: z.string(), validFrom: z.string(), validTo: z.string().nullable(), evidence: z.string() })
    .nullable(),
  formRef: z.string().nullable(),
  ground: z.enum(midYearGrounds).nullable(),
  evidence: z.string().nullable(),
  note: z.string().nullable(),
});
export type ChoiceView = z.infer<typeof choiceViewSchema>;

export const referralViewSchema = z.object({
  seq: z.number().int(),
  referralNo: z.string(),
  from: facilityRefViewSchema,
  to: facilityRefViewSchema,
  filedOn: z.string(),
  validTo: z.string(),
  formRef: z.string(),
  diagnosis: z.string(),
  reviewedBy: z.string(),
  by: z.string(),
});
export type ReferralView = z.infer<typeof referralViewSchema>;

export const facilitiesOnDateSchema = z.object({
  date: z.string(),
  choice: z
    .object({
      seq: z.number().int(),
      action: z.enum(facilityActions),
      effectiveFrom: z.string(),
      recordedOn: z.string(),
      channel: z.enum(choiceChannels),
      insuranceKind: z.enum(insuranceKinds),
    })
    .nullable(),
  carriedOver: z.boolean(),
  facilities: z.array(facilityRefViewSchema.extend({ usable: z.boolean(), reason: z.string() })),
  reason: z.string(),
  referrals: z.array(referralViewSchema).optional(),
  outpatientPayable: z.boolean().optional(),
  outpatientPayableReason: z.string().optional(),
});
export type FacilitiesOnDateView = z.infer<typeof facilitiesOnDateSchema>;

export const choiceRecordViewSchema = z.object({
  id: z.string(),
  person: z.object({ name: z.string(), idNumber: z.string() }),
  jurisdiction: jurisdictionSchema,
  version: z.number().int(),
  choices: z.array(choiceViewSchema),
  referrals: z.array(referralViewSchema),
  today: facilitiesOnDateSchema,
  pending: choiceViewSchema.nullable(),
  window: z.object({ opens: z.string(), closes: z.string(), effectiveFrom: z.string(), open: z.boolean() }),
});
export type ChoiceRecordView = z.infer<typeof choiceRecordViewSchema>;
