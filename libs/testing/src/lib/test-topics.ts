import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { parseBrokers } from './test-environment';
import { waitFor } from './wait-for';

/** CONTRACT.md §1 default; services scale to this many consumers. */
const DEFAULT_PARTITIONS = 12;

/** A topic name no other test will use: `<prefix>.<time>-<random>` (Kafka allows `[a-zA-Z0-9._-]`). */
export function uniqueTopic(prefix: string): string {
  const clean = prefix.replace(/[^a-zA-Z0-9._-]/g, '-');
  return `${clean}.${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

/**
 * Creates topics (idempotent) and resolves once every partition has a leader in the metadata, so a
 * producer or consumer started right after does not race the broker.
 */
export async function createTopics(
  brokers: string | readonly string[],
  names: readonly string[],
  partitions: number = DEFAULT_PARTITIONS,
): Promise<void> {
  const kafka = new Kafka({
    clientId: 'continuity-tests-admin',
    brokers: typeof brokers === 'string' ? parseBrokers(brokers) : [...brokers],
    logLevel: logLevel.ERROR,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    // Asking only for the missing ones keeps kafkajs from logging "topic already exists" as an error.
    const existing = new Set(await admin.listTopics());
    const missing = names.filter((name) => !existing.has(name));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: 1 })),
      });
    }
    await waitFor(
      async () => {
        const { topics } = await admin.fetchTopicMetadata({ topics: [...names] });
        return (
          topics.length === names.length &&
          topics.every((t) => t.partitions.length >= partitions && t.partitions.every((p) => p.leader >= 0))
        );
      },
      { timeoutMs: 30_000, intervalMs: 200, description: `leaders for ${names.join(', ')}` },
    );
  } finally {
    await admin.disconnect();
  }
}
