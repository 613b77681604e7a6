/**
 * Person search and the person page (issue 18): every process of the registry that declares who its
 * records are about (`person` in domain/processes.ts), the assistance identities and the notices,
 * each read within the actor's visibility (domain/access-policy.ts). An ID number is matched exactly,
 * a name exactly, an application or filing number exactly; the person key (a hash of the ID number,
 * api/routes/care.ts personKeyOf) ties one person's records together without carrying the number.
 */
import { readScope } from '../domain/access-policy';
import type { Actor, Jurisdiction } from '../domain/people';
import { type ProcessDefinition, type ProcessName, processes } from '../domain/processes';
import type { PrismaClient } from '../generated/prisma/client';

type Db = Pick<PrismaClient, '$queryRawUnsafe'>;

const ident = (name: string) => {
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(name)) throw new Error(`${name} is not an identifier`);
  return `t."${name}"`;
};
const tableOf = (p: ProcessDefinition) => `"${p.readModel.table.charAt(0).toUpperCase()}${p.readModel.table.slice(1)}"`;

/** The person key in SQL: the column, or sha256('person:' || ID number) as personKeyOf computes it. */
function keySql(p: ProcessDefinition): string {
  const person = p.person!;
  return person.personKeyColumn
    ? ident(person.personKeyColumn)
    : `left(encode(sha256(convert_to('person:' || ${ident(person.idNumberColumn)}, 'UTF8')), 'hex'), 16)`;
}

export interface PersonRecord {
  process: ProcessName;
  id: string;
  jurisdiction: Jurisdiction;
  status: string;
  reference: string | null;
  name: string;
  idNumber: string;
  personKey: string;
}

/** The sources the actor may read (institution users are scoped to their records elsewhere: not here). */
function sources(actor: Actor) {
  return Object.values(processes).flatMap((p) => {
    const kind = p.tasks?.recordKind ?? p.recordKind;
    if (!p.person || !kind) return [];
    const scope = readScope(actor, kind);
    if (!scope || scope.institutionCode !== undefined) return [];
    return [{ process: p, jurisdictions: scope.jurisdictions }];
  });
}

function union(actor: Actor, where: (p: ProcessDefinition, param: (v: unknown) => string) => string, params: unknown[]): string | null {
  const param = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const branches = sources(actor).map(({ process: p, jurisdictions }) => {
    const person = p.person!;
    return `SELECT '${p.name}'::text AS process, t."id" AS id, ${ident(p.readModel.jurisdiction)}::text AS jurisdiction,
                   coalesce(to_jsonb(t)->>'status', '') AS status, ${person.referenceColumn ? `${ident(person.referenceColumn)}::text` : 'NULL::text'} AS reference,
                   ${ident(person.nameColumn)}::text AS name, ${ident(person.idNumberColumn)}::text AS "idNumber", ${keySql(p)} AS "personKey"
              FROM ${tableOf(p)} t
             WHERE ${ident(p.readModel.jurisdiction)}::text = ANY(${param(jurisdictions)}::text[]) AND (${where(p, param)})`;
  });
  return branches.length ? branches.join('\nUNION ALL\n') : null;
}

/** Records matching an ID number, a name or a record number, at most `limit` of them. */
export async function findPersonRecords(db: Db, actor: Actor, q: string, limit = 500): Promise<PersonRecord[]> {
  const params: unknown[] = [];
  const isIdNumber = /^\d{17}[\dX]$/.test(q.toUpperCase());
  const sql = union(
    actor,
    (p, param) => {
      const person = p.person!;
      if (isIdNumber) return `${ident(person.idNumberColumn)} = ${param(q.toUpperCase())}`;
      const byName = `${ident(person.nameColumn)} = ${param(q)}`;
      return person.referenceColumn ? `${byName} OR ${ident(person.referenceColumn)} = ${param(q)}` : byName;
    },
    params,
  );
  if (!sql) return [];
  params.push(limit);
  return db.$queryRawUnsafe<PersonRecord[]>(
    `SELECT * FROM (${sql}) r ORDER BY r.name, r."personKey", r.process, r.id LIMIT $${params.length}`,
    ...params,
  );
}

/** Every record of one person the actor may read. */
export async function recordsOfPerson(db: Db, actor: Actor, personKey: string): Promise<PersonRecord[]> {
  const params: unknown[] = [];
  const sql = union(actor, (p, param) => `${keySql(p)} = ${param(personKey)}`, params);
  if (!sql) return [];
  return db.$queryRawUnsafe<PersonRecord[]>(`SELECT * FROM (${sql}) r ORDER BY r.process, r.id LIMIT 1000`, ...params);
}
