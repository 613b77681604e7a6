/**
 * `make test` / `npm test`: the whole suite against real servers. Starts an embedded PostgreSQL
 * (unless DATABASE_URL is set) and a Temporal dev server (unless TEMPORAL_ADDRESS is set), applies
 * the migrations, seeds the catalogue, demo users and calendars, runs jest, and stops what it
 * started. The Java time-skipping server is started by the workflow tests themselves. A missing tool or server fails the run: nothing is skipped.
 * Arguments are passed to jest (e.g. `npm test -- test/unit`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createPrisma } from '../platform/prisma';
import { seedAll } from '../prisma/seed';
import { projectRoot, startThrowawayServers, toolsBin } from './lib/services';

async function main(): Promise<number> {
  const testServer = path.join(toolsBin, 'temporal-test-server');
  for (const tool of [path.join(toolsBin, 'temporal'), testServer]) {
    if (!existsSync(tool)) throw new Error(`${path.relative(projectRoot, tool)} is missing: run \`npm run install-tools\` first`);
  }

  const servers = await startThrowawayServers('test');
  try {
    const { databaseUrl, temporalAddress } = servers;
    // Seeded once here, before jest's parallel workers share the database.
    const prisma = createPrisma(databaseUrl, 2);
    await seedAll(prisma).finally(() => prisma.$disconnect());
    const jest = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), ...process.argv.slice(2)], {
      stdio: 'inherit',
      cwd: projectRoot,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        TEMPORAL_ADDRESS: temporalAddress,
        TEMPORAL_TEST_SERVER_PATH: testServer,
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
        // names this run, so the e2e files build the workbench once between them (test/support/browser.ts)
        TEST_RUN_ID: `${process.pid}-${Date.now()}`,
      },
    });
    return jest.status ?? 1;
  } finally {
    await servers.stop();
  }
}

// Ctrl-C or a CI timeout: still stop the servers (the finally block) before leaving.
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    /* jest gets it too; main() then cleans up */
  });

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`test: ${e.message}`);
    process.exit(1);
  },
);
