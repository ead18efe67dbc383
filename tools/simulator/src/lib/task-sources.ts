import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { TOPICS } from '@continuity/contracts';
import { taskFromFhir, taskFromMessage, TaskLog } from '../score';

/**
 * Where the scorer reads tasks from: the `reconciliation.tasks.v1` topic (every version of every
 * task, the latest wins) or the API's FHIR search (each task once, in its current state).
 */

export interface KafkaSourceOptions {
  brokers: string[];
  topic?: string;
  /** Gives up waiting for the end of the topic after this long. */
  timeoutMs?: number;
  onProgress?: (read: number, total: number) => void;
}

/** Reads the task topic from the beginning up to its current end, with a throwaway consumer group. */
export async function readTasksFromKafka(o: KafkaSourceOptions): Promise<TaskLog> {
  const topic = o.topic ?? TOPICS.tasks;
  // kafkajs directly: a read-to-end scan needs no offsets store, unlike libs/messaging's runner.
  const kafka = new Kafka({ brokers: o.brokers, clientId: 'continuity-scorer', logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map<number, bigint>();
  let total = 0n;
  try {
    for (const p of await admin.fetchTopicOffsets(topic)) {
      const high = BigInt(p.high);
      const low = BigInt(p.low);
      if (high > low) {
        ends.set(p.partition, high);
        total += high - low;
      }
    }
  } finally {
    await admin.disconnect();
  }
  const log = new TaskLog();
  if (ends.size === 0) return log;
  const consumer = kafka.consumer({ groupId: `continuity-scorer-${randomUUID()}` });
  await consumer.connect();
  let read = 0;
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`scorer: ${topic} not read to its end within ${o.timeoutMs ?? 120_000} ms`)), o.timeoutMs ?? 120_000);
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            read++;
            const task = taskFromMessage(message.value);
            if (task) log.observe(task);
            o.onProgress?.(read, Number(total));
            const end = ends.get(partition);
            if (end !== undefined && BigInt(message.offset) + 1n >= end) ends.delete(partition);
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
  return log;
}

export interface ApiSourceOptions {
  baseUrl: string;
  apiKey: string;
  pageSize?: number;
  fetchImpl?: typeof fetch;
  onProgress?: (read: number, total: number | null) => void;
}

/** Pages through `GET /fhir/Task?_count=…`, following the Bundle's `next` links. */
export async function readTasksFromApi(o: ApiSourceOptions): Promise<TaskLog> {
  const doFetch = o.fetchImpl ?? fetch;
  const log = new TaskLog();
  let url: string | null = new URL(`/fhir/Task?_count=${o.pageSize ?? 500}`, o.baseUrl).toString();
  const visited = new Set<string>();
  let read = 0;
  while (url !== null) {
    if (visited.has(url)) throw new Error(`scorer: the API's next link loops (${url})`);
    visited.add(url);
    const res = await doFetch(url, { headers: { Authorization: `Bearer ${o.apiKey}`, Accept: 'application/fhir+json' } });
    if (!res.ok) throw new Error(`scorer: GET ${url} answered ${res.status}`);
    const bundle = (await res.json()) as { total?: number; entry?: Array<{ resource?: unknown }>; link?: Array<{ relation?: string; url?: string }> };
    for (const entry of bundle.entry ?? []) {
      const task = taskFromFhir(entry.resource);
      if (task) log.observe(task);
      read++;
    }
    o.onProgress?.(read, typeof bundle.total === 'number' ? bundle.total : null);
    const next = bundle.link?.find((l) => l.relation === 'next')?.url;
    url = next ? new URL(next, o.baseUrl).toString() : null;
  }
  return log;
}
