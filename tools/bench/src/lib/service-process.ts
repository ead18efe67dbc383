import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Domain } from '@continuity/contracts';
import { serviceLaunchArgs } from '@continuity/service-kit/launch';

/** The three reconcilers the bench drives, each one app under `apps/`. */
export const RECONCILER_DOMAINS = ['prescriptions', 'lab', 'scheduling'] as const satisfies readonly Domain[];
export type ReconcilerDomain = (typeof RECONCILER_DOMAINS)[number];

export interface ServiceSpec {
  domain: ReconcilerDomain;
  root: string;
  kafkaBrokers: string;
  databaseUrl: string;
  port: number;
  instanceId: string;
  logFile: string;
  /** Writes a V8 CPU profile (`node --cpu-prof`) to this directory when the service is stopped. */
  cpuProfileDir?: string;
  /** Sampling interval of the profile, µs (default 1000; coarser costs less). */
  cpuProfileIntervalUs?: number;
  /** Extra node flags (e.g. `--max-semi-space-size=64`), before the script. */
  nodeArgs?: readonly string[];
}

/** Peak and current resident set of a process, from /proc/<pid>/status, in bytes. */
export interface MemorySample {
  hwm: number;
  rss: number;
}

/** Reads VmHWM (peak resident set) and VmRSS of `pid`; null once it is gone. */
export function readMemory(pid: number): MemorySample | null {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
  const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { hwm: kb('VmHWM'), rss: kb('VmRSS') };
}

/** Compiles the services (`npm run build`, incremental); throws when the build fails. */
export function buildServices(root: string): void {
  const build = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(root, 'tools', 'build', 'build-services.ts')], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (build.status !== 0) throw new Error(`npm run build failed (${build.signal ?? `exit code ${build.status}`})`);
}

/**
 * One reconciler running as its own node process (the app compiled by `npm run build`, as
 * `npm start` runs it): the pid is the node process itself, so /proc/<pid> is the service.
 */
export class ServiceProcess {
  readonly startedAt = performance.now();
  readonly exited: Promise<void>;
  /** Highest VmHWM seen (it only grows while the process lives). */
  peak: MemorySample = { hwm: 0, rss: 0 };

  private constructor(
    readonly spec: ServiceSpec,
    private readonly child: ChildProcess,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  static start(spec: ServiceSpec): ServiceProcess {
    mkdirSync(dirname(spec.logFile), { recursive: true });
    const profile = spec.cpuProfileDir
      ? [
          '--cpu-prof',
          `--cpu-prof-dir=${spec.cpuProfileDir}`,
          `--cpu-prof-name=${spec.domain}.cpuprofile`,
          `--cpu-prof-interval=${spec.cpuProfileIntervalUs ?? 1000}`,
          // Nest ends a SIGTERM by re-raising the signal, and a process killed by a signal writes
          // no profile: this preload makes SIGUSR2 a plain process.exit(), which does.
          '-r',
          join(spec.root, 'tools', 'bench', 'src', 'lib', 'exit-on-sigusr2.js'),
        ]
      : [];
    const fd = openSync(spec.logFile, 'w');
    try {
      const child = spawn(
        process.execPath,
        [...profile, ...serviceLaunchArgs(spec.root, `${spec.domain}-reconciler`, spec.nodeArgs ?? [])],
        {
          cwd: spec.root,
          stdio: ['ignore', fd, fd],
          env: {
            ...process.env,
            KAFKA_BROKERS: spec.kafkaBrokers,
            DATABASE_URL: spec.databaseUrl,
            PORT: String(spec.port),
            INSTANCE_ID: spec.instanceId,
            LOG_LEVEL: 'info',
            API_KEYS: '',
          },
        },
      );
      return new ServiceProcess(spec, child);
    } finally {
      closeSync(fd);
    }
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Samples memory; keeps the peak. */
  sample(): MemorySample | null {
    const m = readMemory(this.pid);
    if (m) this.peak = { hwm: Math.max(this.peak.hwm, m.hwm), rss: Math.max(this.peak.rss, m.rss) };
    return m;
  }

  /** Stops it: SIGUSR2 when profiling (profile written on exit), else SIGTERM; SIGKILL after `graceMs`. */
  async stop(graceMs = 20_000): Promise<void> {
    if (!this.running) return;
    this.sample();
    this.child.kill(this.spec.cpuProfileDir ? 'SIGUSR2' : 'SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const killed = await Promise.race([this.exited.then(() => false), new Promise<boolean>((r) => (timer = setTimeout(() => r(true), graceMs)))]);
    clearTimeout(timer);
    if (killed) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }

  /** `GET /health` answers 200 (or the process died: throws). */
  async waitHealthy(timeoutMs: number): Promise<number> {
    const deadline = performance.now() + timeoutMs;
    while (performance.now() < deadline) {
      if (!this.running) throw new Error(`${this.spec.domain}-reconciler exited while starting; see ${this.spec.logFile}`);
      try {
        const res = await fetch(`http://127.0.0.1:${this.spec.port}/health`, { signal: AbortSignal.timeout(2000) });
        await res.arrayBuffer();
        if (res.status === 200) return performance.now();
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`${this.spec.domain}-reconciler: /health not 200 within ${timeoutMs} ms; see ${this.spec.logFile}`);
  }

  /** The service's Prometheus text, or null. */
  async metrics(): Promise<string | null> {
    try {
      const res = await fetch(`http://127.0.0.1:${this.spec.port}/metrics`, { signal: AbortSignal.timeout(5000) });
      return res.status === 200 ? await res.text() : null;
    } catch {
      return null;
    }
  }
}
