/**
 * The work queue as the API shows it (api/routes/tasks.ts, issue 18): a task of any process of the
 * registry, a page of them, who holds a task, and a comment on a record, typed with the domain's
 * process names and roles. The workbench's queue and record pages type themselves from these.
 */
import { z } from 'zod';
import { jurisdictionSchema, roleSchema } from '../people';
import { processNames } from '../processes';

export const taskViewSchema = z.object({
  process: z.enum(processNames),
  processTitle: z.string(),
  id: z.string(),
  /** the record's API path (GET it for the record's page) */
  path: z.string(),
  jurisdiction: jurisdictionSchema,
  status: z.string(),
  stage: z.string(),
  stageName: z.string(),
  /** the roles the stage waits on */
  roles: z.array(roleSchema),
  /** Asia/Shanghai calendar date */
  dueDate: z.string().nullable(),
  overdue: z.boolean(),
  itemCode: z.string().nullable(),
  subject: z.string(),
  reference: z.string(),
  assignee: z.string().nullable(),
  assigneeName: z.string().nullable(),
  assignedAt: z.string().nullable(),
});
export const taskPageSchema = z.object({
  total: z.number().int(),
  overdue: z.number().int(),
  pageSize: z.number().int(),
  items: z.array(taskViewSchema),
  /** pass as `cursor` for the next page; null on the last */
  nextCursor: z.string().nullable(),
});
/** Who holds the record's current task (claim, release, assignment). */
export const taskClaimViewSchema = z.object({
  id: z.string(),
  stage: z.string(),
  assignee: z.string().nullable(),
  assigneeName: z.string().nullable(),
  assignedAt: z.string().nullable(),
});
/** A comment on a record, kept in its history beside the audit trail. */
export const commentViewSchema = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.string(),
  actorName: z.string().nullable(),
  text: z.string(),
});
