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

export function appendAuditEvent<S>(
  tx: Prisma.TransactionClient,
  caseId: string,
  event: AuditedEvent<S>,
  summary: (s: S) => object,
  after: S,
  identity: { digest?: string; runId?: string | null } = {},
) {
  return tx.auditEvent.create({
    data: {
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
    },
  });
}
