/**
 * The one task query across every process (issue 18): each process of the registry that declares a
 * task source (domain/processes.ts `tasks`) contributes the open rows of its read-model table, in
 * one UNION ALL; the stage each row is at, the roles it waits on, its due date and who holds it
 * (TaskClaim, for that stage only) come out in one shape, filtered, ordered by due date (none
 * last) then id, and paged by keyset with the totals. Nothing is fetched and filtered in memory.
 */
import { type ReadScope, readScope } from '../domain/access-policy';
import { shanghaiDate } from '../domain/dates';
import type { Actor, Jurisdiction } from '../domain/people';
import { type ProcessDefinition, type ProcessName, processes } from '../domain/processes';
import { type TaskCursor, type TaskQuery, type TaskSource, stagesOf } from '../domain/tasks';
import type { PrismaClient } from '../generated/prisma/client';

export interface TaskRow {
  process: ProcessName;
  id: string;
  jurisdiction: Jurisdiction;
  status: string;
  stage: string;
  dueDate: string | null;
  itemCode: string | null;
  subject: string;
  reference: string;
  assignee: string | null;
  assignedAt: Date | null;
}

export interface TaskPage {
  total: number;
  overdue: number;
  items: TaskRow[];
  next: TaskCursor | null;
}

type Db = Pick<PrismaClient, '$queryRawUnsafe'>;

/** A registry column as an SQL identifier (registry data, never user input; checked all the same). */
function col(name: string): string {
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(name)) throw new Error(`task source column ${name} is not an identifier`);
  return `t."${name}"`;
}
function table(p: ProcessDefinition): string {
  const name = p.readModel.table.charAt(0).toUpperCase() + p.readModel.table.slice(1);
  if (!/^[A-Za-z]+$/.test(name)) throw new Error(`read-model table ${name} is not an identifier`);
  return `"${name}"`;
}

/** The SQL expression of a row's stage. */
export function stageSql(source: TaskSource): string {
  const stage = `${col(source.stageColumn)}::text`;
  if (!source.override) return stage;
  const o = col(source.override.column);
  return `CASE WHEN ${o} IS NOT NULL AND jsonb_typeof(${o}) <> 'null' THEN '${source.override.stage}' ELSE ${stage} END`;
}

export interface TaskScopeInput {
  actor: Actor;
  query: TaskQuery;
  /** the users of the actor's institution (institution users see their institution's records only) */
  institutionUsers?: readonly string[];
  /** the day overdue is counted against (Asia/Shanghai); today by default */
  today?: string;
}

/** The processes with a task source the actor may read, with the scope of each. */
export function taskSources(actor: Actor, only?: string): { process: ProcessDefinition; source: TaskSource; scope: ReadScope }[] {
  return Object.values(processes).flatMap((process) => {
    const source = process.tasks;
    if (!source || (only && process.name !== only)) return [];
    const scope = readScope(actor, source.recordKind);
    return scope ? [{ process, source, scope }] : [];
  });
}

/** The SQL and parameters of the task set before paging (one branch per process). */
function taskSet(input: TaskScopeInput, params: unknown[]): string | null {
  const { actor, query } = input;
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const branches = taskSources(actor, query.process).flatMap(({ process, source, scope }) => {
    const jurisdictions = query.county ? scope.jurisdictions.filter((j) => j === query.county) : scope.jurisdictions;
    if (!jurisdictions.length) return [];
    const stages = query.waiting === 'mine' ? stagesOf(source, actor.role) : Object.keys(source.stages);
    const wanted = query.stage ? stages.filter((s) => s === query.stage) : stages;
    if (!wanted.length) return [];
    const statuses = query.status ? process.openStatuses.filter((s) => s === query.status) : process.openStatuses;
    if (!statuses.length) return [];
    if (query.itemCode && !source.itemColumn && !process.catalogueItems.includes(query.itemCode)) return [];
    const where = [
      `t."status" = ANY(${p(statuses)}::text[])`,
      `${col(process.readModel.jurisdiction)}::text = ANY(${p(jurisdictions)}::text[])`,
      `${stageSql(source)} = ANY(${p(wanted)}::text[])`,
    ];
    if (query.itemCode && source.itemColumn) where.push(`${col(source.itemColumn)} = ${p(query.itemCode)}`);
    if (scope.institutionCode !== undefined) {
      if (!source.createdByColumn) return [];
      where.push(`${col(source.createdByColumn)} = ANY(${p(input.institutionUsers ?? [])}::text[])`);
    }
    const item = source.itemColumn
      ? col(source.itemColumn)
      : process.catalogueItems.length === 1
        ? `'${process.catalogueItems[0]}'`
        : 'NULL';
    const due = source.dueDateColumn ? `${col(source.dueDateColumn)}::text` : 'NULL::text';
    return [
      `SELECT '${process.name}'::text AS process, t."id" AS id, ${col(process.readModel.jurisdiction)}::text AS jurisdiction,
              t."status"::text AS status, ${stageSql(source)} AS stage, ${due} AS "dueDate", ${item}::text AS "itemCode",
              ${col(source.subjectColumn)}::text AS subject, ${col(source.referenceColumn)}::text AS reference
         FROM ${table(process)} t WHERE ${where.join(' AND ')}`,
    ];
  });
  if (!branches.length) return null;
  const outer: string[] = [];
  if (query.overdue === true) outer.push(`s."dueDate" < ${p(input.today ?? shanghaiDate(Date.now()))}`);
  if (query.overdue === false) outer.push(`(s."dueDate" IS NULL OR s."dueDate" >= ${p(input.today ?? shanghaiDate(Date.now()))})`);
  if (query.mine) outer.push(`c."assignee" = ${p(actor.username)}`);
  if (query.unclaimed) outer.push(`c."assignee" IS NULL`);
  if (query.q) {
    const prefix = `${query.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    outer.push(`(s.reference LIKE ${p(prefix)} OR s.subject = ${p(query.q)})`);
  }
  return `SELECT s.*, c."assignee", c."assignedAt"
            FROM (${branches.join('\nUNION ALL\n')}) s
            LEFT JOIN "TaskClaim" c ON c."recordId" = s.id AND c."stage" = s.stage
            ${outer.length ? `WHERE ${outer.join(' AND ')}` : ''}`;
}

/** One page of the actor's tasks, most urgent first, and the totals of the whole set. */
export async function queryTasks(db: Db, input: TaskScopeInput, cursor: TaskCursor | null): Promise<TaskPage> {
  const params: unknown[] = [];
  const set = taskSet(input, params);
  if (!set) return { total: 0, overdue: 0, items: [], next: null };
  const today = input.today ?? shanghaiDate(Date.now());
  const countParams = [...params, today];
  const [counts] = await db.$queryRawUnsafe<{ total: bigint; overdue: bigint }[]>(
    `SELECT count(*) AS total, count(*) FILTER (WHERE q."dueDate" < $${countParams.length}) AS overdue FROM (${set}) q`,
    ...countParams,
  );
  const pageParams = [...params];
  const p = (v: unknown) => {
    pageParams.push(v);
    return `$${pageParams.length}`;
  };
  let after = '';
  if (cursor) {
    // (dueDate NULLS LAST, id): past a dated task come later dates, the same date with a later id, then the undated
    after =
      cursor.dueDate === null
        ? `WHERE q."dueDate" IS NULL AND q.id > ${p(cursor.id)}`
        : `WHERE q."dueDate" > ${p(cursor.dueDate)} OR (q."dueDate" = ${p(cursor.dueDate)} AND q.id > ${p(cursor.id)}) OR q."dueDate" IS NULL`;
  }
  const size = input.query.pageSize;
  const rows = await db.$queryRawUnsafe<TaskRow[]>(
    `SELECT * FROM (${set}) q ${after} ORDER BY q."dueDate" ASC NULLS LAST, q.id ASC LIMIT ${p(size + 1)}`,
    ...pageParams,
  );
  const items = rows.slice(0, size);
  const last = items.at(-1);
  return {
    total: Number(counts?.total ?? 0),
    overdue: Number(counts?.overdue ?? 0),
    items,
    next: rows.length > size && last ? { dueDate: last.dueDate, id: last.id } : null,
  };
}

/** The task a record is at now (its stage and jurisdiction), or null when it waits on no one. */
export async function currentTask(db: Db, id: string): Promise<{ process: ProcessDefinition; source: TaskSource; row: TaskRow } | null> {
  const process = Object.values(processes).find((p) => id.startsWith(p.workflowIdPrefix));
  const source = process?.tasks;
  if (!process || !source) return null;
  const rows = await db.$queryRawUnsafe<TaskRow[]>(
    `SELECT '${process.name}'::text AS process, t."id" AS id, ${col(process.readModel.jurisdiction)}::text AS jurisdiction,
            t."status"::text AS status, ${stageSql(source)} AS stage
       FROM ${table(process)} t WHERE t."id" = $1 AND t."status" = ANY($2::text[])`,
    id,
    process.openStatuses,
  );
  const row = rows[0];
  if (!row || !(row.stage in source.stages)) return null;
  return { process, source, row };
}
