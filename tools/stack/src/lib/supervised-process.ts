import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

/** How to start one child and where its output goes. */
export interface ProcessSpec {
  name: string;
  command: string;
  args: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** stdout and stderr go here (truncated at start), not to the terminal. */
  logFile: string;
}

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * A child process the supervisor owns. It runs in its own process group, so the terminal's Ctrl-C
 * reaches only the supervisor, which then stops its children in order (SIGTERM, then SIGKILL after
 * a grace period) and can tell a requested stop from a crash.
 */
export class SupervisedProcess {
  /** Settles when the process has exited, however it ended. */
  readonly exited: Promise<ProcessExit>;
  private exit: ProcessExit | null = null;

  private constructor(
    readonly spec: ProcessSpec,
    private readonly child: ChildProcess,
  ) {
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      });
      // A spawn failure (ENOENT…) emits 'error' and no 'exit'.
      child.once('error', () => {
        if (this.exit) return;
        this.exit = { code: null, signal: null };
        resolve(this.exit);
      });
    });
  }

  static start(spec: ProcessSpec): SupervisedProcess {
    mkdirSync(dirname(spec.logFile), { recursive: true });
    const fd = openSync(spec.logFile, 'w');
    try {
      const child = spawn(spec.command, [...spec.args], { cwd: spec.cwd, env: spec.env, stdio: ['ignore', fd, fd], detached: true });
      return new SupervisedProcess(spec, child);
    } finally {
      closeSync(fd); // the child holds its own copy
    }
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.exit === null;
  }

  get exitStatus(): ProcessExit | null {
    return this.exit;
  }

  /** Sends `signal` to the child's whole process group; false when it is already gone. */
  signal(signal: NodeJS.Signals): boolean {
    if (!this.running || this.child.pid === undefined) return false;
    try {
      process.kill(-this.child.pid, signal);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * SIGTERM (the services close their consumers and pools on it), then SIGKILL when still alive
   * after `graceMs`. Resolves once it has exited; says whether it had to be killed.
   */
  async stop(graceMs: number): Promise<'exited' | 'killed'> {
    if (!this.running) return 'exited';
    this.signal('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      this.exited.then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), graceMs);
      }),
    ]);
    clearTimeout(timer);
    if (!timedOut) return 'exited';
    this.signal('SIGKILL');
    await this.exited;
    return 'killed';
  }
}
