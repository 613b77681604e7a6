/**
 * The audit trail and the access logs are append-only at the database (migration
 * 20261201143000_append_only_audit): an update, a delete or a truncate is refused whoever sends it,
 * so a record of who decided or read what cannot be rewritten behind the service's back.
 */
import { randomUUID } from 'node:crypto';
import { testPrisma } from '../support/env';

const prisma = testPrisma();
const run = randomUUID();
const at = new Date();

afterAll(() => prisma.$disconnect());

const tables = {
  AuditEvent: () =>
    prisma.auditEvent.create({
      data: { caseId: `append-only-${run}`, seq: 1, at, actor: 'x', actorRole: 'window_clerk', office: 'taishan', action: 'a', after: {} },
    }),
  SecurityEvent: () =>
    prisma.securityEvent.create({
      data: { actor: 'x', actorRole: 'window_clerk', office: 'taishan', method: 'GET', path: `/x/${run}`, code: 'FORBIDDEN' },
    }),
  CaseActivity: () =>
    prisma.caseActivity.create({
      data: { recordId: `append-only-${run}`, kind: 'comment', actor: 'x', actorRole: 'window_clerk', office: 'taishan', at, text: '原文' },
    }),
  IdNumberRead: () =>
    prisma.idNumberRead.create({
      data: { personKey: `p-${run}`, username: 'x', role: 'window_clerk', office: 'taishan', route: '/people', at },
    }),
  RecipientReadLog: () =>
    prisma.recipientReadLog.create({
      data: {
        personKey: `p-${run}`,
        agency: 'taishan',
        username: 'x',
        role: 'reviewer',
        jurisdiction: 'taishan',
        route: '/assistance',
        at,
      },
    }),
} as const;

test.each(Object.keys(tables) as (keyof typeof tables)[])('%s rows cannot be changed, deleted or truncated', async (table) => {
  const row = await tables[table]();
  await expect(prisma.$executeRawUnsafe(`UPDATE "${table}" SET "at" = now() WHERE id = $1`, row.id)).rejects.toThrow(
    /audit records cannot be changed or deleted/,
  );
  await expect(prisma.$executeRawUnsafe(`DELETE FROM "${table}" WHERE id = $1`, row.id)).rejects.toThrow(
    /audit records cannot be changed or deleted/,
  );
  await expect(prisma.$executeRawUnsafe(`TRUNCATE "${table}"`)).rejects.toThrow(/audit records cannot be changed or deleted/);
  // and the row is still there, as written
  const count = await prisma.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "${table}" WHERE id = $1`, row.id);
  expect(Number(count[0]!.n)).toBe(1);
});
