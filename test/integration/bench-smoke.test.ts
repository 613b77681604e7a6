/**
 * The benchmarks keep working (issue 19): CI runs a small smoke of each against the suite's own
 * Temporal dev server and PostgreSQL (DATABASE_URL / TEMPORAL_ADDRESS are set by scripts/test.ts),
 * with its results written to a temporary folder. The figures themselves are not asserted (a
 * shared machine makes them noise); that every level ran, every case finished and the result file
 * says what was measured where, is.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runBench } from '../support/bench';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'bench-smoke-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const onlyResult = (prefix: string) => {
  const files = readdirSync(dir).filter((f) => f.startsWith(prefix) && f.endsWith('.json'));
  expect(files).toHaveLength(1);
  return JSON.parse(readFileSync(path.join(dir, files[0]!), 'utf8'));
};

test('npm run bench: bare and full at each concurrency level in one run, with machine, load and commit', async () => {
  const run = await runBench(
    'service-case.bench.ts',
    ['--cases', '8', '--concurrency', '1,4', '--warmup', '1', '--results-dir', dir],
    240_000,
  );
  expect({ code: run.code, tail: run.output.slice(-2000) }).toMatchObject({ code: 0 });
  const result = onlyResult('service-case-');
  expect(result.levels.map((l: { concurrency: number }) => l.concurrency)).toEqual([1, 4]);
  for (const level of result.levels) {
    for (const phase of [level.full, level.bare]) {
      expect(phase.cases).toBe(8);
      expect(phase.throughputPerSec).toBeGreaterThan(0);
      for (const action of ['create', 'accept', 'review', 'complete']) expect(phase.latencyMs[action].p99).toBeGreaterThan(0);
      // The servers are the suite's (not started by the bench), so only this process's CPU is counted.
      expect(phase.cpuMsPerCase).toMatchObject({ node: expect.any(Number), temporal: null, postgres: null });
      expect(phase.cpuMsPerCase.node).toBeGreaterThan(0);
    }
    expect(level.ratio.throughput).toBeCloseTo(level.full.throughputPerSec / level.bare.throughputPerSec, 1);
    expect(typeof level.goalMet).toBe('boolean');
    expect(level.loadAvgBefore).toHaveLength(3);
  }
  expect(result.git.commit).toMatch(/^[0-9a-f]{40}$/);
  expect(result.machine.cpus).toBe(os.cpus().length);
  expect(result.loadAvgAtStart).toHaveLength(3);
}, 300_000);

test('npm run bench:server: every variant in every round, with its throughput and CPU per case', async () => {
  const run = await runBench('server-cost.ts', ['--cases', '8', '--rounds', '2', '--concurrency', '4', '--results-dir', dir], 240_000);
  expect({ code: run.code, tail: run.output.slice(-2000) }).toMatchObject({ code: 0 });
  const result = onlyResult('server-cost-');
  expect(result).toMatchObject({ rounds: 2, casesPerVariant: 8, concurrency: 4 });
  expect(result.variants.map((v: { variant: string }) => v.variant)).toContain('7 patch markers');
  for (const v of result.variants) {
    expect(v.cases).toBe(8);
    expect(v.casesPerSec).toBeGreaterThan(0);
    // The suite's own dev server (TEMPORAL_ADDRESS): only this process's CPU is counted.
    expect(v.cpuMsPerCase).toMatchObject({ temporal: null, node: expect.any(Number) });
  }
  expect(result.git.commit).toMatch(/^[0-9a-f]{40}$/);
}, 300_000);

test.each(['certifications', 'deadlines'])(
  'bench/timers (%s): every one of a small batch falls due together, is written once and delivered',
  async (kind) => {
    const run = await runBench(
      'timers.ts',
      ['--kind', kind, '--n', '20', '--lead-seconds', '20', '--spread-minutes', '0', '--results-dir', dir],
      300_000,
    );
    expect({ code: run.code, tail: run.output.slice(-2000) }).toMatchObject({ code: 0 });
    const result = onlyResult(`timers-${kind}-20-`);
    expect(result).toMatchObject({ kind, n: 20, exactlyOnce: true });
    expect(result.creation.startsPerSec).toBeGreaterThan(0);
    expect(result.due.allWrittenS).toEqual(expect.any(Number));
    expect(result.due.allDeliveredS).toEqual(expect.any(Number));
    expect(result.worker.waitingRssMaxMB).toBeGreaterThan(0);
    expect(result.git.commit).toMatch(/^[0-9a-f]{40}$/);
  },
  360_000,
);
