/**
 * A notice with its deliveries, a person's contact and a notice template, as the API shows them
 * (api/routes/notices.ts). The delivery statuses and channels are the notice activities' own
 * (activities/notices.ts), so they stay strings here.
 */
import { z } from 'zod';
import { jurisdictionSchema } from '../people';

export const noticeViewSchema = z.object({
  id: z.string(),
  sourceKey: z.string(),
  personKey: z.string(),
  jurisdiction: jurisdictionSchema,
  caseId: z.string(),
  template: z.string(),
  subject: z.string(),
  body: z.string(),
  createdAt: z.string(),
  status: z.string(),
  statusName: z.string(),
  deliveries: z.array(
    z.object({
      channel: z.string(),
      status: z.string(),
      statusName: z.string(),
      attempts: z.number().int(),
      lastError: z.string().nullable(),
      sentAt: z.string().nullable(),
    }),
  ),
});
export type NoticeView = z.infer<typeof noticeViewSchema>;

export const contactViewSchema = z.object({
  personKey: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  webhookTarget: z.string().nullable(),
  channels: z.array(z.string()),
  insuredCounty: jurisdictionSchema.nullable(),
  updatedAt: z.string(),
  updatedBy: z.string().nullable(),
});

export const templateViewSchema = z.object({
  key: z.string(),
  subject: z.string(),
  body: z.string(),
  placeholders: z.array(z.string()),
  updatedBy: z.string(),
  updatedAt: z.string(),
});

/** `POST /notices/:id/retry` */
export const noticeRetryViewSchema = z.object({ noticeId: z.string(), channels: z.array(z.string()), workflowId: z.string() });
