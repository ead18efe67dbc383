import { spawn, type ChildProcess } from 'node:child_process';

/** A step of the start-up failed; the message says which and what to look at. */
export class StackError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StackError';
  }
}

/** Output lines kept from a failed command, enough to see why without flooding the terminal. */
const FAILURE_TAIL_LINES = 30;

/**
 * Runs the one-shot commands of the start-up (shell scripts, ts-node tools), their output captured
 * and shown only when they fail. Remembers the one running so Ctrl-C can interrupt it.
 */
export class CommandRunner {
  private readonly running = new Set<ChildProcess>();

  constructor(
    private readonly cwd: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** Runs to completion; resolves with its output, or throws a StackError quoting its last lines. */
  run(label: string, command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = spawn(command, [...args], { cwd: this.cwd, env: { ...this.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      this.running.add(child);
      const chunks: Buffer[] = [];
      child.stdout?.on('data', (c: Buffer) => chunks.push(c));
      child.stderr?.on('data', (c: Buffer) => chunks.push(c));
      child.once('error', (err) => {
        this.running.delete(child);
        reject(new StackError(`${label}: cannot run ${command}: ${err.message}`));
      });
      child.once('close', (code, signal) => {
        this.running.delete(child);
        const output = Buffer.concat(chunks).toString('utf8');
        if (code === 0) return resolve(output);
        const tail = output.trimEnd().split('\n').slice(-FAILURE_TAIL_LINES).join('\n');
        const how = signal ? `was stopped by ${signal}` : `failed (exit code ${code})`;
        reject(new StackError(`${label} ${how}${tail ? `:\n${tail}` : ''}`));
      });
    });
  }

  /** Runs a TypeScript entry point of the repository with ts-node, as the npm scripts do. */
  runTs(label: string, entry: string, args: readonly string[] = [], env: NodeJS.ProcessEnv = {}): Promise<string> {
    return this.run(label, process.execPath, [...tsNodeArgs(), entry, ...args], env);
  }

  /**
   * Runs a TypeScript entry point whose output is for the user (the simulator's summary, progress
   * bars and score table): it goes straight to the terminal.
   */
  runTsInTerminal(label: string, entry: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [...tsNodeArgs(), entry, ...args], { cwd: this.cwd, env: { ...this.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'] });
      this.running.add(child);
      child.once('error', (err) => {
        this.running.delete(child);
        reject(new StackError(`${label}: cannot run ${entry}: ${err.message}`));
      });
      child.once('close', (code, signal) => {
        this.running.delete(child);
        if (code === 0) resolve();
        else reject(new StackError(`${label} ${signal ? `was stopped by ${signal}` : `failed (exit code ${code})`}; see its output above`));
      });
    });
  }

  /** Interrupts whatever command is running (Ctrl-C during the start-up). */
  interrupt(): void {
    for (const child of this.running) child.kill('SIGTERM');
  }
}

/**
 * Node flags that load TypeScript sources the way `ts-node --transpile-only -r tsconfig-paths/register`
 * does, in the same process: one pid per service, so signals reach it directly.
 */
export function tsNodeArgs(): string[] {
  return ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'];
}
