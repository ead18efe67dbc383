import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

/** Output and wall time of one simulator CLI command. */
export interface CliRun {
  stdout: string;
  wallSeconds: number;
}

/**
 * Runs `tools/simulator/src/main.ts` with `args` (the simulator is a tool of its own: the bench
 * uses it through its command line, as a user would, rather than importing another tool's code).
 */
export function runSimulator(root: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(root, 'tools', 'simulator', 'src', 'main.ts'), ...args], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.once('error', reject);
    child.once('close', (code) => {
      const stdout = Buffer.concat(out).toString('utf8');
      if (code === 0) resolve({ stdout, wallSeconds: (performance.now() - started) / 1000 });
      else reject(new Error(`simulator ${args[0]} exited with ${code}:\n${Buffer.concat(err).toString('utf8').slice(-2000)}`));
    });
  });
}

/** Seconds the simulator reported for its own work (`… in 12.3 s`), else the wall time. */
export function reportedSeconds(run: CliRun, pattern: RegExp): number {
  const m = pattern.exec(run.stdout);
  return m ? Number(m[1]) : run.wallSeconds;
}

/** `generate` summary: "messages   50,740 in 2.7 s (…)". */
export const GENERATED = /^messages\s+[\d,]+ in ([\d.]+) s/m;
/** `publish` summary: "published 50740 messages in 3.1 s (…)". */
export const PUBLISHED = /^published \d+ messages in ([\d.]+) s/m;
