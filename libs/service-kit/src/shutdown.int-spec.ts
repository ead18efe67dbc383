import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { createOwnDatabase, type OwnDatabase } from './testing/own-database';

/** Every stdout line of a service must be one JSON object. */
function parseLine(line: string): Record<string, unknown> {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return { notJson: line };
  }
}

type Child = ChildProcessByStdio<null, Readable, Readable>;

/** Starts the fixture service as a real process; resolves with its URL once it listens. */
function start(env: Record<string, string>): { child: Child; lines: Record<string, unknown>[]; listening: Promise<string> } {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(__dirname, 'testing', 'shutdown-fixture.ts')], {
    env: { ...process.env, TS_NODE_PROJECT: join(__dirname, '..', '..', '..', 'tsconfig.base.json'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Record<string, unknown>[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const listening = new Promise<string>((resolve, reject) => {
    let pending = '';
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const complete = pending.split('\n');
      pending = complete.pop() ?? '';
      for (const line of complete.filter((l) => l.trim() !== '')) {
        const entry = parseLine(line);
        lines.push(entry);
        const url = /listening on (\S+)/.exec(String(entry['msg']))?.[1];
        if (url) resolve(url);
      }
    });
    child.once('exit', (code, signal) => reject(new Error(`fixture exited early (${code ?? signal}): ${stderr}`)));
  });
  return { child, lines, listening };
}

function exitOf(child: Child): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

describe('a service on the kit, as a process', () => {
  let database: OwnDatabase;

  beforeAll(async () => {
    database = await createOwnDatabase('service_kit_process');
  });
  afterAll(() => database?.drop());

  it.each(['SIGTERM', 'SIGINT'] as const)('runs its shutdown hooks and ends on %s', async (signal) => {
    const { child, lines, listening } = start({ DATABASE_URL: database.url, PORT: '0', LOG_LEVEL: 'info', INSTANCE_ID: 'fixture' });
    try {
      const url = (await listening).replace('[::1]', '127.0.0.1');
      // Opens the health pool's connection, which must not keep the process alive.
      const health = await fetch(`${url}/health`);
      expect(health.status).toBe(200);
      const exited = exitOf(child);
      child.kill(signal);
      expect(await exited).toEqual({ code: null, signal });
      expect(lines.some((l) => l['msg'] === `shutdown hook ran on ${signal}`)).toBe(true);
      expect(lines.filter((l) => l['service'] !== 'scheduling' || l['instance'] !== 'fixture')).toEqual([]);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });

  it('refuses to start on a bad variable: exit 1 and one JSON line naming it', async () => {
    const { child, lines, listening } = start({ DATABASE_URL: database.url, PORT: '99999', LOG_LEVEL: 'info' });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = exitOf(child);
    await expect(listening).rejects.toThrow(/fixture exited early/);
    expect(await exited).toEqual({ code: 1, signal: null });
    expect(lines).toEqual([]);
    expect(JSON.parse(stderr)).toMatchObject({
      level: 60,
      msg: 'failed to start: Invalid configuration: PORT must be an integer from 0 to 65535 (got "99999")',
      err: { type: 'ConfigValidationError' },
    });
  });
});
