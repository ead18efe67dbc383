import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';

/** What the figures were measured on. */
export interface MachineFacts {
  nproc: string;
  cpuModel: string;
  /** `free -g`, verbatim. */
  free: string;
  totalMemGiB: number;
  node: string;
  postgres: string | null;
}

function sh(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8' }).trim();
  } catch {
    return '(unavailable)';
  }
}

export function machineFacts(postgresVersion: string | null): MachineFacts {
  return {
    nproc: sh('nproc', []),
    cpuModel: cpus()[0]?.model ?? '(unknown)',
    free: sh('free', ['-g']),
    totalMemGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    postgres: postgresVersion,
  };
}

/** 1, 5 and 15 minute load averages. */
export function loadAverage(): [number, number, number] {
  const [a, b, c] = loadavg();
  return [a, b, c];
}
