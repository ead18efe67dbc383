import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';

/** A record read back from a topic. */
export interface ReadRecord {
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer | string | Array<Buffer | string> | undefined>;
}

/**
 * Reads every record of `topic` up to its current high watermarks (a fresh consumer group per
 * call). For tests: this lib's own runner is what is under test, so the reader is plain kafkajs.
 */
export async function readTopic(brokers: string[], topic: string, timeoutMs = 60_000): Promise<ReadRecord[]> {
  const kafka = new Kafka({ brokers, clientId: 'continuity-test-reader', logLevel: logLevel.ERROR });
  const admin = kafka.admin();
  await admin.connect();
  const high = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.high)]));
  const low = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.low)]));
  await admin.disconnect();
  const remaining = new Set([...high].filter(([p, h]) => h > (low.get(p) ?? 0n)).map(([p]) => p));
  const records: ReadRecord[] = [];
  if (remaining.size === 0) return records;

  const consumer = kafka.consumer({ groupId: `reader-${randomBytes(6).toString('hex')}`, maxBytesPerPartition: 4 * 1024 * 1024 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  await consumer.run({
    eachBatch: async ({ batch }) => {
      for (const m of batch.messages) {
        if (BigInt(m.offset) >= (high.get(batch.partition) ?? 0n)) continue;
        records.push({ partition: batch.partition, offset: m.offset, key: m.key, value: m.value, headers: m.headers ?? {} });
        if (BigInt(m.offset) + 1n >= (high.get(batch.partition) ?? 0n)) remaining.delete(batch.partition);
      }
      if (remaining.size === 0) done();
    },
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      finished,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`readTopic(${topic}): partitions ${[...remaining]} not read in time`)), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
  return records;
}
