/**
 * `npm run bench:server [-- --cases 300 --rounds 4 --concurrency 32 --results-dir bench/results]`: what each
 * feature of the service's workflows costs the Temporal server, one at a time on the bare floor
 * (issue 19: the full path's case cost the dev server about twice what bare Temporal's does).
 *
 * Each variant is bench/server-cost-workflow.ts with one feature on: a start and 3 Updates per case,
 * as bench/service-case.bench.ts's bare path, with no API and no database. Per variant: throughput,
 * and CPU per case of the dev server and of this process. Variants run in turn against one dev
 * server (in memory, started here unless TEMPORAL_ADDRESS is set; then its CPU is not counted). An
 * in-memory server gets slower as it holds more runs, so the cases are split into rounds that take
 * the variants in alternating order (forwards, backwards, …): each variant meets the same drift.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import { loadConfig } from '../platform/config';
import { createLogger } from '../platform/logger';
import { connectClient, connectWorker, installTemporalRuntime } from '../platform/temporal';
import { freePort, startTemporalDevServer } from '../scripts/lib/services';
import { cpuPerCase, cpuSnapshot } from './cpu';
import { gitCommit, loadAvg, machine } from './run-info';
import { type Features, featureCase, stepUpdate } from './server-cost-workflow';

const none: Features = { patchMarkers: 0, timerPerUpdate: false, activityAtEnd: false, localActivityAtStart: false };
const VARIANTS: [string, Features][] = [
  ['bare', none],
  ['7 patch markers', { ...none, patchMarkers: 7 }],
  ['1 patch marker', { ...none, patchMarkers: 1 }],
  ['a timer per Update', { ...none, timerPerUpdate: true }],
  ['an activity at the end', { ...none, activityAtEnd: true }],
  ['a local activity at the start', { ...none, localActivityAtStart: true }],
];

function parseArgs(argv: string[]) {
  const opts = { cases: 300, concurrency: 32, rounds: 4, resultsDir: path.join(__dirname, 'results') };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2);
    const raw = inline ?? argv[++i];
    if (flag === '--results-dir' && raw) opts.resultsDir = path.resolve(raw);
    else if (['--cases', '--concurrency', '--rounds'].includes(flag!) && Number.isInteger(Number(raw)) && Number(raw) > 0)
      opts[flag!.slice(2) as 'cases' | 'concurrency' | 'rounds'] = Number(raw);
    else throw new Error(`unexpected ${argv[i]} (expected --cases N, --concurrency N, --rounds N, --results-dir DIR)`);
  }
  return opts;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  // The service's own connection settings (TLS, API key, namespace), so a real cluster can be measured too.
  const config = loadConfig();
  installTemporalRuntime(createLogger(process.env.LOG_LEVEL ?? 'warn'));
  const devServer = process.env.TEMPORAL_ADDRESS
    ? null
    : await startTemporalDevServer({ port: await freePort(), uiPort: null, dbFile: null, scratch: true });
  const address = process.env.TEMPORAL_ADDRESS ?? devServer!.url;
  const pids = { temporal: devServer?.process.pid };
  const client = await connectClient(config, address);
  const nativeConnection = await connectWorker(config, address);
  try {
    const taskQueue = `bench-server-cost-${Date.now().toString(36)}`;
    const silent = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: console.error };
    const workflowBundle = await bundleWorkflowCode({ workflowsPath: path.join(__dirname, 'server-cost-workflow.ts'), logger: silent });
    const worker = await Worker.create({
      connection: nativeConnection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue,
      workflowBundle,
      activities: { async noop() {} },
    });
    const loadAvgAtStart = loadAvg();
    const perRound = Math.max(1, Math.round(opts.cases / opts.rounds));
    const totals = VARIANTS.map(() => ({ cases: 0, wallMs: 0, temporalMs: 0 as number | null, nodeMs: 0 }));
    await worker.runUntil(async () => {
      for (let round = 0; round < opts.rounds; round++) {
        const order = VARIANTS.map((_, v) => v);
        if (round % 2 === 1) order.reverse();
        for (const v of order) {
          const features = VARIANTS[v]![1];
          const runCase = async (id: string) => {
            const handle = await client.workflow.start(featureCase, { args: [features], workflowId: id, taskQueue });
            for (const action of ['accept', 'review', 'complete']) await handle.executeUpdate(stepUpdate, { args: [action] });
            await handle.result();
          };
          const pool = async (n: number, prefix: string) => {
            let next = 0;
            const loop = async () => {
              while (next < n) await runCase(`${taskQueue}-${round}-${v}-${prefix}-${next++}`);
            };
            await Promise.all(Array.from({ length: Math.min(opts.concurrency, n) }, loop));
          };
          if (round === 0) await pool(opts.concurrency, 'warm'); // JIT, pollers, the sticky cache
          const before = cpuSnapshot(pids);
          const t0 = performance.now();
          await pool(perRound, 'case');
          const t = totals[v]!;
          t.wallMs += performance.now() - t0;
          const cpu = cpuPerCase(before, cpuSnapshot(pids), 1);
          t.cases += perRound;
          t.nodeMs += cpu.node;
          t.temporalMs = cpu.temporal === null || t.temporalMs === null ? null : t.temporalMs + cpu.temporal;
        }
        console.log(`  round ${round + 1}/${opts.rounds}`);
      }
    });
    const round1 = (x: number) => Math.round(x * 10) / 10;
    const rows = VARIANTS.map(([name, features], v) => {
      const t = totals[v]!;
      const row = {
        variant: name,
        features,
        cases: t.cases,
        casesPerSec: round1(t.cases / (t.wallMs / 1000)),
        cpuMsPerCase: { temporal: t.temporalMs === null ? null : round1(t.temporalMs / t.cases), node: round1(t.nodeMs / t.cases) },
      };
      console.log(
        `${name.padEnd(30)} ${String(row.casesPerSec).padStart(7)} cases/s   Temporal ${String(row.cpuMsPerCase.temporal ?? '-').padStart(5)} ms/case` +
          `   this process ${String(row.cpuMsPerCase.node).padStart(5)} ms/case`,
      );
      return row;
    });
    const timestamp = new Date().toISOString();
    mkdirSync(opts.resultsDir, { recursive: true });
    const file = path.join(opts.resultsDir, `server-cost-${timestamp.replace(/:/g, '-')}.json`);
    const result = {
      timestamp,
      git: gitCommit(),
      machine: machine(),
      server: devServer ? 'Temporal dev server (in-memory)' : `TEMPORAL_ADDRESS ${address}`,
      casesPerVariant: perRound * opts.rounds,
      rounds: opts.rounds,
      concurrency: opts.concurrency,
      loadAvgAtStart,
      loadAvgAtEnd: loadAvg(),
      variants: rows,
    };
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`results: ${path.relative(process.cwd(), file)}`);
  } finally {
    await nativeConnection.close();
    await client.connection.close();
    await devServer?.stop();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(`bench:server: ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  },
);
