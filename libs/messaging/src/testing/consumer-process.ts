import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { TestConsumerConfig } from './test-consumer';

/** The repository root (this file is libs/messaging/src/testing/). */
const ROOT = join(__dirname, '../../../..');

/** A test consumer running in a child process, so a test can SIGKILL it. */
export interface ConsumerProcess {
  child: ChildProcess;
  /** Resolves with the exit code or signal once the child is gone. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Its stderr so far, for a failure message. */
  stderr(): string;
}

/** Starts `consumer-main.ts` through ts-node (transpile only) with the given configuration. */
export function spawnConsumer(config: TestConsumerConfig): ConsumerProcess {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(__dirname, 'consumer-main.ts'), JSON.stringify(config)],
    { cwd: ROOT, env: { ...process.env, TS_NODE_PROJECT: join(ROOT, 'tsconfig.json') }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    err = (err + chunk.toString('utf8')).slice(-20_000);
  });
  child.stdout?.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, exited, stderr: () => err };
}
