/** A family-bed or geriatric-ward episode as the API shows it (api/routes/care.ts), typed with the domain's enums. */
import { z } from 'zod';
import { careKinds } from '../care-episode';
import { episodeStatuses } from '../care-process';
import { jurisdictionSchema } from '../people';
import { historyEventSchema } from './common';

/** Every unmet criterion of the eligibility check (domain/care-episode.ts `UnmetCriterion`). */
export const unmetCriterionSchema = z.object({ code: z.string(), article: z.string(), message: z.string(), hard: z.boolean() });

export const episodeViewSchema = z.object({
  id: z.string(),
  kind: z.enum(careKinds),
  applicationNo: z.string(),
  applicationDate: z.string(),
  jurisdiction: jurisdictionSchema,
  insuredCounty: jurisdictionSchema,
  person: z.object({ name: z.string(), idNumber: z.string(), birthDate: z.string() }),
  condition: z.string().nullable(),
  status: z.enum(episodeStatuses),
  statusName: z.string(),
  eligibility: z.array(unmetCriterionSchema).describe('every unmet criterion: code, article, message, hard'),
  panel: z.object({ required: z.boolean(), reasons: z.array(z.string()), decision: z.unknown() }),
  transferFrom: z.string().nullable(),
  transferTo: z.string().nullable(),
  deductible: z.string(),
  openedOn: z.string().nullable(),
  closedOn: z.string().nullable(),
  closingGround: z.string().nullable(),
  closingCertificateNo: z.string().nullable(),
  settledAt: z.string().nullable(),
  reviewDeadline: z
    .object({
      dueDate: z.string(),
      dueAt: z.string(),
      provisional: z.boolean(),
      remindedAt: z.string().nullable(),
      breachedAt: z.string().nullable(),
    })
    .nullable(),
  rejectionReason: z.string().nullable(),
  createdBy: z.string(),
  version: z.number().int(),
});
export type EpisodeView = z.infer<typeof episodeViewSchema>;

/** An open or closed span of an episode, as the outpatient-payable and coverage answers name it. */
export const episodeSpanSchema = z.object({
  episodeId: z.string(),
  kind: z.string(),
  openedOn: z.string(),
  closedOn: z.string().nullable(),
});

/** `GET /care/episodes/:id`: the view, the application as filed, the history. */
export const episodeDetailSchema = episodeViewSchema.extend({ application: z.unknown(), history: z.array(historyEventSchema) });
