import { randomUUID } from 'node:crypto';
import type { MessagingClient } from './messaging-client';
import { consumerFactoryOf } from './messaging-client';

/** One record of a read-to-end scan. */
export interface ScannedRecord {
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer | string | Array<Buffer | string> | undefined>;
}

export interface ReadToEndOptions {
  /** Gives up after this long; default 120 s. */
  timeoutMs?: number;
  /** Called with the records read so far and the total to read. */
  onProgress?: (read: number, total: number) => void;
}

/**
 * Reads `topic` from its beginning up to its high watermarks at the call, handing each record to
 * `onRecord`, with a throwaway consumer group (deleted afterwards) and no stored offsets: for
 * scorers, summaries and tests that look at what a topic holds. Returns the number of records read.
 */
export async function readTopicToEnd(
  client: MessagingClient,
  topic: string,
  onRecord: (record: ScannedRecord) => void,
  options: ReadToEndOptions = {},
): Promise<number> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const admin = client.admin();
  const groupId = `continuity-scan-${randomUUID()}`;
  let read = 0;
  try {
    const ends = new Map<number, bigint>();
    let total = 0;
    const lows = await admin.fetchLowWatermarks(topic);
    for (const [partition, high] of await admin.fetchHighWatermarks(topic)) {
      const size = BigInt(high) - BigInt(lows.get(partition) ?? '0');
      if (size > 0n) {
        ends.set(partition, BigInt(high));
        total += Number(size);
      }
    }
    if (ends.size === 0) return 0;
    const consumer = consumerFactoryOf(client).kafkaConsumer({ groupId, maxBytesPerPartition: 4 * 1024 * 1024 });
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${topic}: partitions ${[...ends.keys()]} not read to their end within ${timeoutMs} ms`)), timeoutMs);
        consumer
          .run({
            autoCommit: false,
            eachBatch: async ({ batch }) => {
              const end = ends.get(batch.partition);
              if (end === undefined) return;
              for (const m of batch.messages) {
                if (BigInt(m.offset) >= end) break;
                read++;
                onRecord({ partition: batch.partition, offset: m.offset, key: m.key, value: m.value, headers: m.headers ?? {} });
                if (BigInt(m.offset) + 1n >= end) ends.delete(batch.partition);
              }
              options.onProgress?.(read, total);
              if (ends.size === 0) {
                clearTimeout(timer);
                resolve();
              }
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect();
    }
    await admin.deleteGroups([groupId]).catch(() => undefined);
    return read;
  } finally {
    await admin.disconnect();
  }
}
