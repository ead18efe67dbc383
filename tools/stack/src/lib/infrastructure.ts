import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { ALL_TOPICS, DEFAULT_PARTITIONS, dlqTopic } from '@continuity/contracts';
import { createMessagingClient, type MessagingAdmin } from '@continuity/messaging';
import { StackError, type CommandRunner } from './commands';
import { hostPort, isLoopback, isPortOpen } from './network';

/** The topics the services expect: CONTRACT.md §1's and one DLQ each. */
export const STACK_TOPICS: readonly string[] = ALL_TOPICS.flatMap((t) => [t, dlqTopic(t)]);

/** The address `tools/kafka/start.sh` runs its broker on. */
const LOCAL_BROKER = '127.0.0.1:9092';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * True when the stack must start the local broker itself: KAFKA_BROKERS is start.sh's address and
 * nothing listens there. Asked before starting, so that a supervisor interrupted halfway through
 * still knows the broker is its own to stop.
 */
export async function mustStartLocalBroker(brokers: readonly string[]): Promise<boolean> {
  const first = hostPort(brokers[0] ?? LOCAL_BROKER, 9092);
  const local = brokers.length === 1 && isLoopback(first.host) && first.port === 9092;
  return local && !(await isPortOpen(first.host, first.port));
}

/**
 * Makes sure a broker answers, starting the local one when `start` (see {@link mustStartLocalBroker}),
 * and that the contract topics exist.
 */
export async function ensureBroker(run: CommandRunner, root: string, brokers: readonly string[], start: boolean, say: (line: string) => void): Promise<void> {
  if (start) {
    if (!hasBrokerJars(root)) {
      say('kafka: fetching the broker jars into .cache/kafka (first run only, needs Java and Maven)');
      await run.run('kafka: fetch (tools/kafka/fetch.sh)', 'bash', ['tools/kafka/fetch.sh']);
    }
    say('kafka: starting the local broker on 127.0.0.1:9092 (logs in .cache/kafka/logs)');
  }
  // Also when a broker runs already: start.sh waits for it (and creates the contract topics on the local one).
  await run.run('kafka: start (tools/kafka/start.sh)', 'bash', ['tools/kafka/start.sh'], { KAFKA_BROKERS: brokers.join(',') });
  await withAdmin(brokers, (admin) => admin.ensureTopics(STACK_TOPICS, DEFAULT_PARTITIONS));
  say(`kafka: ${brokers.join(',')} ready${start ? ' (started by this run; Ctrl-C stops it)' : ' (already running; left running on exit)'}`);
}

function hasBrokerJars(root: string): boolean {
  const libs = join(root, '.cache', 'kafka', 'libs');
  return existsSync(libs) && readdirSync(libs).some((f) => f.startsWith('.complete-'));
}

/** Stops the local broker (`tools/kafka/stop.sh`), for a supervisor that started it. */
export async function stopBroker(run: CommandRunner): Promise<void> {
  await run.run('kafka: stop (tools/kafka/stop.sh)', 'bash', ['tools/kafka/stop.sh']);
}

/** Starts the machine's PostgreSQL when DATABASE_URL points at it; otherwise checks it answers. */
export async function ensurePostgres(run: CommandRunner, databaseUrl: string, say: (line: string) => void): Promise<void> {
  const url = new URL(databaseUrl);
  const port = Number(url.port || 5432);
  if (isLoopback(url.hostname) && port === 5432) {
    await run.run('postgres (tools/db/ensure-postgres.sh)', 'bash', ['tools/db/ensure-postgres.sh']);
  } else if (!(await isPortOpen(url.hostname, port, 3000))) {
    throw new StackError(`postgres: nothing answers on ${url.hostname}:${port} (from DATABASE_URL)`);
  }
  say(`postgres: answering on ${url.hostname}:${port}`);
}

/** Drops the database named in `databaseUrl` (closing its connections); migrate creates it again. */
export async function dropDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    // CREATE/DROP DATABASE take no bind parameters: quote the identifier.
    await client.query(`DROP DATABASE IF EXISTS "${name.replace(/"/g, '""')}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** Compiles the services to JavaScript (`npm run build`; incremental). */
export async function buildServices(run: CommandRunner): Promise<void> {
  await run.runTs('build: compile the services (tools/build/build-services.ts)', 'tools/build/build-services.ts');
}

/** Creates the database if missing and migrates every service schema (`tools/db/migrate.ts`). */
export async function migrate(run: CommandRunner, databaseUrl: string): Promise<void> {
  await run.runTs('db: migrate (tools/db/migrate.ts)', 'tools/db/migrate.ts', [databaseUrl]);
}

/**
 * Deletes the contract topics and creates them again, empty, through the messaging admin, so a
 * simulation is not mixed with the messages of an earlier one.
 */
export async function recreateTopics(brokers: readonly string[], timeoutMs = 60_000): Promise<void> {
  await withAdmin(brokers, async (admin) => {
    for (const topic of STACK_TOPICS) {
      // One at a time: a topic that does not exist fails alone, which is fine.
      await admin.deleteTopics([topic]).catch(() => undefined);
    }
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    while (Date.now() < deadline) {
      try {
        await admin.ensureTopics(STACK_TOPICS, DEFAULT_PARTITIONS);
        if (await allEmpty(admin)) return;
        last = new Error('some topics still hold messages (deletion not finished)');
      } catch (err) {
        last = err; // typically "marked for deletion" while the broker finishes deleting
      }
      await sleep(500);
    }
    throw new StackError(`kafka: could not recreate the contract topics: ${last instanceof Error ? last.message : String(last)}`);
  });
}

async function allEmpty(admin: MessagingAdmin): Promise<boolean> {
  for (const topic of STACK_TOPICS) {
    const highs = await admin.fetchHighWatermarks(topic);
    if (highs.size !== DEFAULT_PARTITIONS || [...highs.values()].some((h) => h !== '0')) return false;
  }
  return true;
}

/** Runs `work` with a connected messaging admin, disconnected afterwards. */
export async function withAdmin<T>(brokers: readonly string[], work: (admin: MessagingAdmin) => Promise<T>): Promise<T> {
  const admin = createMessagingClient({ brokers: [...brokers], clientId: 'continuity-stack', logLevel: 'nothing' }).admin();
  try {
    return await work(admin);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
