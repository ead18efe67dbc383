import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Kafka, logLevel } from 'kafkajs';

/** One raw read of some topics. Times are `performance.now()` milliseconds. */
export interface RawConsumeResult {
  topics: string[];
  messages: number;
  /** Before connecting: includes the group join, as a service's start does. */
  startedAt: number;
  firstAt: number;
  lastAt: number;
}

/**
 * Reads `expected` messages of `topics` from the beginning with kafkajs `eachBatch`, in a fresh
 * consumer group, doing nothing with them: the ceiling of what a consumer on this machine can do
 * (fetch, decompress, decode the record batches into messages).
 */
export async function rawConsume(brokers: string[], topics: string[], expected: number, timeoutMs = 600_000): Promise<RawConsumeResult> {
  const kafka = new Kafka({ brokers, clientId: 'bench-raw', logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `bench-raw-${randomBytes(4).toString('hex')}` });
  const result: RawConsumeResult = { topics, messages: 0, startedAt: performance.now(), firstAt: 0, lastAt: 0 };
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  if (expected === 0) done();
  await consumer.connect();
  try {
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const now = performance.now();
        if (result.messages === 0) result.firstAt = now;
        result.messages += batch.messages.length;
        result.lastAt = now;
        if (result.messages >= expected) done();
      },
    });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([finished.then(() => false), new Promise<boolean>((r) => (timer = setTimeout(() => r(true), timeoutMs)))]);
    clearTimeout(timer);
    if (timedOut) throw new Error(`raw consume of ${topics.join(', ')}: ${result.messages} of ${expected} messages after ${timeoutMs} ms`);
  } finally {
    await consumer.disconnect();
  }
  return result;
}
