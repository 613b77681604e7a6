/** A special-disease certification as the API shows it (api/routes/special-disease.ts), typed with the domain's enums. */
import { z } from 'zod';
import { certificationSources, certificationStandings, certificationStatuses } from '../certification';
import { jurisdictionSchema } from '../people';
import { renewalTimings } from '../special-disease';
import { episodeSpanSchema } from './care-episode';

const periodSchema = z.object({ start: z.string(), end: z.string() });
/** off-site (000 §16): the hospital at the place of treatment, as written */
const treatingHospitalSchema = z.object({ name: z.string(), place: z.string() });

export const certificationViewSchema = z.object({
  id: z.string(),
  diseaseCode: z.string(),
  institutionCode: z.string().nullable(),
  jurisdiction: jurisdictionSchema,
  /** 参保地 (the agency that acts) and the certifying institution's county */
  insuredPlace: jurisdictionSchema,
  institutionCounty: jurisdictionSchema.nullable(),
  offsite: z.boolean(),
  treatingHospital: treatingHospitalSchema.nullable().describe('off-site: the hospital at the place of treatment (000 §16)'),
  person: z.object({ name: z.string(), idNumber: z.string() }),
  /** the status as it stands today (a period already over is never 有效); recordedStatus is the workflow's */
  status: z.enum(certificationStandings).describe('as it stands today'),
  statusName: z.string(),
  recordedStatus: z.enum(certificationStatuses),
  period: periodSchema,
  windows: z.object({
    windowOpens: z.string(),
    lastValidDay: z.string(),
    graceStarts: z.string(),
    graceEnds: z.string(),
    lapsesOn: z.string(),
  }),
  /** whether a renewal can be made today, and when the window opens (renewalOffer, domain/certification.ts) */
  renewal: z.object({
    open: z.boolean(),
    timing: z.enum(renewalTimings),
    opensOn: z.string(),
    closesOn: z.string(),
    message: z.string(),
  }),
  periods: z.unknown().describe('every period, oldest first'),
  suspensions: z.unknown(),
  terminatedOn: z.string().nullable(),
  lapsedOn: z.string().nullable(),
  earlier: z
    .array(
      z.object({
        status: z.string(),
        periods: z.unknown(),
        terminatedOn: z.string().nullable(),
        lapsedOn: z.string().nullable(),
        institutionCode: z.string().nullable(),
        treatingHospital: z.unknown(),
        source: z.string(),
      }),
    )
    .describe('earlier certifications of the same person and disease (lapsed or terminated)'),
  source: z.enum(certificationSources),
  createdBy: z.string(),
  version: z.number().int(),
});
export type CertificationView = z.infer<typeof certificationViewSchema>;

export const diseaseViewSchema = z.object({
  code: z.string(),
  name: z.string(),
  periodMonths: z.number().int(),
  active: z.boolean(),
  updatedBy: z.string(),
  updatedAt: z.string(),
});
/** `GET /special-disease/diseases`: each disease with its qualified institutions */
export const diseaseWithInstitutionsSchema = diseaseViewSchema.extend({
  institutions: z.array(z.object({ diseaseCode: z.string(), institutionCode: z.string(), institutionName: z.string() })),
});
export type SpecialDiseaseItem = z.infer<typeof diseaseWithInstitutionsSchema>;

export const coverageViewSchema = z.object({
  date: z.string(),
  certificationId: z.string().optional(),
  status: z.string(),
  covered: z.boolean(),
  reason: z.string(),
  period: periodSchema.optional(),
  certificationStatus: z.string().optional(),
  certificationReason: z.string().optional(),
  episode: episodeSpanSchema.optional(),
});
