/**
 * `npm run bench:timers -- [N | --n 100000] [--kind certifications|deadlines] [--lead-minutes M]
 * [--spread-minutes 3] [--results-dir bench/results]`: the month-end peak (issue 19), on the Temporal
 * dev server and the embedded PostgreSQL (or DATABASE_URL / TEMPORAL_ADDRESS when set).
 *
 * - certifications: N special-disease certifications, each person reachable by the SMS/WeChat
 *   webhook (a local gateway in this process), whose "window open" notice falls due in the same few
 *   minutes: their send window opens M minutes after the start, `--spread-minutes` wide
 *   (the policy's startMinute and spreadMinutes, as an agency could set them; the period ends 29
 *   days from today, so the notice is today's);
 * - deadlines: N open service cases, accepted earlier, whose statutory limit runs out at one moment
 *   M minutes after the start (carried in as the open case the workflow continues with, the
 *   continue-as-new input; the moment is set to now + M instead of the end of the working day, so the
 *   bench runs in real time). At the limit each records its breach and tells the supervisors.
 *
 * Measured: the creation rate (workflow starts per second; for certifications also until every
 * creation is recorded), the worker's resident memory while they wait (the worker runs as its own
 * process, `npm run worker`, with the service's default settings: the sticky cache holds at most
 * WORKER_MAX_CACHED_WORKFLOWS runs), the time from the due moment until every notice is written and
 * delivered, and that each was written (and reached the gateway) exactly once.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { type Client, ServiceError, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { certificationId, newCertificationState } from '../domain/certification';
import { serviceCatalogue } from '../domain/catalogue-data';
import { addDays, shanghaiDate, startOfShanghaiDay } from '../domain/dates';
import type { Actor } from '../domain/people';
import { applyAction, initialState, serviceCaseId, serviceItemRef, type ServiceCaseState } from '../domain/service-case';
import { defaultNoticeOffsets, periodFrom } from '../domain/special-disease';
import { personKeyOf } from '../api/routes/care';
import { loadConfig } from '../platform/config';
import { connectClient, installTemporalRuntime } from '../platform/temporal';
import { createLogger } from '../platform/logger';
import { seedAll } from '../prisma/seed';
import { projectRoot, startThrowawayServers } from '../scripts/lib/services';
import { serviceCase } from '../workflows/service-case';
import { specialDiseaseCertification } from '../workflows/special-disease-certification';
import { gitCommit, loadAvg, machine } from './run-info';

type Kind = 'certifications' | 'deadlines';

interface Options {
  kind: Kind;
  n: number;
  /** seconds from the start until the notices / limits fall due; default: room to create N first */
  leadSeconds: number;
  spreadMinutes: number;
  resultsDir: string;
  /** workflow starts in flight at once */
  inFlight: number;
  /** stop waiting at this instant (ms) and report what was reached (a shared machine's time slot) */
  stopAt: number;
}

function parseArgs(argv: string[]): Options {
  const o: Options = {
    kind: 'certifications',
    n: 100_000,
    leadSeconds: -1,
    spreadMinutes: 3,
    resultsDir: path.join(__dirname, 'results'),
    inFlight: 256,
    stopAt: Infinity,
  };
  for (let i = 0; i < argv.length; i++) {
    // a bare number is N: `npm run bench:timers -- 100000`
    if (/^\d+$/.test(argv[i]!) && Number(argv[i]) >= 1) {
      o.n = Number(argv[i]);
      continue;
    }
    const [flag, inline] = argv[i]!.split('=', 2);
    const raw = inline ?? argv[++i];
    switch (flag) {
      case '--kind':
        if (raw !== 'certifications' && raw !== 'deadlines') throw new Error('--kind is certifications or deadlines');
        o.kind = raw;
        break;
      case '--stop-at': {
        const at = Date.parse(String(raw));
        if (Number.isNaN(at)) throw new Error('--stop-at needs an ISO instant, e.g. 2026-12-01T13:08:00Z');
        o.stopAt = at;
        break;
      }
      case '--results-dir':
        o.resultsDir = path.resolve(String(raw));
        break;
      case '--n':
      case '--lead-minutes':
      case '--lead-seconds':
      case '--spread-minutes':
      case '--in-flight': {
        const v = Number(raw);
        if (!Number.isInteger(v) || v < (flag === '--spread-minutes' ? 0 : 1)) throw new Error(`${flag} needs a whole number`);
        if (flag === '--n') o.n = v;
        else if (flag === '--lead-minutes') o.leadSeconds = v * 60;
        else if (flag === '--lead-seconds') o.leadSeconds = v;
        else if (flag === '--spread-minutes') o.spreadMinutes = v;
        else o.inFlight = v;
        break;
      }
      default:
        throw new Error(
          `unknown option ${argv[i]} (expected --kind, --n, --lead-minutes, --lead-seconds, --spread-minutes, --in-flight, --results-dir)`,
        );
    }
  }
  // Room to create all N before the first falls due, at least 2 minutes: on the shared 2-core machine (issue 19) about
  // 100 starts/s, and a certification's creation is recorded (its first task's activity) at about 40/s; a notice of a
  // certification not recorded when its window opens is skipped by design.
  const perSecond = o.kind === 'certifications' ? 40 : 100;
  if (o.leadSeconds < 0) o.leadSeconds = 60 * Math.max(2, Math.ceil((o.n / perSecond / 60) * 1.2) + 1);
  return o;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round1 = (x: number) => Math.round(x * 10) / 10;

/** Resident memory of a process (Linux /proc), in MB; null when it is gone. */
function rssMB(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/** A free port on the loopback (for the worker's SDK metrics). */
const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });

/**
 * From the worker's Temporal SDK metrics: how many runs its sticky cache holds and how many
 * workflow tasks it has completed (null when they cannot be read).
 */
async function workerSdkMetrics(address: string): Promise<{ cached: number | null; workflowTasks: number | null }> {
  try {
    const text = await (await fetch(`http://${address}/metrics`, { signal: AbortSignal.timeout(2_000) })).text();
    const sum = (name: string) => {
      const values = [...text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+]+)$`, 'gm'))].map((m) => Number(m[1]));
      return values.length ? values.reduce((a, b) => a + b, 0) : null;
    };
    return { cached: sum('temporal_sticky_cache_size'), workflowTasks: sum('temporal_workflow_task_execution_latency_count') };
  } catch {
    return { cached: null, workflowTasks: null };
  }
}

/** Runs `one(i)` for i in [0, n) with `width` in flight; the first error stops it. */
async function pool(n: number, width: number, one: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failed: unknown = null;
  await Promise.all(
    Array.from({ length: Math.min(width, n) }, async () => {
      while (failed === null && next < n) {
        // Ctrl-C while creating: nothing to report yet, so stop (main's finally stops the worker and the servers).
        if (Date.now() > stopAt) failed ??= new Error(`stopped after ${next} of ${n} starts`);
        if (failed !== null) break;
        const i = next++;
        try {
          await one(i);
        } catch (e) {
          failed ??= e;
        }
      }
    }),
  );
  if (failed !== null) throw failed;
}

/** Polls `count` every second until it reaches `target` (or the deadline passes); returns when, or null. */
const reached: Record<string, number> = {};
async function waitFor(what: string, target: number, count: () => Promise<number>, deadlineMs: number, onTick?: () => void) {
  let last = -1;
  let printedAt = 0;
  for (;;) {
    const c = await count();
    onTick?.();
    // A line per tenth of the way or per half minute, not per poll: a 100,000 run is an hour long.
    const step = Math.max(1, Math.ceil(target / 10));
    const now = performance.now();
    if (c !== last && (c >= target || Math.floor(c / step) !== Math.floor(last / step) || now - printedAt >= 30_000)) {
      console.log(`  ${what}: ${c}/${target} (${new Date().toISOString().slice(11, 19)})`);
      printedAt = now;
    }
    last = c;
    reached[what] = c;
    if (c >= target) return performance.now();
    if (performance.now() > deadlineMs || Date.now() > stopAt) return null;
    await sleep(c === 0 ? 1000 : 2000);
  }
}
let stopAt = Infinity;

/** Start retries: a start the dev server could not answer in time (it may have started it anyway). */
const startRetries = { count: 0 };
/**
 * A workflow start, tried again (up to 5 times, 1 s apart) when the server fails to answer it, as
 * a loaded dev server does at tens of thousands of runs; the business key makes a start that did
 * happen the first time answer "already started", which counts as started.
 */
async function startOnce(start: () => Promise<unknown>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await start();
      return;
    } catch (e) {
      if (e instanceof WorkflowExecutionAlreadyStartedError && attempt > 1) return;
      if (!(e instanceof ServiceError) || attempt >= 5) throw e instanceof ServiceError ? new Error(`${e.message}: ${String(e.cause)}`) : e;
      startRetries.count++;
      await sleep(1000);
    }
  }
}

/** A query over many IDs, 10,000 at a time (PostgreSQL takes at most 65,535 parameters in one statement). */
async function overIds<T>(ids: string[], query: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += 10_000) out.push(...(await query(ids.slice(i, i + 10_000))));
  return out;
}
const countOver = async (ids: string[], count: (chunk: string[]) => Promise<number>) =>
  (await overIds(ids, async (c) => [await count(c)])).reduce((a, b) => a + b, 0);

const hospital: Actor = { username: 'taishan.hospital', role: 'institution', jurisdiction: 'taishan' };
const clerk: Actor = { username: 'taishan.clerk', role: 'window_clerk', jurisdiction: 'taishan' };

/** An ID number of the bench run's person i (valid check digit, a 台山 region code). */
function idNumberOf(runNo: number, i: number): string {
  const body = `440781${1950 + (runNo % 50)}0101${String(i).padStart(3, '0').slice(-3)}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, c, k) => s + Number(c) * weights[k]!, 0);
  return body + '10X98765432'[sum % 11]!;
}

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  stopAt = opts.stopAt;
  const generated = spawnSync('bash', [path.join(projectRoot, 'scripts', 'prisma.sh'), 'generate'], { encoding: 'utf8' });
  if (generated.status !== 0) throw new Error(`prisma generate failed:\n${generated.stderr}`);
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
  installTemporalRuntime(logger);
  const runTag = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`.toUpperCase();
  const stops: (() => Promise<void>)[] = [];
  // The dev server's state in a file: in memory it holds some 250 KB per open workflow, and
  // 100,000 waiting took it past 22 GB of this machine's 24 (2026-12-01 18:14 UTC).
  const throwaway = await startThrowawayServers('bench_timers', { temporalDbFile: true });
  let worker: ChildProcess | undefined;
  try {
    const { databaseUrl, temporalAddress } = throwaway;
    const servers = `${process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded PostgreSQL'}, ${process.env.TEMPORAL_ADDRESS ? 'TEMPORAL_ADDRESS' : 'Temporal dev server (state in a file)'}`;
    const loadAvgAtStart = loadAvg();
    console.log(`timers bench: ${opts.kind}, N=${opts.n}, run ${runTag}; ${servers}; load average ${loadAvgAtStart.join(' ')}`);

    // eslint-disable-next-line @typescript-eslint/no-require-imports -- after generate (see service-case.bench.ts)
    const { createPrisma } = require('../platform/prisma') as typeof import('../platform/prisma');
    const prisma = createPrisma(databaseUrl);
    stops.push(() => prisma.$disconnect());
    await seedAll(prisma);

    // The SMS/WeChat gateway: counts what arrives per notice.
    const arrivals = new Map<string, number>();
    const gateway = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const id = String(req.headers['x-notice-id']);
        arrivals.set(id, (arrivals.get(id) ?? 0) + 1);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"accepted":true}');
      });
    });
    const gatewayPort = await new Promise<number>((r) => gateway.listen(0, '127.0.0.1', () => r((gateway.address() as AddressInfo).port)));
    stops.push(() => new Promise((r) => gateway.close(() => r())));

    const taskQueue = `bench-timers-${runTag}`;
    const sdkMetricsAddress = `127.0.0.1:${await freePort()}`;
    const workerEnv = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_TASK_QUEUE: taskQueue,
      WORKER_HEALTH_PORT: '0',
      TEMPORAL_METRICS_BIND: sdkMetricsAddress,
      NOTICE_WEBHOOK_URL: `http://127.0.0.1:${gatewayPort}/hook`,
      NOTICE_WEBHOOK_SECRET: randomBytes(16).toString('hex'),
      LOG_LEVEL: 'warn',
    };
    const config = loadConfig(workerEnv);
    // The worker as its own process, so its memory is its own.
    worker = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'worker', 'main.ts')], {
      cwd: projectRoot,
      env: workerEnv,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const workerPid = worker.pid!;
    await new Promise<void>((resolve, reject) => {
      worker!.stdout!.on('data', (c: Buffer) => {
        if (c.toString().includes('worker polling')) resolve();
      });
      worker!.once('exit', (code) => reject(new Error(`worker exited (${code})`)));
    });
    const workerUpRssMB = rssMB(workerPid);
    const client: Client = await connectClient(config, temporalAddress);
    stops.push(() => client.connection.close());

    const t0Wall = Date.now();
    const today = shanghaiDate(t0Wall);
    // Certifications: the send window opens on a whole minute (the policy's startMinute), the first after now + lead.
    const startMinute = Math.ceil((t0Wall + opts.leadSeconds * 1000 - startOfShanghaiDay(today)) / 60_000);
    const dueAt = opts.kind === 'certifications' ? startOfShanghaiDay(today) + startMinute * 60_000 : t0Wall + opts.leadSeconds * 1000;
    const runNo = Number.parseInt(randomBytes(2).toString('hex'), 16);
    const ids: string[] = [];

    // ---- creation
    let startDone = 0;
    const tCreate = performance.now();
    if (opts.kind === 'certifications') {
      // The window opens at dueAt, today; the period's last day is 29 days on.
      if (startMinute + opts.spreadMinutes > 1440) throw new Error('the due window would run past midnight Asia/Shanghai: start later');
      const period = periodFrom(addDays(today, 29 - 365 + 1), 12);
      if (period.end !== addDays(today, 29)) throw new Error(`period ends ${period.end}, expected ${addDays(today, 29)}`);
      for (let b = 0; b < opts.n; b += 5000) {
        await prisma.personContact.createMany({
          data: Array.from({ length: Math.min(5000, opts.n - b) }, (_, k) => ({
            personKey: personKeyOf(idNumberOf(runNo, b + k) + `:${runTag}:${b + k}`),
            name: '批量',
            webhookTarget: `bench-${b + k}`,
            channels: ['webhook'],
            insuredCounty: 'taishan' as const,
            updatedAt: new Date(),
          })),
          skipDuplicates: true,
        });
      }
      await pool(opts.n, opts.inFlight, async (i) => {
        const idNumber = idNumberOf(runNo, i);
        const personKey = personKeyOf(idNumber + `:${runTag}:${i}`);
        const id = certificationId(personKey, 'MT002');
        ids[i] = id;
        const state = newCertificationState({
          certificationId: id,
          personKey,
          person: { name: '批量', idNumber },
          jurisdiction: 'taishan',
          diseaseCode: 'MT002',
          diseaseName: '糖尿病',
          institutionCode: 'H44078101',
          periodMonths: 12,
          source: 'institution',
          createdBy: hospital,
          period,
          offsets: { ...defaultNoticeOffsets, startMinute, spreadMinutes: opts.spreadMinutes },
        });
        await startOnce(() =>
          client.workflow.start(specialDiseaseCertification, { workflowId: id, taskQueue, args: [{ state, recordCreation: true }] }),
        );
        if (++startDone % Math.ceil(opts.n / 10) === 0) console.log(`  started ${startDone}/${opts.n}`);
      });
    } else {
      const item = serviceCatalogue.find((i) => i.code === '442189209003')!;
      await pool(opts.n, opts.inFlight, async (i) => {
        const applicationNo = `TB-${runTag}-${i}`;
        const caseId = serviceCaseId(item.code, applicationNo);
        ids[i] = caseId;
        const opened = initialState(
          {
            caseId,
            applicationNo,
            item: serviceItemRef(item, 'counter'),
            jurisdiction: 'taishan',
            channel: 'counter',
            applicant: { name: '批量', idNumber: idNumberOf(runNo, i) },
            createdBy: clerk,
          },
          t0Wall,
        );
        let state: ServiceCaseState = applyAction({ ...opened, version: 1 }, { action: 'accept', actor: clerk }, t0Wall);
        // Accepted earlier; reminded yesterday; the limit runs out at dueAt (see the header).
        state = {
          ...state,
          deadline: {
            receivedOn: addDays(today, -20),
            workingDays: 15,
            dueDate: today,
            dueAtMs: dueAt,
            remindOn: addDays(today, -1),
            provisional: false,
          },
          remindedAt: new Date(t0Wall - 86_400_000).toISOString(),
        };
        await startOnce(() => client.workflow.start(serviceCase, { workflowId: caseId, taskQueue, args: [{ ...state, resume: state }] }));
        if (++startDone % Math.ceil(opts.n / 10) === 0) console.log(`  started ${startDone}/${opts.n}`);
      });
    }
    const createMs = performance.now() - tCreate;
    const startsPerSec = round1(opts.n / (createMs / 1000));
    console.log(
      `created ${opts.n} in ${Math.round(createMs / 1000)} s (${startsPerSec} starts/s; ${startRetries.count} starts tried again)`,
    );

    // ---- waiting: the worker's memory, sampled
    const samples: {
      atS: number;
      rssMB: number | null;
      serverRssMB: number | null;
      cached?: number | null;
      workflowTasks?: number | null;
    }[] = [];
    const serverRss = () => (throwaway.temporalPid ? rssMB(throwaway.temporalPid) : null);
    const serverRssMax = () => {
      const seen = samples.flatMap((x) => (x.serverRssMB === null ? [] : [x.serverRssMB]));
      return seen.length ? Math.max(...seen) : null;
    };
    const sample = () => {
      const at = samples.push({ atS: Math.round((Date.now() - t0Wall) / 1000), rssMB: rssMB(workerPid), serverRssMB: serverRss() }) - 1;
      void workerSdkMetrics(sdkMetricsAddress).then((m) => Object.assign(samples[at]!, m));
    };
    let creationRecordedS: number | null = null;
    if (opts.kind === 'certifications') {
      const at = await waitFor(
        'creations recorded',
        opts.n,
        () => countOver(ids, (c) => prisma.certification.count({ where: { id: { in: c } } })),
        performance.now() + Math.max(dueAt - Date.now(), 0) + 60 * 60_000,
        sample,
      );
      creationRecordedS = at === null ? null : Math.round((at - tCreate) / 1000);
    }
    while (Date.now() < dueAt && Date.now() < stopAt) {
      sample();
      await sleep(2000);
    }
    await sleep(500); // the last sample's metrics
    const waiting = samples.filter((s) => s.rssMB !== null).map((s) => s.rssMB!);
    const atDue = samples.at(-1);
    // The memory that counts: once every run has had its first workflow task (it waits on its timer).
    const allWaiting = samples.filter((s) => s.rssMB !== null && (s.workflowTasks ?? 0) >= opts.n).map((s) => s.rssMB!);
    const waitingRss = {
      maxMB: Math.max(...waiting),
      lastMB: waiting.at(-1) ?? null,
      samples: waiting.length,
      allWaitingMaxMB: allWaiting.length ? Math.max(...allWaiting) : null,
      cachedRunsAtDue: atDue?.cached ?? null,
      workflowTasksAtDue: atDue?.workflowTasks ?? null,
    };
    console.log(
      `waiting: worker rss max ${waitingRss.maxMB} MB, at the due moment ${waitingRss.lastMB} MB with ${waitingRss.cachedRunsAtDue} runs cached ` +
        `(cache ${config.WORKER_MAX_CACHED_WORKFLOWS} runs), ${waitingRss.workflowTasksAtDue} workflow tasks done; ` +
        `max once all ${opts.n} waited: ${waitingRss.allWaitingMaxMB ?? '-'} MB; Temporal dev server rss max ${serverRssMax() ?? '-'} MB`,
    );

    // ---- due: until every notice is written and delivered
    const tDue = performance.now();
    const timeoutAt = tDue + 90 * 60_000;
    let writtenS: number | null;
    let deliveredS: number | null = null;
    const check: Record<string, number> = {};
    if (opts.kind === 'certifications') {
      const written = await waitFor(
        'notices written',
        opts.n,
        () => countOver(ids, (c) => prisma.notice.count({ where: { template: 'special_disease.window_open', caseId: { in: c } } })),
        timeoutAt,
        sample,
      );
      writtenS = written === null ? null : round1((written - tDue) / 1000);
      const delivered = await waitFor(
        'delivered',
        opts.n,
        () =>
          countOver(ids, (c) =>
            prisma.noticeDelivery.count({
              where: { status: 'sent', notice: { template: 'special_disease.window_open', caseId: { in: c } } },
            }),
          ),
        timeoutAt,
        sample,
      );
      deliveredS = delivered === null ? null : round1((delivered - tDue) / 1000);
      const perCase = await overIds(ids, (c) =>
        prisma.notice.groupBy({ by: ['caseId'], where: { caseId: { in: c }, template: 'special_disease.window_open' }, _count: true }),
      );
      const events = await overIds(ids, (c) =>
        prisma.auditEvent.groupBy({ by: ['caseId'], where: { caseId: { in: c }, action: 'notice_window_open' }, _count: true }),
      );
      check.casesWithOneNotice = perCase.filter((c) => c._count === 1).length;
      check.casesWithMoreThanOneNotice = perCase.filter((c) => c._count > 1).length;
      check.casesWithOneNoticeEvent = events.filter((c) => c._count === 1).length;
      check.casesWithMoreThanOneNoticeEvent = events.filter((c) => c._count > 1).length;
      check.gatewayNotices = arrivals.size;
      check.gatewayRepeats = [...arrivals.values()].filter((v) => v > 1).length;
    } else {
      const written = await waitFor(
        'breaches recorded',
        opts.n,
        () => countOver(ids, (c) => prisma.auditEvent.count({ where: { caseId: { in: c }, action: 'deadline_breached' } })),
        timeoutAt,
        sample,
      );
      writtenS = written === null ? null : round1((written - tDue) / 1000);
      const perCaseKey = (caseId: string) => `${caseId}:breach:${shanghaiDate(dueAt)}`;
      const told = await waitFor(
        'supervisors told',
        opts.n,
        () =>
          countOver(
            ids,
            async (c) =>
              (await prisma.notification.groupBy({ by: ['caseId'], where: { caseId: { in: c }, kind: 'deadline_breached' } })).length,
          ),
        timeoutAt,
        sample,
      );
      deliveredS = told === null ? null : round1((told - tDue) / 1000);
      const events = await overIds(ids, (c) =>
        prisma.auditEvent.groupBy({ by: ['caseId'], where: { caseId: { in: c }, action: 'deadline_breached' }, _count: true }),
      );
      check.casesWithOneBreach = events.filter((c) => c._count === 1).length;
      check.casesWithMoreThanOneBreach = events.filter((c) => c._count > 1).length;
      const notes = await overIds(ids, (c) =>
        prisma.notification.findMany({
          where: { caseId: { in: c }, kind: 'deadline_breached' },
          select: { sourceKey: true, caseId: true },
        }),
      );
      const perRecipient = new Map<string, number>();
      for (const n of notes) perRecipient.set(n.sourceKey, (perRecipient.get(n.sourceKey) ?? 0) + 1);
      check.notificationRepeats = [...perRecipient.values()].filter((v) => v > 1).length;
      check.notificationsWithWrongKey = notes.filter((n) => !n.sourceKey.startsWith(perCaseKey(n.caseId!))).length;
    }
    const exactlyOnce =
      opts.kind === 'certifications'
        ? check.casesWithOneNotice === opts.n &&
          check.casesWithOneNoticeEvent === opts.n &&
          check.gatewayNotices === opts.n &&
          check.gatewayRepeats === 0
        : check.casesWithOneBreach === opts.n && check.notificationRepeats === 0 && check.notificationsWithWrongKey === 0;
    const afterRss = samples.filter((s) => s.rssMB !== null).map((s) => s.rssMB!);
    const result = {
      timestamp: new Date().toISOString(),
      run: runTag,
      kind: opts.kind,
      n: opts.n,
      git: gitCommit(),
      machine: machine(),
      servers,
      nice: os.getPriority(),
      loadAvgAtStart,
      loadAvgAtEnd: loadAvg(),
      leadSeconds: opts.leadSeconds,
      spreadMinutes: opts.kind === 'certifications' ? opts.spreadMinutes : 0,
      creation: { ms: Math.round(createMs), startsPerSec, creationRecordedS, startsTriedAgain: startRetries.count },
      worker: {
        maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
        rssAtStartMB: workerUpRssMB,
        waitingRssMaxMB: waitingRss.maxMB,
        waitingRssAtDueMB: waitingRss.lastMB,
        /** the largest reading taken once every run had completed its first workflow task (null: none was) */
        allWaitingRssMaxMB: waitingRss.allWaitingMaxMB,
        cachedRunsAtDue: waitingRss.cachedRunsAtDue,
        workflowTasksAtDue: waitingRss.workflowTasksAtDue,
        rssMaxOverallMB: Math.max(...afterRss),
      },
      /** the Temporal dev server's resident memory, largest reading (null: not started by the bench) */
      temporalServer: { rssMaxMB: serverRssMax() },
      // seconds from the due moment (certifications: the send window's opening; it stays open spreadMinutes)
      due: { at: new Date(dueAt).toISOString(), allWrittenS: writtenS, allDeliveredS: deliveredS },
      check,
      /** how far each wait got (all of N unless --stop-at cut it short) */
      reached,
      stoppedEarly: Date.now() > stopAt,
      exactlyOnce,
    };
    console.log(JSON.stringify(result, null, 2));
    mkdirSync(opts.resultsDir, { recursive: true });
    const file = path.join(opts.resultsDir, `timers-${opts.kind}-${opts.n}-${result.timestamp.replace(/:/g, '-')}.json`);
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`results: ${path.relative(process.cwd(), file)}`);
    return exactlyOnce && writtenS !== null && deliveredS !== null ? 0 : 3;
  } finally {
    if (worker && worker.exitCode === null) {
      worker.removeAllListeners('exit');
      const exited = new Promise((r) => worker!.once('exit', r));
      worker.kill('SIGTERM');
      await Promise.race([exited, sleep(20_000)]);
    }
    for (const stop of stops.reverse()) await stop().catch((e: Error) => console.error(`stop: ${e.message}`));
    await throwaway.stop();
  }
}

// Ctrl-C or SIGTERM: stop waiting, report what was reached, and stop the worker and the servers.
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    stopAt = Date.now();
  });

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`timers bench: ${e instanceof Error ? e.stack : e}`);
    process.exit(1);
  },
);
