/** What every bench result carries, so runs can be compared: the machine, the commit, the load. */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { projectRoot } from '../scripts/lib/services';

/** The machine, without its name: CPU model and count, memory, OS and Node. */
export function machine() {
  return {
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    cpus: os.cpus().length,
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
  };
}

/** The commit measured, and whether the work tree had changes on top of it. */
export function gitCommit(): { commit: string; dirty: boolean } {
  const rev = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: projectRoot, encoding: 'utf8' });
  const status = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: projectRoot, encoding: 'utf8' });
  return { commit: rev.status === 0 ? rev.stdout.trim() : 'unknown', dirty: status.status === 0 && status.stdout.trim() !== '' };
}

export const loadAvg = () => os.loadavg().map((l) => Math.round(l * 100) / 100);
