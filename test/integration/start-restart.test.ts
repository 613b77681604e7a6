/**
 * `make start` as a person runs it (scripts/start.ts in a child process, embedded PostgreSQL and
 * Temporal dev server in a data folder of its own). Issue 13 §12: after `kill -9` of the service the
 * servers it started are orphans; the next start stops them by their pid files and comes up.
 * §15: Ctrl-C after the Temporal dev server died still finishes the orderly stop. §11: the data
 * folder's files are 600 and folders 700, including those that were there before.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, isLiveProcess, projectRoot, readPidFile } from '../../scripts/lib/services';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mi-start-'));
let ports: Record<string, string>;
const running: ChildProcess[] = [];

beforeAll(async () => {
  ports = {
    HTTP_PORT: String(await freePort()),
    TEMPORAL_DEV_PORT: String(await freePort()),
    TEMPORAL_UI_PORT: String(await freePort()),
    EMBEDDED_PG_PORT: String(await freePort()),
  };
});

afterAll(() => {
  // Whatever a failed assertion left running is stopped, so the suite never leaks servers.
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const [file, name] of [
    ['postgres/data/postmaster.pid', 'postgres'],
    ['temporal.db.pid', 'temporal'],
  ] as const) {
    const pid = readPidFile(path.join(dataDir, file));
    if (pid && isLiveProcess(pid, name)) process.kill(pid, 'SIGKILL');
  }
  rmSync(dataDir, { recursive: true, force: true });
});

function start() {
  const env: NodeJS.ProcessEnv = { ...process.env, ...ports, DATA_DIR: dataDir, LOG_LEVEL: 'error' };
  delete env.DATABASE_URL; // the embedded defaults, as on a fresh clone
  delete env.TEMPORAL_ADDRESS;
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: projectRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let output = '';
  child.stdout!.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

async function untilReady(run: ReturnType<typeof start>, ms = 90_000) {
  for (const until = Date.now() + ms; Date.now() < until; ) {
    if (run.child.exitCode !== null) throw new Error(`start exited early:\n${run.output()}`);
    const ready = await fetch(`http://127.0.0.1:${ports.HTTP_PORT}/readyz`).then(
      (r) => r.json() as Promise<{ status?: string }>,
      () => null,
    );
    if (ready?.status === 'ready') return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`not ready within ${ms / 1000} s:\n${run.output()}`);
}

const mode = (p: string) => statSync(path.join(dataDir, p)).mode & 0o777;
const pidOf = (file: string) => readPidFile(path.join(dataDir, file))!;

test('kill -9, start again, ready; Ctrl-C after Temporal died stops in order; private data folder', async () => {
  // A file and a folder left world-readable by an earlier version.
  mkdirSync(path.join(dataDir, 'mail'), { mode: 0o755 });
  writeFileSync(path.join(dataDir, 'mail', 'old.eml'), 'To: 陈一\n', { mode: 0o644 });
  chmodSync(path.join(dataDir, 'mail'), 0o755);

  const first = start();
  await untilReady(first);
  const postgres = pidOf('postgres/data/postmaster.pid');
  const temporal = pidOf('temporal.db.pid');
  expect(pidOf('service.pid')).toBe(first.child.pid);

  first.child.kill('SIGKILL');
  await first.exited;
  expect(isLiveProcess(postgres, 'postgres')).toBe(true); // the orphans the next start must deal with
  expect(isLiveProcess(temporal, 'temporal')).toBe(true);

  const second = start();
  await untilReady(second);
  expect(second.output()).toContain(`PostgreSQL left running by an earlier start (pid ${postgres})`);
  expect(second.output()).toContain(`Temporal dev server left running by an earlier start (pid ${temporal})`);
  expect(isLiveProcess(postgres, 'postgres')).toBe(false);

  expect(mode('.') & 0o077 & ~0o011).toBe(0); // 700, or 711 as root so that `postgres` reaches its folder
  for (const file of ['jwt-secret', 'temporal.db', 'service.pid', 'mail/old.eml', 'postgres/data/postmaster.pid']) {
    expect([file, mode(file)]).toEqual([file, 0o600]);
  }
  for (const dir of ['mail', 'postgres', 'postgres/data']) expect([dir, mode(dir)]).toEqual([dir, 0o700]);

  process.kill(pidOf('temporal.db.pid'), 'SIGKILL');
  await new Promise((r) => setTimeout(r, 1000));
  const newPostgres = pidOf('postgres/data/postmaster.pid');
  const stoppedAt = Date.now();
  second.child.kill('SIGINT');
  const code = await second.exited;
  // the log's end beside the code, so a failure says why the stop did not end cleanly
  expect({ code, log: code === 0 ? '' : second.output().slice(-3000) }).toEqual({ code: 0, log: '' });
  expect(Date.now() - stoppedAt).toBeLessThan(30_000);
  expect(second.output()).toMatch(/SIGINT: stopping…[\s\S]*stopped; data kept in /);
  expect(isLiveProcess(newPostgres, 'postgres')).toBe(false);
  expect(readFileSync(path.join(dataDir, 'mail', 'old.eml'), 'utf8')).toContain('陈一'); // data kept
}, 240_000);
