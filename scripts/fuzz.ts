/**
 * `npm run fuzz [-- --examples N --phases examples,fuzzing --roles taishan.clerk,…]`: schema-driven
 * fuzzing of every operation in /docs/json with schemathesis (PyPI), once per role, failing on any
 * 5xx answer or any reply that does not match its declared response schema.
 *
 * Schemathesis is installed on first use into the git-ignored .tools/schemathesis-venv. The service
 * runs in this process (worker + API on a free port) against a database of its own: a fresh one on
 * the PostgreSQL server of DATABASE_URL (created, migrated and seeded here, dropped afterwards), or
 * a throwaway embedded PostgreSQL and Temporal dev server when DATABASE_URL / TEMPORAL_ADDRESS are
 * not set. The fuzzer's administrator calls (holiday calendars, policies, templates) therefore never
 * touch anyone else's data. The CI suite runs a small budget (test/fuzz/schemathesis.test.ts).
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Client as PgClient } from 'pg';
import { loadConfig } from '../platform/config';
import { createLogger } from '../platform/logger';
import { createPrisma } from '../platform/prisma';
import { startApi, startWorker } from '../platform/service';
import { applyMigrations } from '../prisma/migrate';
import { DEMO_PASSWORD, seedAll } from '../prisma/seed';
import { projectRoot, startThrowawayServers } from './lib/services';

const SCHEMATHESIS_VERSION = '4.32.5';
const venv = path.join(projectRoot, '.tools', 'schemathesis-venv');
const schemathesis = path.join(venv, 'bin', 'schemathesis');

/** One role per kind of user, in two offices: what each may call differs, so does what it reaches. */
const defaultRoles = [
  'taishan.clerk',
  'taishan.reviewer',
  'taishan.hospital',
  'taishan.finance',
  'municipal.supervisor',
  'municipal.admin',
];

interface Options {
  examples: number;
  phases: string;
  roles: string[];
  seed: number;
  workers: number;
}

function parseArgs(argv: string[]): Options {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return {
    examples: Number(get('examples') ?? 20),
    phases: get('phases') ?? 'examples,coverage,fuzzing',
    roles: (get('roles') ?? defaultRoles.join(',')).split(',').filter(Boolean),
    seed: Number(get('seed') ?? 1),
    workers: Number(get('workers') ?? 2),
  };
}

function ensureSchemathesis(): void {
  if (existsSync(schemathesis)) return;
  console.log(`fuzz: installing schemathesis ${SCHEMATHESIS_VERSION} from PyPI into .tools/schemathesis-venv`);
  mkdirSync(path.dirname(venv), { recursive: true });
  const steps: [string, string[]][] = [
    ['python3', ['-m', 'venv', venv]],
    [path.join(venv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', `schemathesis==${SCHEMATHESIS_VERSION}`]],
  ];
  for (const [cmd, args] of steps) {
    const run = spawnSync(cmd, args, { stdio: 'inherit' });
    if (run.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${run.status})`);
  }
}

/** A database of our own on the server of `baseUrl`: created, migrated, seeded; dropped by `drop`. */
async function ownDatabase(baseUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `fuzz_${randomBytes(4).toString('hex')}`;
  const admin = new PgClient({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new PgClient({ connectionString: baseUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

interface RoleResult {
  role: string;
  exitCode: number;
  operations: number;
  requests: number;
  failures: number;
  errors: number;
  summary: string;
}

function runSchemathesis(baseUrl: string, token: string, role: string, o: Options, reportDir: string): Promise<RoleResult> {
  const ndjson = path.join(reportDir, `${role}.ndjson`);
  const args = [
    'run',
    `${baseUrl}/docs/json`,
    '--url',
    baseUrl,
    '--checks',
    'not_a_server_error,response_schema_conformance',
    '--max-examples',
    String(o.examples),
    '--phases',
    o.phases,
    '--seed',
    String(o.seed),
    '--workers',
    String(o.workers),
    '--header',
    `Authorization: Bearer ${token}`,
    '--request-timeout',
    '20',
    '--no-shrink',
    '--suppress-health-check',
    'all',
    '--warnings',
    'off',
    '--output-truncate',
    'true',
    '--report',
    'ndjson',
    '--report-ndjson-path',
    ndjson,
  ];
  return new Promise((resolve, reject) => {
    // cwd: schemathesis keeps its cache (.schemathesis/) beside the reports, out of the work tree.
    const child = spawn(schemathesis, args, { cwd: reportDir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const found = figures(ndjson);
      const internal = /(\d+) errors? in [\d.]+s/.exec(out);
      resolve({ role, exitCode: code ?? 1, ...found, errors: Math.max(found.errors, internal ? Number(internal[1]) : 0), summary: out });
    });
  });
}

/** Operations, requests and failures of one run, from schemathesis' NDJSON event log. */
function figures(ndjson: string): Omit<RoleResult, 'role' | 'exitCode' | 'summary'> {
  let requests = 0;
  const operations = new Set<string>();
  const failures = new Set<string>();
  let errors = 0;
  if (existsSync(ndjson)) {
    for (const line of readFileSync(ndjson, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const event = JSON.parse(line) as Record<string, any>;
      const finished = event.ScenarioFinished;
      if (finished && finished.status !== 'skip') {
        const label = String(finished.recorder?.label ?? '?');
        operations.add(label);
        requests += Object.keys(finished.recorder?.interactions ?? {}).length;
        for (const checks of Object.values<any>(finished.recorder?.checks ?? {})) {
          for (const c of checks as any[]) if (String(c.status).toLowerCase() === 'failure') failures.add(`${label}: ${c.name}`);
        }
      }
      if (event.NonFatalError) errors += 1;
    }
  }
  return { operations: operations.size, requests, failures: failures.size, errors };
}

async function main(): Promise<number> {
  const o = parseArgs(process.argv.slice(2));
  ensureSchemathesis();
  const started = Date.now();
  const stops: (() => Promise<void>)[] = [];
  try {
    let databaseUrl: string;
    let temporalAddress = process.env.TEMPORAL_ADDRESS;
    if (process.env.DATABASE_URL && temporalAddress) {
      const db = await ownDatabase(process.env.DATABASE_URL);
      stops.push(db.drop);
      databaseUrl = db.url;
    } else {
      const servers = await startThrowawayServers('fuzz');
      stops.push(servers.stop);
      databaseUrl = servers.databaseUrl;
      temporalAddress = servers.temporalAddress;
    }
    await applyMigrations(databaseUrl);
    const prisma = createPrisma(databaseUrl, 8);
    stops.push(() => prisma.$disconnect());
    await seedAll(prisma);
    const logger = createLogger(process.env.LOG_LEVEL ?? 'silent');
    const config = loadConfig({
      ...process.env,
      HTTP_PORT: '0',
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_TASK_QUEUE: `fuzz-${randomBytes(4).toString('hex')}`,
      AUTH_JWT_SECRET: randomBytes(32).toString('hex'),
      AUTH_JWKS_URL: undefined,
    });
    const worker = await startWorker({ config, temporalAddress: temporalAddress!, prisma, logger });
    stops.push(() => worker.stop());
    const api = await startApi({ config, temporalAddress: temporalAddress!, prisma, logger });
    stops.push(() => api.stop());

    const reportDir = path.join(projectRoot, 'test', 'output', 'fuzz');
    rmSync(reportDir, { recursive: true, force: true });
    mkdirSync(reportDir, { recursive: true });
    // Every token first: the fuzzed log-in calls soon meet the log-in rate limit (429, as documented).
    const tokens = new Map<string, string>();
    for (const role of o.roles) {
      const res = await fetch(`${api.url}/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: role, password: DEMO_PASSWORD }),
      });
      if (!res.ok) throw new Error(`log-in of ${role} failed: HTTP ${res.status}`);
      tokens.set(role, ((await res.json()) as { token: string }).token);
    }
    const openapi = (await (await fetch(`${api.url}/docs/json`)).json()) as { paths: Record<string, object> };
    const operationCount = Object.values(openapi.paths).reduce((n, ops) => n + Object.keys(ops).length, 0);
    const results: RoleResult[] = [];
    for (const role of o.roles) {
      const result = await runSchemathesis(api.url, tokens.get(role)!, role, o, reportDir);
      results.push(result);
      // A failed check (5xx, a reply outside its schema) fails the run; so does a run that did not
      // reach every operation. Schemathesis' own internal errors are shown and counted apart.
      const failed = result.failures > 0 || result.operations < operationCount || (result.exitCode !== 0 && result.errors === 0);
      result.exitCode = failed ? 1 : 0;
      console.log(
        `fuzz: ${role}: ${failed ? 'FAILED' : 'ok'} — ${result.operations} operations, ${result.requests} requests, ` +
          `${result.failures} failures${result.errors ? `, ${result.errors} schemathesis errors` : ''}`,
      );
      if (failed || result.errors) console.log(result.summary.split('\n').slice(-200).join('\n').slice(-20_000));
    }
    const total = (k: 'operations' | 'requests' | 'failures') => results.reduce((s, r) => s + r[k], 0);
    console.log(
      `fuzz: ${results.length} roles, ${total('requests')} requests over ${Math.max(...results.map((r) => r.operations))} operations, ` +
        `${total('failures')} failures, ${Math.round((Date.now() - started) / 1000)} s (reports in test/output/fuzz/)`,
    );
    return results.every((r) => r.exitCode === 0) ? 0 : 1;
  } finally {
    for (const stop of stops.reverse()) await stop().catch((e: unknown) => console.error(`fuzz: stop failed: ${String(e)}`));
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`fuzz: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
