/**
 * A service case as the API shows it (`GET /cases`, `GET /cases/:id`, the answers of create and act),
 * typed with the domain's enums; and the catalogue item (document 004) the case belongs to.
 */
import { z } from 'zod';
import { jurisdictionSchema } from '../people';
import { caseStatuses, channels, clerkSteps } from '../service-case';
import { historyEventSchema } from './common';

/** A step taken, by whom (its 经办人), when, with the note. */
export const stepTakenSchema = z.object({ step: z.string(), by: z.string(), at: z.string(), note: z.string().optional() });

export const caseViewSchema = z.object({
  id: z.string(),
  itemCode: z.string(),
  applicationNo: z.string(),
  jurisdiction: jurisdictionSchema,
  channel: z.enum(channels),
  applicant: z.object({
    name: z.string(),
    idNumber: z.string().describe('masked (first 6, last 4) unless the policy shows it in full'),
    phone: z.string().nullable(),
  }),
  status: z.enum(caseStatuses),
  statusName: z.string(),
  pendingStep: z.enum(clerkSteps).nullable(),
  completedSteps: z.array(z.string()),
  steps: z.array(stepTakenSchema),
  /** the pending 退回补正: what the applicant must correct, told at once */
  correction: z
    .object({
      step: z.enum(clerkSteps),
      by: z.string(),
      at: z.string(),
      missingMaterials: z.array(z.string()),
      reason: z.string().nullable(),
      note: z.string().nullable(),
      pausedDueDate: z.string().nullable(),
    })
    .nullable(),
  assignee: z.string().nullable(),
  createdBy: z.string(),
  appliedAt: z.string(),
  /** the day of acceptance (收件日): the working days count from the day after */
  acceptedOn: z.string().nullable(),
  deadline: z
    .object({
      /** the day the working days count from (receipt, acceptance or resubmission); the day itself does not count */
      countedFrom: z.string().nullable(),
      workingDays: z.number().int().nullable(),
      dueDate: z.string(),
      dueAt: z.string(),
      provisional: z.boolean(),
      overdue: z.boolean(),
      remindedAt: z.string().nullable(),
      breachedAt: z.string().nullable(),
    })
    .nullable(),
  closedAt: z.string().nullable(),
  rejection: z.object({ reason: z.string(), returnedMaterials: z.array(z.string()), note: z.string().nullable() }).nullable(),
  disbursedFen: z.number().int().nullable(),
  version: z.number().int(),
});
export type CaseView = z.infer<typeof caseViewSchema>;

export const caseDetailSchema = caseViewSchema.extend({
  steps: z.array(stepTakenSchema.extend({ byName: z.string().nullable() })),
  assigneeName: z.string().nullable(),
  item: z
    .object({
      name: z.string(),
      steps: z.array(z.string()),
      timeLimitKind: z.string(),
      timeLimitDays: z.number().int().nullable(),
      /** the online limit (e.g. 2 working days from receipt); the route always read it, the schema used to strip it */
      onlineTimeLimitDays: z.number().int().nullable(),
    })
    .nullable(),
  history: z.array(historyEventSchema),
});
export type CaseDetail = z.infer<typeof caseDetailSchema>;

/** A public service item of document 004 as seeded (`GET /catalogue`). */
export const catalogueItemSchema = z.object({
  code: z.string(),
  seq: z.number().int(),
  name: z.string(),
  group: z.string(),
  subItems: z.array(z.string()),
  handlingLevels: z.array(z.string()),
  steps: z.array(z.string()),
  timeLimitKind: z.string().describe('workingDays | immediate | none'),
  timeLimitDays: z.number().int().nullable(),
  onlineTimeLimitDays: z.number().int().nullable(),
  timeLimitNote: z.string().nullable(),
  materials: z.array(z.string()),
  legalBasis: z.array(z.string()),
  remark: z.string().nullable(),
});
export type CatalogueItem = z.infer<typeof catalogueItemSchema>;

/** `GET /catalogue`: the items of the catalogue. */
export const catalogueSchema = z.object({ items: z.array(catalogueItemSchema) });
