/** The supervisor's summary (`GET /supervision/summary`): open work and breaches per county and process. */
import { z } from 'zod';
import { jurisdictionSchema } from '../people';

/** The processes the summary counts, by their key in this view (`certification` is the special-disease process). */
export const supervisionKeys = ['service_case', 'care_episode', 'fund_request', 'certification'] as const;
export type SupervisionKey = (typeof supervisionKeys)[number];

export const supervisionCountsSchema = z.object({ open: z.number().int(), breached: z.number().int() });
export const supervisionSummarySchema = z.object({
  asOf: z.string(),
  processes: z.record(z.string(), z.string()),
  counties: z.array(
    z.object({
      county: jurisdictionSchema,
      service_case: supervisionCountsSchema.extend({ overdue: z.number().int() }),
      care_episode: supervisionCountsSchema,
      fund_request: supervisionCountsSchema,
      certification: supervisionCountsSchema,
      /** every process whose registry entry declares its supervision counts (domain/processes.ts), by its name */
      registered: z.record(z.string(), supervisionCountsSchema),
    }),
  ),
  /** the columns of the processes counted through the registry: what their open count is called, whether breaches are counted */
  columns: z.record(z.string(), z.object({ open: z.string(), breached: z.boolean() })),
});
/** 督办 (`POST /supervision/urge`): who was notified, by which notices, and the urge's audit sequence number. */
export const urgeViewSchema = z.object({
  recordId: z.string(),
  urgedAt: z.string(),
  /** the usernames notified (the assignee, or the users of the role the work waits on) */
  recipients: z.array(z.string()),
  noticeIds: z.array(z.string()),
  seq: z.number().int(),
});
export type SupervisionSummary = z.infer<typeof supervisionSummarySchema>;
