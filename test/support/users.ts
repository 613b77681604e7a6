/**
 * Users a test needs beyond the demo ones (a second reviewer, a county no other test file uses), with
 * the demo password, so a file's totals are its own while other files share the database.
 */
import type { PrismaClient } from '../../platform/prisma';
import type { Jurisdiction, Role } from '../../domain/people';

export async function ensureUsers(
  prisma: PrismaClient,
  users: { username: string; displayName: string; role: Role; jurisdiction: Jurisdiction }[],
): Promise<void> {
  const demo = await prisma.user.findUniqueOrThrow({ where: { username: 'taishan.clerk' }, select: { passwordHash: true } });
  await prisma.user.createMany({ data: users.map((u) => ({ ...u, passwordHash: demo.passwordHash })), skipDuplicates: true });
}
