/** The audit trail of a case, episode, certification or fund request, as every case page shows it. */
import type { PrismaClient } from '../generated/prisma/client';

export async function auditHistory(prisma: Pick<PrismaClient, 'auditEvent'>, caseId: string) {
  const events = await prisma.auditEvent.findMany({ where: { caseId }, orderBy: { seq: 'asc' } });
  return events.map((e) => ({
    seq: e.seq, at: e.at.toISOString(), actor: e.actor, role: e.actorRole, office: e.office,
    action: e.action, reason: e.reason, before: e.before, after: e.after,
  }));
}
