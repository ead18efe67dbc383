import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTestDatabase, testEnvironment, waitFor, type TestDatabase } from '@continuity/testing';
import { tsNodeArgs } from './lib/commands';

/**
 * `npm run services` as a user runs it: the supervisor in its own process, on free ports and its
 * own database, up until its four services answer /health, then Ctrl-C (SIGINT) must leave none
 * of its children behind. It uses the test run's broker, which it did not start and must not stop.
 */

const ROOT = resolve(__dirname, '../../..');
const PORT_VARIABLES = ['STACK_API_PORT', 'STACK_PRESCRIPTIONS_PORT', 'STACK_LAB_PORT', 'STACK_SCHEDULING_PORT'];

/** A port nobody listens on right now (the OS picks it). */
function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Pids whose parent is `pid`, read from /proc (the services run in their own process groups). */
function childrenOf(pid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // stat: "pid (comm) state ppid …"; comm may hold spaces, so split after its closing parenthesis.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) found.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function healthStatus(port: number): Promise<number | null> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(3000) });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return null;
  }
}

describe('stack (npm run services)', () => {
  let db: TestDatabase;
  let stateDir: string;
  let supervisor: ChildProcess | undefined;
  let output = '';

  beforeAll(async () => {
    db = await createTestDatabase('stack_e2e');
    stateDir = mkdtempSync(join(tmpdir(), 'continuity-stack-e2e-'));
  });

  afterAll(async () => {
    // Only if the test failed before its own SIGINT: stop the supervisor, which stops its children.
    if (supervisor && supervisor.exitCode === null && supervisor.pid !== undefined) {
      supervisor.kill('SIGINT');
      await new Promise((r) => supervisor?.once('exit', r));
    }
    await db.drop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('brings up the four services healthy, and Ctrl-C stops every child it started', async () => {
    const ports = await Promise.all(PORT_VARIABLES.map(() => freePort()));
    const env = {
      ...process.env,
      KAFKA_BROKERS: testEnvironment().brokers.join(','),
      DATABASE_URL: db.url,
      STACK_DIR: stateDir,
      LOG_LEVEL: 'warn',
      ...Object.fromEntries(PORT_VARIABLES.map((v, i) => [v, String(ports[i])])),
    };
    const proc = spawn(process.execPath, [...tsNodeArgs(), 'tools/stack/src/stack.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    supervisor = proc;
    proc.stdout?.on('data', (c: Buffer) => (output += c.toString('utf8')));
    proc.stderr?.on('data', (c: Buffer) => (output += c.toString('utf8')));
    const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
    const pid = proc.pid ?? -1;

    await waitFor(() => output.includes('Ctrl-C to stop.') || proc.exitCode !== null, { timeoutMs: 300_000, intervalMs: 500, description: 'the stack to be up' });
    expect(output).toContain('Ctrl-C to stop.');
    expect(output).toMatch(/development key \(officer\): dev-officer-\S+/);
    expect(await Promise.all(ports.map(healthStatus))).toEqual([200, 200, 200, 200]);

    const services = childrenOf(pid).filter((child) => readFileSync(`/proc/${child}/cmdline`, 'utf8').includes('/src/main.js'));
    expect(services).toHaveLength(4);

    proc.kill('SIGINT');
    expect(await exited).toBe(0);
    for (const child of services) expect(alive(child)).toBe(false);
    expect(await Promise.all(ports.map(healthStatus))).toEqual([null, null, null, null]);
    expect(output).toContain('left running'); // the test run's broker was not its to stop
  }, 420_000);
});
