/**
 * The identities of medical-assistance recipients (医疗救助对象, 001 §5, §10) as data with history:
 * pushes one by one or as a CSV file (every row checked first, the file refused whole with row
 * numbers, a re-import answered from the first one), and the settlement side's question
 * `recipientOn(prisma, personKey, date)`: is the person a recipient that day, in which category,
 * and why (also `recipientForStayOf`, 001 §11). Shared by the API, the activities and other
 * processes (reimbursement claims call it directly).
 */
import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import {
  type IdentityPush,
  type IdentityRecord,
  type IdentitySnapshot,
  type PushingDepartment,
  type RecipientAnswer,
  type RecipientCategory,
  type RecipientKind,
  identityId,
  identityProblems,
  identityPushSchema,
  pushingDepartmentNames,
  pushingDepartments,
  recipientCategories,
  recipientCategoryNames,
  recipientForStay,
  recipientKinds,
  recipientOnDate,
  sameSnapshot,
  snapshotOf,
} from '../domain/assistance-recipient';
import { type IsoDate, shanghaiDate } from '../domain/dates';
import { DomainError } from '../domain/errors';
import { type Actor, type Jurisdiction, jurisdictionNames } from '../domain/people';
import type { Prisma, PrismaClient } from '../generated/prisma/client';

type Db = Pick<PrismaClient, 'assistanceIdentity'>;

/** What one push did to its identity. */
export interface PushOutcome {
  identityId: string;
  personKey: string;
  outcome: 'created' | 'changed' | 'unchanged';
  version: number;
  /** the row of the file it came from (bulk import) */
  row?: number;
}

export interface PushInput {
  personKey: string;
  push: IdentityPush;
  source: string;
  row?: number;
}

function recordOf(row: Prisma.AssistanceIdentityGetPayload<object>): IdentityRecord {
  return {
    identityId: row.id,
    agency: row.agency,
    category: row.category as RecipientCategory,
    kind: row.kind as RecipientKind,
    recognizedOn: row.recognizedOn,
    terminatedOn: row.terminatedOn,
    department: row.department as PushingDepartment,
    departmentRef: row.departmentRef,
    version: row.version,
    receivedOn: row.receivedOn,
  };
}

function snapshotOfRow(row: Prisma.AssistanceIdentityGetPayload<object>): IdentitySnapshot {
  const { category, kind, recognizedOn, terminatedOn, department, departmentRef } = recordOf(row);
  return { category, kind, recognizedOn, terminatedOn, department, departmentRef };
}

const isUniqueViolation = (e: unknown) => (e as { code?: string })?.code === 'P2002';

/**
 * Records pushes in one transaction: a new identity is version 1, a changed one (a later push
 * that ends it or corrects it) a new version, an identical one nothing. An identity held by another
 * agency is refused (the whole call), as is a push whose content is invalid.
 */
export async function pushIdentities(
  prisma: PrismaClient,
  agency: Jurisdiction,
  inputs: readonly PushInput[],
  actor: Pick<Actor, 'username'>,
  at: Date = new Date(),
): Promise<PushOutcome[]> {
  const receivedOn = shanghaiDate(at.getTime());
  const prepared = inputs.map((i) => ({
    ...i,
    snapshot: snapshotOf(i.push),
    id: identityId(i.personKey, i.push.category, i.push.recognizedOn),
  }));
  const run = () =>
    prisma.$transaction(
      async (tx) => {
        const existing = new Map(
          (await tx.assistanceIdentity.findMany({ where: { id: { in: prepared.map((p) => p.id) } } })).map((r) => [r.id, r]),
        );
        const foreign = prepared.filter((p) => existing.has(p.id) && existing.get(p.id)!.agency !== agency);
        if (foreign.length) {
          const f = foreign[0]!;
          throw new DomainError(
            'OUT_OF_JURISDICTION',
            `${f.row ? `第 ${f.row} 行：` : ''}该身份由${jurisdictionNames[existing.get(f.id)!.agency]}经办机构登记，不能由本机构变更`,
            { identityId: f.id, identityAgency: existing.get(f.id)!.agency, rows: foreign.map((x) => x.row).filter(Boolean) },
          );
        }
        const out: PushOutcome[] = [];
        for (const p of prepared) {
          const row = existing.get(p.id);
          const base = { identityId: p.id, personKey: p.personKey, ...(p.row ? { row: p.row } : {}) };
          if (row && sameSnapshot(snapshotOfRow(row), p.snapshot)) {
            out.push({ ...base, outcome: 'unchanged', version: row.version });
            continue;
          }
          const version = (row?.version ?? 0) + 1;
          const data = {
            personKey: p.personKey,
            personName: p.push.person.name,
            idNumber: p.push.person.idNumber,
            agency,
            ...p.snapshot,
            version,
            receivedOn,
            updatedAt: at,
          };
          if (row) {
            // optimistic: a concurrent push that got there first makes this count 0 and the transaction retries
            const updated = await tx.assistanceIdentity.updateMany({ where: { id: p.id, version: row.version }, data });
            if (updated.count !== 1) throw Object.assign(new Error('identity changed concurrently'), { code: 'P2002' });
          } else {
            await tx.assistanceIdentity.create({ data: { id: p.id, ...data } });
          }
          await tx.assistanceIdentityVersion.create({
            data: {
              identityId: p.id,
              version,
              snapshot: p.snapshot as unknown as Prisma.InputJsonValue,
              source: p.source,
              receivedOn,
              receivedAt: at,
              receivedBy: actor.username,
            },
          });
          out.push({ ...base, outcome: row ? 'changed' : 'created', version });
        }
        return out;
      },
      { timeout: 120_000, maxWait: 10_000 },
    );
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (e) {
      if (!isUniqueViolation(e) || attempt >= 3) throw e;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Bulk import (CSV)
// ---------------------------------------------------------------------------------------------

type Field = 'name' | 'idNumber' | 'category' | 'kind' | 'recognizedOn' | 'terminatedOn' | 'department' | 'departmentRef';
const headerNames: Record<string, Field> = {
  name: 'name',
  姓名: 'name',
  idnumber: 'idNumber',
  身份证号码: 'idNumber',
  身份证号: 'idNumber',
  category: 'category',
  救助对象类别: 'category',
  kind: 'kind',
  类型: 'kind',
  recognizedon: 'recognizedOn',
  认定日期: 'recognizedOn',
  terminatedon: 'terminatedOn',
  终止日期: 'terminatedOn',
  department: 'department',
  推送部门: 'department',
  departmentref: 'departmentRef',
  认定文书号: 'departmentRef',
};
const requiredFields: Field[] = ['name', 'idNumber', 'category', 'recognizedOn', 'department'];
const fieldNames: Record<Field, string> = {
  name: '姓名',
  idNumber: '身份证号码',
  category: '救助对象类别',
  kind: '类型',
  recognizedOn: '认定日期',
  terminatedOn: '终止日期',
  department: '推送部门',
  departmentRef: '认定文书号',
};
const categoryByText: Record<string, RecipientCategory> = Object.fromEntries([
  ...recipientCategories.map((c) => [c, c]),
  ...recipientCategories.map((c) => [recipientCategoryNames[c], c]),
  // the short names the departments' lists use (DOMAIN §5 "低保对象", 附件1 "特困人员（含孤儿…）")
  ['低保对象', 'minimum_living'],
  ['低保边缘家庭成员', 'minimum_living_margin'],
  ['特困供养人员', 'extreme_poverty'],
]);
const kindByText: Record<string, RecipientKind> = { income: 'income', expense: 'expense', 收入型: 'income', 支出型: 'expense' };
const departmentByText: Record<string, PushingDepartment> = Object.fromEntries([
  ...pushingDepartments.map((d) => [d, d]),
  ...pushingDepartments.map((d) => [pushingDepartmentNames[d], d]),
  ['民政', 'civil_affairs'],
  ['乡村振兴', 'rural_revitalisation'],
  ['残联', 'disability_federation'],
]);
const MAX_ISSUES = 200;
export const MAX_IDENTITY_ROWS = 20_000;

export interface ImportIssue {
  path: string;
  message: string;
}

function refused(issues: ImportIssue[]): DomainError {
  const shown = issues.slice(0, MAX_ISSUES);
  return new DomainError('VALIDATION_FAILED', `救助对象文件有误（${issues.length} 处），未导入任何记录`, {
    issues: shown,
    issueCount: issues.length,
    ...(issues.length > shown.length ? { truncated: true } : {}),
  });
}

/** Every row checked before anything is recorded; one bad row refuses the whole file, every fault listed with its row. */
export function parseIdentityFile(csvText: string, personKeyOf: (idNumber: string) => string): PushInput[] {
  let records: string[][];
  try {
    records = parse(csvText, { bom: true, relax_column_count: true, skip_empty_lines: false }) as string[][];
  } catch (e) {
    throw refused([{ path: 'file', message: `CSV 格式错误：${e instanceof Error ? e.message : String(e)}` }]);
  }
  const issues: ImportIssue[] = [];
  const header = (records[0] ?? []).map((h) => h.trim());
  const columns = new Map<Field, number>();
  header.forEach((h, i) => {
    const f = headerNames[h] ?? headerNames[h.toLowerCase()];
    if (!f) issues.push({ path: 'row 1', message: `无法识别的列“${h}”` });
    else if (columns.has(f)) issues.push({ path: 'row 1', message: `列“${h}”重复` });
    else columns.set(f, i);
  });
  for (const f of requiredFields) if (!columns.has(f)) issues.push({ path: 'row 1', message: `缺少“${fieldNames[f]}”（${f}）列` });
  if (issues.length) throw refused(issues);
  if (records.length - 1 > MAX_IDENTITY_ROWS) throw refused([{ path: 'file', message: `一个文件最多 ${MAX_IDENTITY_ROWS} 行` }]);

  const out: PushInput[] = [];
  const seen = new Map<string, number>();
  const digest = createHash('sha256').update(csvText).digest('hex').slice(0, 16);
  records.slice(1).forEach((record, i) => {
    const rowNo = i + 2;
    if (record.every((c) => c.trim() === '')) return;
    const path = `row ${rowNo}`;
    const before = issues.length;
    if (record.length > header.length) issues.push({ path, message: `有 ${record.length} 列，多于表头的 ${header.length} 列` });
    const get = (f: Field) => (columns.has(f) ? (record[columns.get(f)!] ?? '').trim() : '');
    const categoryText = get('category');
    const kindText = get('kind');
    const departmentText = get('department');
    const category = categoryByText[categoryText] ?? categoryByText[categoryText.toLowerCase()];
    const kind = kindByText[kindText] ?? kindByText[kindText.toLowerCase()];
    const department = departmentByText[departmentText] ?? departmentByText[departmentText.toLowerCase()];
    if (categoryText && !category) issues.push({ path, message: `救助对象类别“${categoryText}”无效` });
    if (kindText && !kind) issues.push({ path, message: `类型“${kindText}”无效，应为 收入型 或 支出型` });
    if (departmentText && !department) issues.push({ path, message: `推送部门“${departmentText}”无效` });
    const candidate = {
      person: { name: get('name'), idNumber: get('idNumber') },
      category: category ?? (categoryText || undefined),
      ...(kindText ? { kind: kind ?? kindText } : {}),
      recognizedOn: get('recognizedOn') || undefined,
      terminatedOn: get('terminatedOn') || null,
      department: department ?? (departmentText || undefined),
      ...(get('departmentRef') ? { departmentRef: get('departmentRef') } : {}),
    };
    const parsed = identityPushSchema.safeParse(candidate);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path[issue.path.length - 1];
        const name = typeof field === 'string' ? (fieldNames[field as Field] ?? field) : '';
        // the enum faults were already said in Chinese above
        if (issue.code === 'invalid_value' && (field === 'category' || field === 'kind' || field === 'department') && get(field as Field))
          continue;
        issues.push({
          path,
          message: `${name}${get(field as Field) ? `“${get(field as Field)}”` : ''}${get(field as Field) ? '无效' : '缺失'}：${issue.message}`,
        });
      }
      return;
    }
    const problems = identityProblems(parsed.data);
    for (const p of problems) issues.push({ path, message: p });
    if (issues.length > before) return;
    const personKey = personKeyOf(parsed.data.person.idNumber);
    const id = identityId(personKey, parsed.data.category, parsed.data.recognizedOn);
    const first = seen.get(id);
    if (first !== undefined) {
      issues.push({ path, message: `与第 ${first} 行是同一身份（同一人、类别和认定日期）` });
      return;
    }
    seen.set(id, rowNo);
    out.push({ personKey, push: parsed.data, source: `csv:${digest}:row ${rowNo}`, row: rowNo });
  });
  if (out.length === 0 && issues.length === 0) issues.push({ path: 'row 2', message: '文件中没有救助对象记录' });
  if (issues.length) throw refused(issues);
  return out;
}

export interface IdentityImportResult {
  file: string;
  rows: number;
  created: number;
  changed: number;
  unchanged: number;
  /** true: this file had been imported before; the first import's result, nothing applied again */
  alreadyImported: boolean;
  outcomes: PushOutcome[];
}

/**
 * A department's file: refused whole with row numbers when a row is bad; the same file (same
 * bytes) imported again answers the first import's result and changes nothing, even when a later
 * push has changed an identity since (the file is not applied a second time). Another file with
 * the same identities records nothing new (unchanged).
 */
export async function importIdentityFile(
  prisma: PrismaClient,
  agency: Jurisdiction,
  csvText: string,
  actor: Pick<Actor, 'username'>,
  personKeyOf: (idNumber: string) => string,
): Promise<IdentityImportResult> {
  const digest = createHash('sha256').update(csvText).digest('hex');
  const earlier = await prisma.assistanceImport.findUnique({ where: { agency_digest: { agency, digest } } });
  if (earlier) return { ...(earlier.result as unknown as IdentityImportResult), alreadyImported: true };
  const inputs = parseIdentityFile(csvText, personKeyOf);
  const outcomes = await pushIdentities(prisma, agency, inputs, actor);
  const count = (o: PushOutcome['outcome']) => outcomes.filter((x) => x.outcome === o).length;
  const result: IdentityImportResult = {
    file: digest.slice(0, 16),
    rows: inputs.length,
    created: count('created'),
    changed: count('changed'),
    unchanged: count('unchanged'),
    alreadyImported: false,
    outcomes,
  };
  try {
    await prisma.assistanceImport.create({
      data: { agency, digest, result: result as unknown as Prisma.InputJsonValue, importedBy: actor.username, importedAt: new Date() },
    });
  } catch (e) {
    if (!isUniqueViolation(e)) throw e; // the same file imported concurrently: both recorded the same (unchanged) content
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// The questions
// ---------------------------------------------------------------------------------------------

/** A person's identities (current versions), optionally only those of some agencies. */
export async function identitiesOf(db: Db, personKey: string, agencies?: readonly Jurisdiction[]): Promise<IdentityRecord[]> {
  const rows = await db.assistanceIdentity.findMany({
    where: { personKey, ...(agencies ? { agency: { in: [...agencies] } } : {}) },
    orderBy: [{ recognizedOn: 'asc' }, { id: 'asc' }],
  });
  return rows.map(recordOf);
}

/**
 * Is the person (by person key) a medical-assistance recipient on `date`, in which category, and
 * why (001 §10; the prevailing identity first, 001 §11). Answered from the identities as the
 * departments state them now: a termination or correction pushed later answers past dates too.
 */
export async function recipientOn(
  db: Db,
  personKey: string,
  date: IsoDate,
  opts: { agencies?: readonly Jurisdiction[] } = {},
): Promise<RecipientAnswer> {
  return recipientOnDate(await identitiesOf(db, personKey, opts.agencies), date);
}

/** 001 §11: the category a hospital stay (admission to discharge, inclusive) is assisted under. */
export async function recipientForStayOf(
  db: Db,
  personKey: string,
  admittedOn: IsoDate,
  dischargedOn: IsoDate,
  opts: { agencies?: readonly Jurisdiction[] } = {},
): Promise<RecipientAnswer> {
  return recipientForStay(await identitiesOf(db, personKey, opts.agencies), admittedOn, dischargedOn);
}

/** The history of one person's identities: every version with who pushed it and from where. */
export async function identityHistory(
  prisma: Pick<PrismaClient, 'assistanceIdentity'>,
  personKey: string,
  agencies: readonly Jurisdiction[],
) {
  return prisma.assistanceIdentity.findMany({
    where: { personKey, agency: { in: [...agencies] } },
    include: { versions: { orderBy: { version: 'asc' } } },
    orderBy: [{ recognizedOn: 'asc' }, { id: 'asc' }],
  });
}

export { recipientKinds };
