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

export function appendAuditEvent<S>(
  tx: Prisma.TransactionClient,
  caseId: string,
  event: AuditedEvent<S>,
  summary: (s: S) => object,
  after: S,
  identity: Identity = {},
) {
  return tx.auditEvent.create({ data: auditRow(caseId, event, summary, after, identity) });
}

/**
 * Appends the line unless one with its sequence number is there (INSERT … ON CONFLICT DO NOTHING):
 * false when it was. A concurrent writer's uncommitted line makes it wait for that commit, not fail.
 */
export async function appendAuditEventOnce<S>(
  tx: Prisma.TransactionClient,
  caseId: string,
  event: AuditedEvent<S>,
  summary: (s: S) => object,
  after: S,
  identity: Identity = {},
): Promise<boolean> {
  const { count } = await tx.auditEvent.createMany({ data: [auditRow(caseId, event, summary, after, identity)], skipDuplicates: true });
  return count === 1;
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
