/**
 * Two worker processes (`npm run worker`) and the API (`npm run api`), real child processes on one
 * task queue, under the faults of issue 13: a batch of service cases driven through the HTTP API
 * while one worker is killed (SIGKILL), PostgreSQL is stopped for a few seconds and the Temporal
 * server is restarted. Every case must reach its right state with each audit event written exactly
 * once: the audit rows of a case are exactly its workflow's versions 1..N, one per decision, none
 * doubled, none lost (issue 19, issue 13 "Proven"). The PostgreSQL and Temporal dev server (state
 * in a file) are this test's own, so stopping them disturbs no other test file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { createPrisma, type PrismaClient } from '../../platform/prisma';
import { applyMigrations } from '../../prisma/migrate';
import { DEMO_PASSWORD, seedAll } from '../../prisma/seed';
import { freePort, projectRoot, startTemporalDevServer } from '../../scripts/lib/services';
import { applicationNo } from '../support/env';

const CASES = 12;
const RETIREMENT = '442189209003'; // 申请-受理-审核-办结
const steps = [
  ['taishan.reviewer', 'review'],
  ['taishan.approver', 'complete'],
] as const;
const taskQueue = `it-two-workers-${randomUUID()}`;
const pgDir = mkdtempSync(path.join(os.tmpdir(), 'mi-two-workers-'));

let pgPort: number;
let temporalPort: number;
let temporal: { url: string; stop(): Promise<void> };
let pg: { url: string; stop(): Promise<void> };
let databaseUrl: string;
let prisma: PrismaClient;
let api: ServiceProcess;
const workers: ServiceProcess[] = [];

/** This test's own PostgreSQL, in a process of its own (scripts/embedded-postgres.ts), on one data folder. */
function startPostgres(): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'scripts/embedded-postgres.ts', path.join(pgDir, 'data'), String(pgPort), 'two_workers'],
    { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.stdout!.on('data', (d: Buffer) => {
      output += d.toString();
      const line = output.split('\n').find((l) => l.startsWith('{"url"'));
      if (line)
        resolve({
          url: JSON.parse(line).url,
          stop: async () => {
            child.kill('SIGTERM');
            await exited;
          },
        });
    });
    void exited.then(() => reject(new Error(`PostgreSQL did not start: ${output}`)));
  });
}

type ServiceProcess = { child: ChildProcess; output: () => string; exited: Promise<number | null>; url: string };

/** `npm run worker` or `npm run api` as a child process, with its health endpoint's base URL. */
function startProcess(entry: 'worker/main.ts' | 'api/main.ts', port: number, env: NodeJS.ProcessEnv): ServiceProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporal.url,
      TEMPORAL_TASK_QUEUE: taskQueue,
      LOG_LEVEL: 'error',
      ...env,
    },
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited, url: `http://127.0.0.1:${port}` };
}

async function startWorkerProcess() {
  const [port, metricsPort] = await Promise.all([freePort(), freePort()]);
  const worker = startProcess('worker/main.ts', port, {
    WORKER_HEALTH_PORT: String(port),
    TEMPORAL_METRICS_BIND: `127.0.0.1:${metricsPort}`,
    WORKER_SHUTDOWN_GRACE_MS: '2000',
  });
  workers.push(worker);
  return worker;
}

async function untilReady(service: ServiceProcess, ms = 90_000) {
  for (const until = Date.now() + ms; Date.now() < until; ) {
    if (service.child.exitCode !== null) throw new Error(`exited early:\n${service.output()}`);
    const ready = await fetch(`${service.url}/readyz`).then(
      (r) => r.json() as Promise<{ status?: string }>,
      () => null,
    );
    if (ready?.status === 'ready') return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`not ready within ${ms / 1000} s:\n${service.output()}`);
}

const startTemporal = () => startTemporalDevServer({ port: temporalPort, uiPort: null, dbFile: path.join(pgDir, 'temporal.db') });

beforeAll(async () => {
  pgPort = await freePort();
  temporalPort = await freePort();
  [pg, temporal] = await Promise.all([startPostgres(), startTemporal()]);
  databaseUrl = pg.url;
  await applyMigrations(databaseUrl);
  prisma = createPrisma(databaseUrl, 4);
  await seedAll(prisma);
  const apiPort = await freePort();
  api = startProcess('api/main.ts', apiPort, { HTTP_PORT: String(apiPort), AUTH_JWT_SECRET: randomBytes(32).toString('hex') });
  const [a, b] = await Promise.all([startWorkerProcess(), startWorkerProcess()]);
  await Promise.all([untilReady(api), untilReady(a), untilReady(b)]);
}, 180_000);

afterAll(async () => {
  // The processes' error logs, for whoever reads a failed run (test/output is kept by CI).
  mkdirSync(path.join(projectRoot, 'test', 'output'), { recursive: true });
  writeFileSync(
    path.join(projectRoot, 'test', 'output', 'two-workers.log'),
    [api, ...workers].map((p, i) => `== ${i === 0 ? 'api' : `worker ${i}`}\n${p?.output() ?? ''}`).join('\n'),
  );
  for (const p of [...workers, api]) if (p && p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  await prisma?.$disconnect().catch(() => {});
  await pg?.stop().catch(() => {});
  await temporal?.stop().catch(() => {});
  rmSync(pgDir, { recursive: true, force: true });
});

/**
 * A clerk's client: retries a request with the same Idempotency-Key while the service answers 5xx
 * or cannot be reached (what the 503 SERVICE_UNAVAILABLE asks of it), for at most 2 minutes.
 */
async function call(token: string | null, method: string, url: string, body?: unknown, key?: string) {
  const statuses: (number | string)[] = [];
  for (const until = Date.now() + 120_000; ; ) {
    try {
      const res = await fetch(`${api.url}${url}`, {
        method,
        headers: {
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(key ? { 'idempotency-key': key } : {}),
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      });
      const text = await res.text();
      if (res.status < 500) return { status: res.status, body: text ? JSON.parse(text) : null, retries: statuses };
      statuses.push(res.status);
    } catch (e) {
      statuses.push((e as Error).message);
    }
    if (Date.now() > until) throw new Error(`${method} ${url} kept failing: ${statuses.join(', ')}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

test('a batch of cases survives a killed worker, a stopped PostgreSQL and a restarted Temporal: right states, each audit event once', async () => {
  const tokens: Record<string, string> = {};
  for (const user of ['taishan.clerk', 'taishan.reviewer', 'taishan.approver']) {
    tokens[user] = (await call(null, 'POST', '/auth/token', { username: user, password: DEMO_PASSWORD })).body.token;
  }
  let done = 0;
  const outcomes: { id: string; answers: number[]; retried: number }[] = [];
  const drive = async () => {
    const key = () => `tw-${randomUUID()}`;
    const appNo = applicationNo('TW');
    const created = await call(
      tokens['taishan.clerk']!,
      'POST',
      '/cases',
      { itemCode: RETIREMENT, applicationNo: appNo, jurisdiction: 'taishan', applicant: { name: '吴九', idNumber: '44078119580308123X' } },
      key(),
    );
    // 201, or 200 when an earlier try created it but its answer was lost (the case is the same).
    if (![200, 201].includes(created.status)) throw new Error(`create answered ${created.status}: ${JSON.stringify(created.body)}`);
    done++;
    const id = created.body.id as string;
    const answers = [created.status];
    let retried = created.retries.length;
    for (const [user, action] of [['taishan.clerk', 'accept'], ...steps] as const) {
      const res = await call(tokens[user]!, 'POST', `/cases/${encodeURIComponent(id)}/actions`, { action }, key());
      answers.push(res.status);
      retried += res.retries.length;
      done++;
    }
    outcomes.push({ id, answers, retried });
  };
  let failed: unknown;
  const until = async (n: number) => {
    while (done < n) {
      if (failed) throw failed;
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  const flows = Promise.all(Array.from({ length: CASES }, drive));
  flows.catch((e: unknown) => {
    failed = e;
  });
  const total = CASES * 4;
  await until(Math.floor(total / 4));
  workers[0]!.child.kill('SIGKILL'); // mid-way: its cached workflows and running activities are lost with it
  await until(Math.floor(total / 2));
  await pg.stop(); // PostgreSQL down for a few seconds while decisions are in flight
  await new Promise((r) => setTimeout(r, 3_000));
  pg = await startPostgres();
  await until(Math.floor((total * 3) / 4));
  await temporal.stop(); // and the Temporal server restarted on its own state
  temporal = await startTemporal();
  await flows;

  expect(await workers[0]!.exited).toBeNull(); // it was killed, not stopped
  expect(outcomes).toHaveLength(CASES);
  const client = new Client({ connection: await Connection.connect({ address: temporal.url }) });
  try {
    for (const { id, answers } of outcomes) {
      expect([id, answers.slice(1)]).toEqual([id, [200, 200, 200]]);
      const row = await prisma.serviceCase.findUniqueOrThrow({ where: { id } });
      expect([id, row.status, row.pendingStep]).toEqual([id, 'completed', null]);
      const final = (await client.workflow.getHandle(id).result()) as { version: number; status: string };
      const audit = await prisma.auditEvent.findMany({ where: { caseId: id }, orderBy: { seq: 'asc' } });
      expect([id, audit.map((e) => e.seq)]).toEqual([id, Array.from({ length: final.version }, (_, i) => i + 1)]);
      expect([id, audit.map((e) => e.action)]).toEqual([id, ['applied', 'accept', 'review', 'complete']]);
      expect(row.version).toBe(final.version);
    }
  } finally {
    await client.connection.close();
  }
  // The faults were felt: some requests were answered 503 (or not at all) and retried with their key.
  expect(outcomes.reduce((n, o) => n + o.retried, 0)).toBeGreaterThan(0);

  // The survivor's /metrics: the SDK's task latencies and the process's own figures.
  const survivor = workers[1]!;
  const metrics = await fetch(`${survivor.url}/metrics`).then((r) => r.text());
  expect(metrics).toMatch(/^temporal_workflow_task_schedule_to_start_latency_bucket\{/m);
  // The case's record writes run as local activities (patch record-event-local): either kind counts.
  expect(metrics).toMatch(/^temporal_(local_)?activity_execution_latency_count\{/m);
  expect(metrics).toMatch(/^process_resident_memory_bytes \d+/m);

  // The API and the surviving worker drain and stop in order on SIGTERM.
  api.child.kill('SIGTERM');
  expect(await api.exited).toBe(0);
  expect(api.output()).toContain('api: stopped');
  survivor.child.kill('SIGTERM');
  expect(await survivor.exited).toBe(0);
  expect(survivor.output()).toContain('worker: stopped');
}, 300_000);
