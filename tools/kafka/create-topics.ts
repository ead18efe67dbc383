/**
 * Waits until a Kafka broker answers, then creates the CONTRACT.md §1 topics and their `.dlq`
 * topics (12 partitions each) when missing. Idempotent; used by `tools/kafka/start.sh`.
 *
 * Usage: `ts-node --transpile-only -r tsconfig-paths/register tools/kafka/create-topics.ts
 *   [--brokers host:port,…] [--wait-ms 90000] [--wait-only]`
 */
// The contracts' DTOs use decorator metadata, which needs this polyfill loaded first.
import 'reflect-metadata';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { ALL_TOPICS, DEFAULT_PARTITIONS, dlqTopic } from '@continuity/contracts';

interface Options {
  brokers: string[];
  waitMs: number;
  waitOnly: boolean;
}

/** Every topic the services expect to exist: the contract topics and one DLQ for each. */
const CONTRACT_TOPICS: readonly string[] = ALL_TOPICS.flatMap((t) => [t, dlqTopic(t)]);

function parseArgs(argv: string[], env: NodeJS.ProcessEnv): Options {
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const brokers = (value('--brokers') ?? env['KAFKA_BROKERS'] ?? '127.0.0.1:9092')
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b.length > 0);
  return { brokers, waitMs: Number(value('--wait-ms') ?? 90_000), waitOnly: argv.includes('--wait-only') };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Connects and lists topics until it works or `waitMs` has passed; returns the topics seen. */
async function waitForBroker(admin: Admin, opts: Options): Promise<string[]> {
  const deadline = Date.now() + opts.waitMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      await admin.connect();
      return await admin.listTopics();
    } catch (err) {
      lastError = err;
      await admin.disconnect().catch(() => undefined);
      await sleep(500);
    }
  }
  const reason = lastError instanceof Error ? lastError.message : String(lastError);
  throw new Error(`no Kafka broker answered on ${opts.brokers.join(',')} within ${opts.waitMs} ms: ${reason}`);
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2), process.env);
  // Connection refusals while the broker boots are expected; we report the final outcome ourselves.
  const kafka = new Kafka({
    clientId: 'continuity-create-topics',
    brokers: opts.brokers,
    logLevel: logLevel.NOTHING,
    retry: { retries: 2 },
  });
  const admin = kafka.admin();
  try {
    const existing = new Set(await waitForBroker(admin, opts));
    if (opts.waitOnly) {
      console.log(`kafka: broker ${opts.brokers.join(',')} answers`);
      return;
    }
    const missing = CONTRACT_TOPICS.filter((t) => !existing.has(t));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({ topic, numPartitions: DEFAULT_PARTITIONS, replicationFactor: 1 })),
      });
    }
    console.log(
      `kafka: ${CONTRACT_TOPICS.length} contract topics present (${missing.length} created) on ${opts.brokers.join(',')}`,
    );
  } finally {
    await admin.disconnect();
  }
}

main().catch((err: unknown) => {
  console.error(`kafka: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
