/** Administrable policy settings (the regulation leaves them to the agency), with their defaults. */
import type { PrismaClient } from '../generated/prisma/client';

export async function policyValue<T>(prisma: Pick<PrismaClient, 'policySetting'>, key: string, fallback: T): Promise<T> {
  const row = await prisma.policySetting.findUnique({ where: { key } });
  return row ? (row.value as T) : fallback;
}
