import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';

/** A record read back from a topic. */
export interface TopicRecord {
  partition: number;
  key: string | null;
  value: Record<string, unknown>;
}

/**
 * Every JSON record of `topic` up to its high watermarks at the call (a fresh consumer group each
 * time). Plain kafkajs on purpose: the code under test publishes through our own client.
 */
export async function readJsonTopic(brokers: string[], topic: string, timeoutMs = 30_000): Promise<TopicRecord[]> {
  const kafka = new Kafka({ brokers, clientId: 'api-test-reader', logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const high = new Map(offsets.map((p) => [p.partition, BigInt(p.high)]));
  const remaining = new Set(offsets.filter((p) => BigInt(p.high) > BigInt(p.low)).map((p) => p.partition));
  const records: TopicRecord[] = [];
  if (remaining.size === 0) return records;
  const consumer = kafka.consumer({ groupId: `api-test-reader-${randomBytes(6).toString('hex')}` });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      const end = high.get(partition) ?? 0n;
      if (BigInt(message.offset) >= end) return;
      records.push({ partition, key: message.key?.toString('utf8') ?? null, value: JSON.parse(message.value?.toString('utf8') ?? 'null') as Record<string, unknown> });
      if (BigInt(message.offset) + 1n >= end) remaining.delete(partition);
      if (remaining.size === 0) done();
    },
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      finished,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${topic}: not read in time`)), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
  return records;
}
