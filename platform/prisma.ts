/** The Prisma 7 client over node-postgres (driver adapter). */
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client';

export type { PrismaClient };

export function createPrisma(databaseUrl: string, poolSize = 10): PrismaClient {
  // A database that does not answer fails a request within seconds (503), not after a long wait.
  const pool = { connectionString: databaseUrl, max: poolSize, connectionTimeoutMillis: 3_000 };
  return new PrismaClient({ adapter: new PrismaPg(pool) });
}
