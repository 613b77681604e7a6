/** The audit trail of a case, episode, certification or fund request, as every case page shows it. */
import type { PrismaClient } from '../generated/prisma/client';

/**
 * Each event with who took it: the username and the display name (the workbench shows names, not
 * log-ins), the reason (原因) and the note (备注) as two fields.
 */
export async function auditHistory(prisma: Pick<PrismaClient, 'auditEvent' | 'user' | 'caseActivity'>, caseId: string) {
  const [events, activities] = await Promise.all([
    prisma.auditEvent.findMany({ where: { caseId }, orderBy: { seq: 'asc' } }),
    // comments and the task's claims and reassignments (issue 18), beside the workflow's events
    prisma.caseActivity.findMany({ where: { recordId: caseId }, orderBy: { id: 'asc' } }),
  ]);
  const names = await displayNames(prisma, [
    ...events.map((e) => e.actor),
    ...activities.flatMap((a) => [a.actor, a.assigneeAfter ?? 'system']),
  ]);
  const fromWorkflow = events.map((e) => ({
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
  // Each activity sits after the workflow event it followed (its seq is that event's), in time order.
  const beside = activities.map((a) => ({
    seq: [...events].reverse().find((e) => e.at <= a.at)?.seq ?? 0,
    at: a.at.toISOString(),
    actor: a.actor,
    actorName: names.get(a.actor) ?? null,
    role: a.actorRole,
    office: a.office,
    action: a.kind,
    reason: null,
    note: a.kind === 'comment' ? a.text : a.assigneeAfter ? `办理人：${names.get(a.assigneeAfter) ?? a.assigneeAfter}` : (a.text ?? null),
    before: a.assigneeBefore !== null ? { assignee: a.assigneeBefore } : null,
    after: a.kind === 'comment' ? null : { assignee: a.assigneeAfter, stage: a.stage },
  }));
  return [...fromWorkflow, ...beside].sort((x, y) => x.at.localeCompare(y.at) || x.seq - y.seq);
}

/** Display names of users by username ('system' and unknown users have none). */
export async function displayNames(prisma: Pick<PrismaClient, 'user'>, usernames: string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(usernames.filter((u) => u !== 'system'))];
  if (!wanted.length) return new Map();
  const users = await prisma.user.findMany({ where: { username: { in: wanted } }, select: { username: true, displayName: true } });
  return new Map(users.map((u) => [u.username, u.displayName]));
}
