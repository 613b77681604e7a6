/**
 * `npm run bench [-- --cases 1000 --concurrency 1,8,32 --warmup N --results-dir bench/results]`:
 * what the service costs over bare Temporal, on the embedded defaults, in one process and against
 * the same servers, at each concurrency level in one run (issue 19: ratio >= 0.6, p99 within 2x).
 *
 * - bare: workflow start + 3 Updates straight on the Temporal client, against bench/bare-workflow.ts
 *   (no API, no database, no activities) on its own worker and task queue;
 * - full: POST /cases, then accept (clerk), review (reviewer), complete (approver) through the real
 *   HTTP API, worker and PostgreSQL read model.
 *
 * Per level, bare runs first, then full; levels in the order given. Each case is one async loop
 * iteration in a pool of `concurrency` loops. Starts an embedded PostgreSQL and a Temporal dev
 * server in a temp dir unless DATABASE_URL / TEMPORAL_ADDRESS are set. Prints a table per level and
 * writes them all to one JSON file with the machine, the load average and the git commit.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Client } from '@temporalio/client';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import { loadConfig, type Config } from '../platform/config';
import { createLogger } from '../platform/logger';
import { startApi, startWorker } from '../platform/service';
import { connectClient, connectWorker, installTemporalRuntime } from '../platform/temporal';
import { DEMO_PASSWORD, seedAll } from '../prisma/seed';
import { projectRoot, startThrowawayServers } from '../scripts/lib/services';
import { bareCase, bumpUpdate } from './bare-workflow';
import { gitCommit, loadAvg, machine } from './run-info';
import { type CpuPids, cpuPerCase, cpuSnapshot } from './cpu';

const ACTIONS = ['create', 'accept', 'review', 'complete'] as const;
type Action = (typeof ACTIONS)[number];
type Samples = Record<Action, number[]>;

interface PhaseResult {
  cases: number;
  wallMs: number;
  throughputPerSec: number;
  latencyMs: Record<Action, { p50: number; p99: number }>;
  /** CPU ms per case of each process over the measured cases (see bench/cpu.ts); null: not counted here */
  cpuMsPerCase: ReturnType<typeof cpuPerCase>;
}

export interface BenchOptions {
  cases: number;
  levels: number[];
  /** warm-up cases per path and level; -1 → one per loop */
  warmup: number;
  resultsDir: string;
}

export function parseArgs(argv: string[]): BenchOptions {
  const opts: BenchOptions = { cases: 1000, levels: [1, 8, 32], warmup: -1, resultsDir: path.join(__dirname, 'results') };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2);
    const key = flag!.replace(/^--/, '');
    const raw = inline ?? argv[++i];
    if (key === 'results-dir') {
      if (!raw) throw new Error('--results-dir needs a folder');
      opts.resultsDir = path.resolve(raw);
      continue;
    }
    if (key === 'concurrency') {
      const levels = String(raw).split(',').map(Number);
      if (!levels.length || levels.some((l) => !Number.isInteger(l) || l < 1))
        throw new Error('--concurrency needs positive integers, e.g. 1,8,32');
      opts.levels = levels;
      continue;
    }
    if (key !== 'cases' && key !== 'warmup') {
      throw new Error(`unknown option ${argv[i]} (expected --cases, --concurrency, --warmup, --results-dir)`);
    }
    const value = Number(raw);
    if (!Number.isInteger(value) || value < (key === 'warmup' ? 0 : 1))
      throw new Error(`--${key} needs a ${key === 'warmup' ? 'non-negative' : 'positive'} integer`);
    opts[key] = value;
  }
  return opts;
}

/** Warm-up (JIT, connection pools, worker pollers, sticky caches) defaults to one case per loop. */
const warmupFor = (opts: BenchOptions, concurrency: number) => (opts.warmup < 0 ? Math.min(concurrency, opts.cases) : opts.warmup);

/** Runs `one(i)` for i in [0, n) on `concurrency` async loops; the first error stops every loop. */
async function runPool(n: number, concurrency: number, label: string | null, one: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  let done = 0;
  let failed: unknown = null;
  const step = Math.max(1, Math.ceil(n / 4));
  const loop = async () => {
    while (failed === null && !interrupted && next < n) {
      const i = next++;
      try {
        await one(i);
      } catch (e) {
        failed ??= e;
        return;
      }
      done++;
      if (label && (done % step === 0 || done === n)) console.log(`  ${label}: ${done}/${n}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, loop));
  if (failed !== null) throw failed;
  if (interrupted) throw new Error('interrupted');
}

/** Nearest-rank percentile, in ms rounded to 0.1. */
function percentile(sorted: number[], q: number): number {
  const v = sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? NaN;
  return Math.round(v * 10) / 10;
}

function summarise(cases: number, wallMs: number, samples: Samples, cpuMsPerCase: PhaseResult['cpuMsPerCase']): PhaseResult {
  const latencyMs = {} as PhaseResult['latencyMs'];
  for (const a of ACTIONS) {
    const sorted = [...samples[a]].sort((x, y) => x - y);
    latencyMs[a] = { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99) };
  }
  return { cases, wallMs: Math.round(wallMs), throughputPerSec: Math.round((cases / (wallMs / 1000)) * 10) / 10, latencyMs, cpuMsPerCase };
}

const newSamples = (): Samples => ({ create: [], accept: [], review: [], complete: [] });

async function timed<T>(samples: Samples | null, action: Action, run: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const out = await run();
  samples?.[action].push(performance.now() - t0);
  return out;
}

/** Runs the measured cases of a phase on the pool: their wall time, latencies and CPU per case. */
async function measured(
  pids: CpuPids,
  cases: number,
  concurrency: number,
  label: string,
  runCase: (i: number, samples: Samples) => Promise<void>,
): Promise<PhaseResult> {
  const samples = newSamples();
  const cpu0 = cpuSnapshot(pids);
  const t0 = performance.now();
  await runPool(cases, concurrency, label, (i) => runCase(i, samples));
  const wallMs = performance.now() - t0;
  return summarise(cases, wallMs, samples, cpuPerCase(cpu0, cpuSnapshot(pids), cases));
}

/** Bare floor: start + 3 Updates on the client, on a worker of its own (kept for every level, stopped at the end). */
async function startBare(opts: { config: Config; temporalAddress: string; client: Client; runTag: string; pids: CpuPids }) {
  const taskQueue = `bench-bare-${opts.runTag}`;
  const workflowBundle = await bundleWorkflowCode({ workflowsPath: path.join(__dirname, 'bare-workflow.ts'), logger: quietBundler });
  const connection = await connectWorker(opts.config, opts.temporalAddress);
  const worker = await Worker.create({ connection, namespace: opts.config.TEMPORAL_NAMESPACE, taskQueue, workflowBundle });
  const running = worker.run();
  const runCase = async (workflowId: string, samples: Samples | null) => {
    const handle = await timed(samples, 'create', () => opts.client.workflow.start(bareCase, { workflowId, taskQueue }));
    for (const action of ['accept', 'review', 'complete'] as const) {
      const count = await timed(samples, action, () => handle.executeUpdate(bumpUpdate, { args: [action] }));
      if (action === 'complete' && count !== 3) throw new Error(`bare ${workflowId}: third Update returned ${count}`);
    }
  };
  return {
    async run(level: { tag: string; cases: number; concurrency: number; warmup: number }): Promise<PhaseResult> {
      await runPool(level.warmup, level.concurrency, null, (i) => runCase(`bench-bare-${level.tag}-warm-${i}`, null));
      return measured(opts.pids, level.cases, level.concurrency, `bare c=${level.concurrency}`, (i, samples) =>
        runCase(`bench-bare-${level.tag}-${i}`, samples),
      );
    },
    async stop() {
      worker.shutdown();
      await running.catch(() => {});
      await connection.close();
    },
  };
}

/** Full path: the four HTTP calls of a case through the real service. */
async function benchFull(opts: {
  apiUrl: string;
  tag: string;
  cases: number;
  concurrency: number;
  warmup: number;
  pids: CpuPids;
}): Promise<PhaseResult> {
  const call = async (token: string | null, urlPath: string, body: unknown, expect: number) => {
    const res = await fetch(`${opts.apiUrl}${urlPath}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status !== expect) throw new Error(`POST ${urlPath}: ${res.status} (expected ${expect}): ${text.slice(0, 300)}`);
    return JSON.parse(text);
  };
  const login = async (username: string) => (await call(null, '/auth/token', { username, password: DEMO_PASSWORD }, 200)).token as string;
  const clerk = await login('taishan.clerk');
  const reviewer = await login('taishan.reviewer');
  const approver = await login('taishan.approver');

  const runCase = async (applicationNo: string, samples: Samples | null) => {
    const created = await timed(samples, 'create', () =>
      call(
        clerk,
        '/cases',
        {
          itemCode: '442189209003',
          applicationNo,
          jurisdiction: 'taishan',
          applicant: { name: '测试', idNumber: '440781196001011234' },
        },
        201,
      ),
    );
    const actions = `/cases/${encodeURIComponent(created.id)}/actions`;
    await timed(samples, 'accept', () => call(clerk, actions, { action: 'accept' }, 200));
    await timed(samples, 'review', () => call(reviewer, actions, { action: 'review' }, 200));
    const done = await timed(samples, 'complete', () => call(approver, actions, { action: 'complete' }, 200));
    if (done.status !== 'completed') throw new Error(`${created.id}: status ${done.status} after complete`);
  };
  await runPool(opts.warmup, opts.concurrency, null, (i) => runCase(`BW-${opts.tag}-${i}`, null));
  return measured(opts.pids, opts.cases, opts.concurrency, `full c=${opts.concurrency}`, (i, samples) =>
    runCase(`BF-${opts.tag}-${i}`, samples),
  );
}

const quietBundler = {
  log() {},
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error(message: string, meta?: Record<string, unknown>) {
    console.error(message, meta ?? '');
  },
};

const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;

export interface LevelResult {
  concurrency: number;
  cases: number;
  warmup: number;
  loadAvgBefore: number[];
  loadAvgAfter: number[];
  bare: PhaseResult;
  full: PhaseResult;
  ratio: { throughput: number; latency: Record<Action, { p50: number; p99: number }> };
  /** the issue 19 goal at this level: throughput ratio >= 0.6 and every action's p99 <= 2x bare */
  goalMet: boolean;
}

function compare(full: PhaseResult, bare: PhaseResult) {
  return {
    throughput: ratio(full.throughputPerSec, bare.throughputPerSec),
    latency: Object.fromEntries(
      ACTIONS.map((a) => [
        a,
        { p50: ratio(full.latencyMs[a].p50, bare.latencyMs[a].p50), p99: ratio(full.latencyMs[a].p99, bare.latencyMs[a].p99) },
      ]),
    ) as Record<Action, { p50: number; p99: number }>,
  };
}

function reportLevel(l: LevelResult) {
  const col = (s: string | number, w = 14) => String(s).padStart(w);
  const lines = [
    '',
    `concurrency ${l.concurrency}: ${l.cases} cases, warm-up ${l.warmup} per path (not counted); bare, then full; ` +
      `load average ${l.loadAvgBefore.join(' ')} → ${l.loadAvgAfter.join(' ')}`,
    `${''.padEnd(22)}${col('full')}${col('bare')}${col('full/bare')}`,
    `${'throughput (cases/s)'.padEnd(22)}${col(l.full.throughputPerSec)}${col(l.bare.throughputPerSec)}${col(l.ratio.throughput)}`,
  ];
  for (const a of ACTIONS) {
    for (const q of ['p50', 'p99'] as const) {
      const name = `${a === 'create' ? 'create/start' : a} ${q} (ms)`;
      lines.push(`${name.padEnd(22)}${col(l.full.latencyMs[a][q])}${col(l.bare.latencyMs[a][q])}${col(l.ratio.latency[a][q])}`);
    }
  }
  for (const p of ['node', 'temporal', 'postgres', 'total'] as const) {
    const [f, b] = [l.full.cpuMsPerCase[p], l.bare.cpuMsPerCase[p]];
    if (f === null || b === null) continue;
    lines.push(`${`cpu/case ${p} (ms)`.padEnd(22)}${col(f)}${col(b)}${col(b > 0 ? ratio(f, b) : '-')}`);
  }
  lines.push(`goal (ratio >= 0.6, p99 <= 2x bare): ${l.goalMet ? 'met' : 'not met'}`);
  console.log(lines.join('\n'));
}

/** Per-action p99 of full against the bare one, and throughput: the issue 19 goal. */
const goalMet = (r: LevelResult['ratio']) => r.throughput >= 0.6 && ACTIONS.every((a) => r.latency[a].p99 <= 2);

let interrupted = false;

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  const generated = spawnSync('bash', [path.join(projectRoot, 'scripts', 'prisma.sh'), 'generate'], { encoding: 'utf8' });
  if (generated.status !== 0) throw new Error(`prisma generate failed:\n${generated.stderr}`);

  // Quiet by default so the output is the table; LOG_LEVEL=info shows the service's own logs.
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
  // Installed before any worker, so the SDK leaves SIGINT to us (see platform/temporal.ts). The bare
  // worker has no activities by design: the SDK's warning about that is dropped, other warnings kept.
  const sdkLogger = Object.create(logger) as typeof logger;
  sdkLogger.warn = ((meta: object, msg?: string) => {
    if (!msg?.startsWith('No activities registered')) logger.warn(meta, msg);
  }) as typeof logger.warn;
  installTemporalRuntime(sdkLogger);
  const runTag = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`.toUpperCase();
  const stops: (() => Promise<void>)[] = [];
  const throwaway = await startThrowawayServers('bench');
  try {
    const { databaseUrl, temporalAddress } = throwaway;
    const servers = `${process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded PostgreSQL'}, ${process.env.TEMPORAL_ADDRESS ? `TEMPORAL_ADDRESS ${temporalAddress}` : 'Temporal dev server (in-memory)'}`;
    // Other work on the machine skews every figure; the load average is kept with the results.
    const loadAvgAtStart = loadAvg();
    console.log(`bench: servers up (${servers}); run ${runTag}; load average ${loadAvgAtStart.join(' ')} on ${os.cpus().length} CPUs`);

    const config = loadConfig({
      ...process.env,
      HTTP_PORT: '0',
      TEMPORAL_TASK_QUEUE: `bench-full-${runTag}`,
      AUTH_JWT_SECRET: randomBytes(32).toString('hex'),
      AUTH_JWKS_URL: undefined,
    });
    // Loaded only now: the Prisma client it imports is the one generated above (absent on a fresh checkout).
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded late on purpose (see above)
    const { createPrisma } = require('../platform/prisma') as typeof import('../platform/prisma');
    // The service's own pool size (the embedded default), not one tuned for the benchmark.
    const prisma = createPrisma(databaseUrl);
    stops.push(() => prisma.$disconnect());
    await seedAll(prisma);
    const client = await connectClient(config, temporalAddress);
    stops.push(() => client.connection.close());

    const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
    const startRssMB = mb(process.memoryUsage().rss);
    // Counted only where this bench started the servers (a real cluster's CPU is elsewhere).
    const pids: CpuPids = { temporal: throwaway.temporalPid, postgres: throwaway.postgresPid };
    const bare = await startBare({ config, temporalAddress, client, runTag, pids });
    stops.push(() => bare.stop());
    const worker = await startWorker({ config, temporalAddress, prisma, logger });
    stops.push(() => worker.stop());
    const api = await startApi({ config, temporalAddress, prisma, logger });
    stops.push(() => api.stop());
    const serviceUpRssMB = mb(process.memoryUsage().rss);

    const levels: LevelResult[] = [];
    for (const concurrency of opts.levels) {
      const level = { tag: `${runTag}-C${concurrency}`, cases: opts.cases, concurrency, warmup: warmupFor(opts, concurrency) };
      const loadAvgBefore = loadAvg();
      const bareResult = await bare.run(level);
      const full = await benchFull({ apiUrl: api.url, pids, ...level });
      const r = compare(full, bareResult);
      const result: LevelResult = {
        concurrency,
        cases: opts.cases,
        warmup: level.warmup,
        loadAvgBefore,
        loadAvgAfter: loadAvg(),
        bare: bareResult,
        full,
        ratio: r,
        goalMet: goalMet(r),
      };
      reportLevel(result);
      levels.push(result);
    }

    const rssMB = mb(process.memoryUsage().rss);
    const peakRssMB = mb(process.resourceUsage().maxRSS * 1024);
    console.log(
      `\nrss of this process at the end: ${rssMB} MB (peak ${peakRssMB} MB; ${startRssMB} MB before, ${serviceUpRssMB} MB with the ` +
        'workers and the API up). The workers, the API and the clients run in this process; Temporal and PostgreSQL are not counted.\n' +
        'create/start: full waits for the first workflow task and the read-model write; bare returns once the server has recorded\n' +
        '  the start, so its first Update (accept) pays for the first task.',
    );

    const timestamp = new Date().toISOString();
    mkdirSync(opts.resultsDir, { recursive: true });
    // Colons are left out of the file name (they trouble Windows and some tools).
    const file = path.join(opts.resultsDir, `service-case-${timestamp.replace(/:/g, '-')}.json`);
    writeFileSync(
      file,
      `${JSON.stringify(
        {
          timestamp,
          run: runTag,
          git: gitCommit(),
          machine: machine(),
          servers,
          loadAvgAtStart,
          loadAvgAtEnd: loadAvg(),
          cases: opts.cases,
          order: 'per level: bare, then full',
          levels,
          rssMB,
          startRssMB,
          serviceUpRssMB,
          peakRssMB,
          rssNote:
            'process.memoryUsage().rss of the bench process, which runs the workers, the API and the clients; Temporal and PostgreSQL are separate processes',
        },
        null,
        2,
      )}\n`,
    );
    console.log(`results: ${path.relative(process.cwd(), file)}`);
    return 0;
  } finally {
    for (const stop of stops.reverse()) await stop().catch((e) => console.error(`stop: ${e.message}`));
    await throwaway.stop();
  }
}

// Ctrl-C: the loops stop taking cases, then main()'s finally stops everything it started.
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    interrupted = true;
  });

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`bench: ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  },
);
