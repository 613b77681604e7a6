/**
 * The one work queue across every process (issue 18): what a task is, how a process declares where
 * its open work waits (its `tasks` entry in domain/processes.ts), and the query's filters and cursor.
 * The query itself (store/tasks.ts) reads every process of the registry that declares a source, so
 * a process added later appears in the inbox by declaring one, with no list to extend.
 */
import { z } from 'zod';
import type { RecordKind } from './access-policy';
import { jurisdictionSchema, type Role } from './people';

/** A column of a read-model table (the Prisma field name, which is the SQL column). */
export type Column = string;

export interface TaskStage {
  /** the roles the record waits on in this stage */
  roles: readonly Role[];
  /** what the list shows: 待审核, 待专家组评审 … */
  name: string;
}

/**
 * Where a process's open work waits, in its read-model table (processes[name].readModel): rows in
 * the process's open statuses are tasks; the stage column (or `override` when that column is set)
 * names the stage; each stage waits on its roles.
 */
export interface TaskSource {
  /** the visibility policy's kind for these records (domain/access-policy.ts) */
  recordKind: RecordKind;
  stageColumn: Column;
  /** a nullable JSON column that, when set, puts the record at `stage` (a service case's 退回补正) */
  override?: { column: Column; stage: string };
  stages: Record<string, TaskStage>;
  /** the last day of its time limit (YYYY-MM-DD, Asia/Shanghai), when it has one */
  dueDateColumn: Column | null;
  /** the catalogue item (004), when the table has one per record */
  itemColumn: Column | null;
  /** who the record is about (the applicant's name), or what (a fund request's kind) */
  subjectColumn: Column;
  /** the number a clerk knows it by (application number, filing number, period) */
  referenceColumn: Column;
  /** the submitting user, for institution users' scope (their institution's records only) */
  createdByColumn: Column | null;
}

const flag = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .optional();

/** GET /tasks: waiting on my role (`waiting=mine`, the default) or all open work I may see. */
export const taskQuerySchema = z
  .object({
    waiting: z.enum(['mine', 'all']).default('mine'),
    process: z
      .string()
      .regex(/^[a-z_]{2,40}$/)
      .optional(),
    itemCode: z
      .string()
      .regex(/^\d{12}$/, '事项编码应为12位数字')
      .optional(),
    status: z
      .string()
      .regex(/^[a-z_]{2,40}$/)
      .optional(),
    stage: z
      .string()
      .regex(/^[a-z_]{2,40}$/)
      .optional(),
    county: jurisdictionSchema.optional(),
    overdue: flag,
    /** only tasks claimed by or assigned to me */
    mine: flag,
    /** only tasks nobody holds */
    unclaimed: flag,
    /** the start of an application/filing number, or a person's whole name */
    q: z.string().trim().min(1).max(50).optional(),
    cursor: z.string().max(400).optional(),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type TaskQuery = z.infer<typeof taskQuerySchema>;

/** The keyset position after a task: its due date (null sorts last) and its id. */
export interface TaskCursor {
  dueDate: string | null;
  id: string;
}

export function encodeCursor(c: TaskCursor): string {
  return Buffer.from(JSON.stringify([c.dueDate, c.id]), 'utf8').toString('base64url');
}

/** The cursor a client sent back, or null when it is not one this service wrote. */
export function decodeCursor(s: string): TaskCursor | null {
  try {
    const v: unknown = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
    if (!Array.isArray(v) || v.length !== 2) return null;
    const [dueDate, id] = v as unknown[];
    if (!(dueDate === null || (typeof dueDate === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(dueDate)))) return null;
    if (typeof id !== 'string' || !id || id.length > 200) return null;
    return { dueDate, id };
  } catch {
    return null;
  }
}

/** The stages of a source that wait on `role`. */
export function stagesOf(source: TaskSource, role: Role): string[] {
  return Object.entries(source.stages)
    .filter(([, s]) => s.roles.includes(role))
    .map(([k]) => k);
}
