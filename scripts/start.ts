/**
 * `make start`: the whole service on one machine with embedded defaults. Starts the Temporal dev
 * server (state in .data/temporal.db, Web UI) unless TEMPORAL_ADDRESS is set, the embedded
 * PostgreSQL (data in .data/postgres) unless DATABASE_URL is set, applies migrations, seeds the
 * catalogue, demo users and holiday calendars, then runs the worker and the HTTP API. Ctrl-C stops
 * everything; the next start keeps the data. A start after a `kill -9` stops the servers the killed
 * run left behind (found by their pid files) before starting its own.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from '../platform/config';
import { createLogger } from '../platform/logger';
import { createPrisma } from '../platform/prisma';
import { bounded } from '../platform/lifecycle';
import { startApi, startWorker } from '../platform/service';
import { applyMigrations } from '../prisma/migrate';
import { DEMO_PASSWORD, seedAll } from '../prisma/seed';
import { isLiveProcess, projectRoot, readPidFile, startEmbeddedPostgres, startTemporalDevServer } from './lib/services';

// .data/ holds personal data (the read model, workflow histories, notices): whatever this process
// and the servers it starts create is readable by its owner only (001 §26 confidentiality).
process.umask(0o077);

/** The embedded default's token secret: generated once, kept in .data/ (never committed). */
function localJwtSecret(dataDir: string): string {
  const file = path.join(dataDir, 'jwt-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

/**
 * Takes group and other permissions off everything already in the data folder (files 600, folders
 * 700). As root the folder itself stays traversable (711): the embedded PostgreSQL runs as the
 * `postgres` user and must reach its data folder inside; nothing in it can be listed or read.
 */
function secureDataDir(dataDir: string) {
  mkdirSync(dataDir, { recursive: true });
  const walk = (p: string) => {
    const stat = lstatSync(p);
    if (stat.isSymbolicLink()) return;
    try {
      if ((stat.mode & 0o077) !== 0) chmodSync(p, stat.mode & 0o700);
    } catch {
      /* not ours (a server's own file when not root): left as its owner made it */
    }
    if (stat.isDirectory()) for (const name of readdirSync(p)) walk(path.join(p, name));
  };
  walk(dataDir);
  if (process.getuid?.() === 0) chmodSync(dataDir, 0o711);
}

/** What the orderly stop runs, in order; each step is bounded, so a dead server cannot hold it up. */
const stops: { what: string; ms: number; stop: () => Promise<void> }[] = [];
let stopping = false;
let dataDir = path.join(projectRoot, '.data');

async function shutdown(reason: string, code: number) {
  if (stopping) return;
  stopping = true;
  if (stops.length === 0) process.exit(code);
  console.log(`${reason}: stopping…`);
  for (const step of stops.reverse()) await bounded(step.what, step.ms, step.stop);
  const shown = path.relative(projectRoot, dataDir);
  console.log(`stopped; data kept in ${shown.startsWith('..') ? dataDir : shown}/`);
  process.exit(code);
}

async function main() {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  dataDir = path.resolve(projectRoot, config.DATA_DIR);
  secureDataDir(dataDir);
  const servicePidFile = path.join(dataDir, 'service.pid');
  const other = readPidFile(servicePidFile);
  if (other !== null && other !== process.pid && isLiveProcess(other, 'start.ts')) {
    throw new Error(`another \`make start\` (pid ${other}) runs on ${config.DATA_DIR}: stop it first (Ctrl-C there, or kill ${other})`);
  }
  writeFileSync(servicePidFile, `${process.pid}\n`);
  stops.push({ what: 'pid file', ms: 1000, stop: async () => rmSync(servicePidFile, { force: true }) });
  process.on('SIGINT', () => void shutdown('\nSIGINT', 0));
  process.on('SIGTERM', () => void shutdown('SIGTERM', 0));

  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    const pg = await startEmbeddedPostgres({
      dataDir: path.join(dataDir, 'postgres', 'data'),
      port: config.EMBEDDED_PG_PORT,
      database: 'medical_insurance',
      persistent: true,
    });
    stops.push({ what: 'PostgreSQL', ms: 20_000, stop: pg.stop });
    databaseUrl = pg.url;
  }
  let temporalAddress = config.TEMPORAL_ADDRESS;
  let temporalUi: string | null = null;
  if (!temporalAddress) {
    const temporal = await startTemporalDevServer({
      port: config.TEMPORAL_DEV_PORT,
      uiPort: config.TEMPORAL_UI_PORT,
      dbFile: path.join(dataDir, 'temporal.db'),
      namespace: config.TEMPORAL_NAMESPACE,
    });
    stops.push({ what: 'Temporal dev server', ms: 10_000, stop: temporal.stop });
    temporalAddress = temporal.url;
    temporalUi = `http://127.0.0.1:${config.TEMPORAL_UI_PORT}`;
  }
  const applied = await applyMigrations(databaseUrl);
  const prisma = createPrisma(databaseUrl, config.DATABASE_POOL_SIZE);
  stops.push({ what: 'database client', ms: 5_000, stop: () => prisma.$disconnect() });
  await seedAll(prisma);

  const embeddedAuth = !config.AUTH_JWKS_URL;
  const effective = embeddedAuth && !config.AUTH_JWT_SECRET ? { ...config, AUTH_JWT_SECRET: localJwtSecret(dataDir) } : config;
  const worker = await startWorker({ config: effective, temporalAddress, prisma, logger });
  stops.push({ what: 'worker', ms: 20_000, stop: () => worker.stop() });
  const api = await startApi({ config: effective, temporalAddress, prisma, logger, ensureSchedules: true });
  stops.push({ what: 'API', ms: 10_000, stop: () => api.stop() }); // stops run in reverse: API, worker, database client, servers

  const lines = [
    '',
    '江门医保经办服务 is running',
    `  API            ${api.url}`,
    `  workbench      ${api.url}/app/`,
    `  API docs       ${api.url}/docs`,
    `  readiness      ${api.url}/readyz`,
    `  metrics        ${api.url}/metrics (Prometheus)`,
    temporalUi ? `  Temporal UI    ${temporalUi}` : `  Temporal       ${temporalAddress} (namespace ${config.TEMPORAL_NAMESPACE})`,
    `  database       ${config.DATABASE_URL ? 'DATABASE_URL' : `embedded PostgreSQL on 127.0.0.1:${config.EMBEDDED_PG_PORT} (.data/postgres)`}`,
    applied.length ? `  migrations     applied ${applied.join(', ')}` : '  migrations     up to date',
    ...(embeddedAuth
      ? [
          `  demo log-in    POST ${api.url}/auth/token {"username":"taishan.clerk","password":"${DEMO_PASSWORD}"}`,
          '                 users: <county>.clerk|reviewer|approver|finance|fiscal|supervisor|hospital|panel for municipal, taishan, kaiping;',
          '                 municipal.admin; <county>.supervisor for every county (see README)',
        ]
      : []),
    'Ctrl-C stops everything; data stays in .data/.',
    '',
  ];
  console.log(lines.join('\n'));
}

main().catch(async (e: unknown) => {
  if (stopping) return; // a step of the start that the stop cut short (its client closed): not a failure of the start
  console.error(e instanceof ConfigError ? e.message : `start failed: ${e instanceof Error ? e.message : String(e)}`);
  await shutdown('start-up failed', 1);
});
