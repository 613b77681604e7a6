/**
 * `make start`: the whole service on one machine with embedded defaults. Starts the Temporal dev
 * server (state in .data/temporal.db, Web UI) unless TEMPORAL_ADDRESS is set, the embedded
 * PostgreSQL (data in .data/postgres) unless DATABASE_URL is set, applies migrations, seeds the
 * catalogue, demo users and holiday calendars, then runs the worker and the HTTP API. Ctrl-C stops
 * everything; the next start keeps the data.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from '../platform/config';
import { createLogger } from '../platform/logger';
import { createPrisma } from '../platform/prisma';
import { ensureSchedules } from '../platform/schedules';
import { startApi, startWorker } from '../platform/service';
import { applyMigrations } from '../prisma/migrate';
import { DEMO_PASSWORD, seedAll } from '../prisma/seed';
import { projectRoot, startEmbeddedPostgres, startTemporalDevServer, type RunningService } from './lib/services';

const dataDir = path.join(projectRoot, '.data');

/** The embedded default's token secret: generated once, kept in .data/ (never committed). */
function localJwtSecret(): string {
  const file = path.join(dataDir, 'jwt-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

const started: RunningService[] = [];
const stops: (() => Promise<void>)[] = [];
let stopping = false;

async function shutdown(reason: string, code: number) {
  if (stopping) return;
  stopping = true;
  if (stops.length + started.length === 0) process.exit(code);
  console.log(`${reason}: stopping…`);
  for (const stop of stops.reverse()) await stop().catch((e) => console.error(e.message));
  for (const s of started.reverse()) await s.stop().catch((e) => console.error(e.message));
  console.log('stopped; data kept in .data/');
  process.exit(code);
}

async function main() {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  mkdirSync(dataDir, { recursive: true });
  process.on('SIGINT', () => void shutdown('\nSIGINT', 0));
  process.on('SIGTERM', () => void shutdown('SIGTERM', 0));

  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    const pg = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'postgres', 'data'), port: config.EMBEDDED_PG_PORT, database: 'medical_insurance', persistent: true });
    started.push(pg);
    databaseUrl = pg.url;
  }
  let temporalAddress = config.TEMPORAL_ADDRESS;
  let temporalUi: string | null = null;
  if (!temporalAddress) {
    const temporal = await startTemporalDevServer({ port: config.TEMPORAL_DEV_PORT, uiPort: config.TEMPORAL_UI_PORT, dbFile: path.join(dataDir, 'temporal.db'), namespace: config.TEMPORAL_NAMESPACE });
    started.push(temporal);
    temporalAddress = temporal.url;
    temporalUi = `http://127.0.0.1:${config.TEMPORAL_UI_PORT}`;
  }
  const applied = await applyMigrations(databaseUrl);
  const prisma = createPrisma(databaseUrl);
  stops.push(() => prisma.$disconnect());
  await seedAll(prisma);

  const embeddedAuth = !config.AUTH_JWKS_URL;
  const effective = embeddedAuth && !config.AUTH_JWT_SECRET ? { ...config, AUTH_JWT_SECRET: localJwtSecret() } : config;
  const worker = await startWorker({ config: effective, temporalAddress, prisma, logger });
  stops.push(() => worker.stop());
  const api = await startApi({ config: effective, temporalAddress, prisma, logger });
  await ensureSchedules(api.client, config.TEMPORAL_TASK_QUEUE);
  stops.push(() => api.stop()); // stops run in reverse: API, worker, database client, then the servers

  const lines = [
    '',
    '江门医保经办服务 is running',
    `  API            ${api.url}`,
    `  workbench      ${api.url}/app/`,
    `  API docs       ${api.url}/docs`,
    `  readiness      ${api.url}/readyz`,
    temporalUi ? `  Temporal UI    ${temporalUi}` : `  Temporal       ${temporalAddress} (namespace ${config.TEMPORAL_NAMESPACE})`,
    `  database       ${config.DATABASE_URL ? 'DATABASE_URL' : `embedded PostgreSQL on 127.0.0.1:${config.EMBEDDED_PG_PORT} (.data/postgres)`}`,
    applied.length ? `  migrations     applied ${applied.join(', ')}` : '  migrations     up to date',
    ...(embeddedAuth ? [
      `  demo log-in    POST ${api.url}/auth/token {"username":"taishan.clerk","password":"${DEMO_PASSWORD}"}`,
      '                 users: <county>.clerk|reviewer|approver|finance|fiscal|supervisor|hospital|panel for municipal, taishan, kaiping;',
      '                 municipal.admin; <county>.supervisor for every county (see README)',
    ] : []),
    'Ctrl-C stops everything; data stays in .data/.',
    '',
  ];
  console.log(lines.join('\n'));
}

main().catch(async (e) => {
  console.error(e instanceof ConfigError ? e.message : `start failed: ${e.message}`);
  await shutdown('start-up failed', 1);
});
