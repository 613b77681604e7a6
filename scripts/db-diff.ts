/**
 * `npm run db:diff -- <name>`: writes the SQL migration for the change of prisma/schema.prisma.
 * Prisma 6's wasm schema engine needs a live (empty) PostgreSQL even to compare two files, so this
 * starts a throwaway embedded one unless DATABASE_URL is set (nothing is written to either).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, projectRoot, startEmbeddedPostgres } from './lib/services';

async function main() {
  const name = process.argv[2];
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'db-diff-'));
  const pg = process.env.DATABASE_URL
    ? { url: process.env.DATABASE_URL, stop: async () => {} }
    : await startEmbeddedPostgres({ dataDir: path.join(tmp, 'pg'), port: await freePort(), database: 'diff', persistent: false });
  try {
    const run = spawnSync('bash', [path.join(projectRoot, 'scripts', 'db-diff.sh'), ...(name ? [name] : [])], {
      stdio: 'inherit',
      env: { ...process.env, DB_DIFF_URL: pg.url },
    });
    process.exitCode = run.status ?? 1; // db-diff.sh has said why
  } finally {
    await pg.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
