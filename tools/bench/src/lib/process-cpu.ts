import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

let ticksPerSecond: number | null = null;

/** Clock ticks per second of /proc's CPU times (`getconf CLK_TCK`, 100 on Linux). */
function clkTck(): number {
  if (ticksPerSecond === null) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** User + system CPU seconds a process has used so far, from /proc/<pid>/stat; null once gone. */
export function cpuSecondsOf(pid: number): number | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // Fields after the command name (which may hold spaces), from field 3 on: utime is 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / clkTck();
}

/** CPU seconds the whole machine spent busy (all cores: not idle, not waiting for I/O), from /proc/stat. */
export function machineBusySeconds(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
  const [, ...values] = line.trim().split(/\s+/);
  const v = values.map(Number);
  const idle = v[3] + (v[4] ?? 0);
  const all = v.slice(0, 8).reduce((a, b) => a + b, 0);
  return (all - idle) / clkTck();
}

/** CPU seconds per label, each the sum over some pids (a pid seen only later counts from zero). */
export class CpuLedger {
  private readonly start = new Map<number, number>();
  private machineStart = 0;
  private startedAt = 0;
  /** False until `open` ran. */
  opened = false;

  /** Notes where every pid stands now: the start of the window. */
  open(pids: Iterable<number>, now: number): void {
    for (const pid of pids) this.start.set(pid, cpuSecondsOf(pid) ?? 0);
    this.machineStart = machineBusySeconds();
    this.startedAt = now;
    this.opened = true;
  }

  /** CPU used since `open`, per label, and by the whole machine; `now` in the same unit as `open`'s (ms). */
  close(groups: ReadonlyMap<string, readonly number[]>, now: number): { windowMs: number; byLabel: Array<{ label: string; seconds: number }>; machineSeconds: number } {
    const byLabel = [...groups].map(([label, pids]) => ({
      label,
      seconds: pids.reduce((s, pid) => s + Math.max(0, (cpuSecondsOf(pid) ?? this.start.get(pid) ?? 0) - (this.start.get(pid) ?? 0)), 0),
    }));
    return { windowMs: now - this.startedAt, byLabel, machineSeconds: machineBusySeconds() - this.machineStart };
  }
}

/** PostgreSQL's own background processes (WAL writer, checkpointer, background writer, autovacuum, …). */
export function postgresBackgroundPids(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let cmd: string;
    try {
      cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
    } catch {
      continue;
    }
    if (/^postgres: .*(walwriter|checkpointer|background writer|autovacuum|logical replication launcher|stats)/.test(cmd)) pids.push(Number(entry));
  }
  return pids;
}
