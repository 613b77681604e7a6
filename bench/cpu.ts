/**
 * CPU time per process over a bench phase: the bench's own Node process (clients, API, workers),
 * the Temporal dev server and the embedded PostgreSQL (the postmaster and its backends). When both
 * paths fill the cores, throughput goes as the inverse of CPU per case, so this says where a full
 * case's cost goes (issue 19). Linux only (/proc); elsewhere the servers are not counted.
 */
import { readFileSync, readdirSync } from 'node:fs';

export interface CpuPids {
  temporal?: number;
  postgres?: number;
}

export interface CpuSnapshot {
  node: number;
  temporal: number | null;
  postgres: number | null;
}

/** Linux's USER_HZ: /proc/<pid>/stat counts in these ticks (100 on every architecture Node runs on). */
const TICK_MS = 10;

/**
 * From /proc/<pid>/stat: utime + stime of a process (all its threads), the same of its children that
 * ended and were waited for (cutime + cstime), and its parent; null when gone.
 */
function procStat(pid: number): { cpuMs: number; endedChildrenMs: number; ppid: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: the fields after it start past the last ')'.
    const f = text
      .slice(text.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    return { ppid: f[1]!, cpuMs: (f[11]! + f[12]!) * TICK_MS, endedChildrenMs: (f[13]! + f[14]!) * TICK_MS };
  } catch {
    return null;
  }
}

/** A process and its direct children, running or ended (PostgreSQL's backends are the postmaster's children). */
function treeCpuMs(root: number): number | null {
  const own = procStat(root);
  if (!own) return null;
  let total = own.cpuMs + own.endedChildrenMs;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = procStat(Number(name));
    if (s && s.ppid === root) total += s.cpuMs;
  }
  return total;
}

export function cpuSnapshot(pids: CpuPids): CpuSnapshot {
  const { user, system } = process.cpuUsage();
  const linux = process.platform === 'linux';
  return {
    node: (user + system) / 1000,
    temporal: linux && pids.temporal ? (procStat(pids.temporal)?.cpuMs ?? null) : null,
    postgres: linux && pids.postgres ? treeCpuMs(pids.postgres) : null,
  };
}

/** CPU ms per case of each process between two snapshots. */
export function cpuPerCase(before: CpuSnapshot, after: CpuSnapshot, cases: number): CpuSnapshot & { total: number } {
  const per = (a: number | null, b: number | null) => (a === null || b === null ? null : Math.round(((b - a) / cases) * 10) / 10);
  const node = per(before.node, after.node)!;
  const temporal = per(before.temporal, after.temporal);
  const postgres = per(before.postgres, after.postgres);
  return { node, temporal, postgres, total: Math.round((node + (temporal ?? 0) + (postgres ?? 0)) * 10) / 10 };
}
