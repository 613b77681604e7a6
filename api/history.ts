/** The audit trail of a case, episode, certification or fund request, as every case page shows it. */
import type { PrismaClient } from '../generated/prisma/client';

/**
 * Each event with who took it: the username and the display name (the workbench shows names, not
 * log-ins), the reason (原因) and the note (备注) as two fields.
 */
export async function auditHistory(prisma: Pick<PrismaClient, 'auditEvent' | 'user'>, caseId: string) {
  const events = await prisma.auditEvent.findMany({ where: { caseId }, orderBy: { seq: 'asc' } });
  const names = await displayNames(
    prisma,
    events.map((e) => e.actor),
  );
  return events.map((e) => ({
    seq: e.seq,
    at: e.at.toISOString(),
    actor: e.actor,
    actorName: names.get(e.actor) ?? null,
    role: e.actorRole,
    office: e.office,
    action: e.action,
    reason: e.reason,
    note: e.note,
    before: e.before,
    after: e.after,
  }));
}

/** Display names of users by username ('system' and unknown users have none). */
export async function displayNames(prisma: Pick<PrismaClient, 'user'>, usernames: string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(usernames.filter((u) => u !== 'system'))];
  if (!wanted.length) return new Map();
  const users = await prisma.user.findMany({ where: { username: { in: wanted } }, select: { username: true, displayName: true } });
  return new Map(users.map((u) => [u.username, u.displayName]));
}
