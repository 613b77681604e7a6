/**
 * What the suite's harness (scripts/test.ts) provides. A missing value means the harness did not
 * run or a server is missing: the test fails loudly rather than skipping.
 */
import { createLogger } from '../../platform/logger';
import { createPrisma, type PrismaClient } from '../../platform/prisma';

export function requiredEnv(name: 'DATABASE_URL' | 'TEMPORAL_ADDRESS' | 'TEMPORAL_TEST_SERVER_PATH'): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the suite with \`make test\` (scripts/test.ts starts the servers)`);
  return value;
}

export const testLogger = createLogger(process.env.LOG_LEVEL ?? 'silent');

export function testPrisma(): PrismaClient {
  return createPrisma(requiredEnv('DATABASE_URL'), 4);
}

/** A unique application number, so test files can share one database. */
export function applicationNo(prefix = 'T'): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`.toUpperCase();
}
