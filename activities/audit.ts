/** The audit log row every recorded change appends, inside the caller's transaction. */
import type { Prisma } from '../generated/prisma/client';
import type { Actor } from '../domain/people';

export interface AuditedEvent<S> {
  /** the version this event produced: unique per case, so a retry writes nothing twice */
  seq: number;
  at: string;
  actor: Actor;
  action: string;
  reason?: string;
  /** 备注: kept beside the reason */
  note?: string;
  before: S | null;
}

type Identity = { digest?: string; runId?: string | null };

/**
 * Appends the line. With `ifAbsent`, only when no line has its sequence number (INSERT … ON CONFLICT
 * DO NOTHING), answering false when one had: a concurrent writer's uncommitted line makes it wait for
 * that commit instead of failing on the key.
 */
export async function appendAuditEvent<S>(
  tx: Prisma.TransactionClient,
  caseId: string,
  event: AuditedEvent<S>,
  summary: (s: S) => object,
  after: S,
  identity: Identity = {},
  opts: { ifAbsent?: boolean } = {},
): Promise<boolean> {
  const data = auditRow(caseId, event, summary, after, identity);
  if (!opts.ifAbsent) {
    await tx.auditEvent.create({ data });
    return true;
  }
  const { count } = await tx.auditEvent.createMany({ data: [data], skipDuplicates: true });
  return count === 1;
}

/**
 * Serialises the writers of a log that is not a workflow's (a user account, a policy, a calendar
 * year, an urge) until `tx` ends: a second writer waits, then reads what the first wrote.
 */
export async function lockAuditLog(tx: Prisma.TransactionClient, caseId: string): Promise<void> {
  await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext(${caseId}))::text`;
}

/** The next sequence number of such a log, under its lock (taken here if the caller has not). */
export async function nextAuditSeq(tx: Prisma.TransactionClient, caseId: string): Promise<number> {
  await lockAuditLog(tx, caseId); // re-entrant: a transaction that holds it takes it again at once
  const last = await tx.auditEvent.findFirst({ where: { caseId }, orderBy: { seq: 'desc' }, select: { seq: true } });
  return (last?.seq ?? 0) + 1;
}

function auditRow<S>(caseId: string, event: AuditedEvent<S>, summary: (s: S) => object, after: S, identity: Identity) {
  return {
    caseId,
    seq: event.seq,
    at: new Date(event.at),
    actor: event.actor.username,
    actorRole: event.actor.role,
    office: event.actor.jurisdiction,
    action: event.action,
    reason: event.reason ?? null,
    note: event.note ?? null,
    before: event.before ? (summary(event.before) as Prisma.InputJsonValue) : undefined,
    after: summary(after) as Prisma.InputJsonValue,
    digest: identity.digest ?? null,
    runId: identity.runId ?? null,
  };
}
