/**
 * How fast does the ConsumerRunner take events from Kafka into the store, next to a bare kafkajs
 * eachBatch loop that does nothing with them?
 *
 * Publishes N valid prescription events (default 200,000; `BENCH_EVENTS` or argv[2]) to a fresh
 * 12-partition topic, keyed by patient, then reads them all twice with fresh consumer groups:
 *   1. raw: kafkajs `eachBatch`, no processing (the ceiling: fetch and decode);
 *   2. runner: `ConsumerRunner` with the contract parse, `EventStore.append`, rejected/DLQ
 *      handling and PostgreSQL offsets, one transaction per chunk, a no-op handler.
 * Prints events/s for both (from the first batch to the last, so group joins do not count) and
 * their ratio. Uses a database of its own on `DATABASE_URL`'s server (default local), dropped after,
 * and `KAFKA_BROKERS` (default 127.0.0.1:9092); the topics are deleted after.
 *
 * Run: `npx ts-node --transpile-only -r tsconfig-paths/register tools/bench/consume-bench.ts [N]`
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import {
  cloudEventHeaders,
  dlqTopic,
  encodeCloudEvent,
  makeMedicationAdministered,
  makeMedicationOrdered,
  messageKeyOf,
} from '@continuity/contracts';
import { createDataSource, EventStore, runMigrations } from '@continuity/event-store';
import { ConsumerRunner, createMessagingClient, type MessagingClient, type OutgoingMessage } from '@continuity/messaging';

const SCHEMA = 'bench';
const PARTITIONS = 12;
/** Distinct patients: a few dozen events each, as in a day of a hospital group. */
const PATIENTS = 5_000;
const PUBLISH_BATCH = 2_000;

function message(i: number): OutgoingMessage {
  const patientKey = String(2750300000000 + ((i * 7919) % PATIENTS));
  const time = new Date(Date.parse('2024-08-03T00:00:00Z') + i * 1000).toISOString();
  const o = { id: `bench-${i}`, patientKey, order: `RX-${Math.floor(i / 2)}`, time, entrymode: i % 3 === 0 ? ('backentry' as const) : undefined };
  const event = i % 2 === 0 ? makeMedicationOrdered(o) : makeMedicationAdministered(o);
  return { key: messageKeyOf(event), value: encodeCloudEvent(event), headers: cloudEventHeaders() };
}

async function publish(client: MessagingClient, topic: string, n: number): Promise<number> {
  const producer = client.producer({ idempotent: false });
  await producer.connect();
  let bytes = 0;
  try {
    for (let from = 0; from < n; from += PUBLISH_BATCH) {
      const batch = Array.from({ length: Math.min(PUBLISH_BATCH, n - from) }, (_, k) => message(from + k));
      bytes += batch.reduce((s, m) => s + (m.value?.length ?? 0), 0);
      await producer.send(topic, batch);
    }
  } finally {
    await producer.disconnect();
  }
  return bytes / n;
}

/** Elapsed time from the first record seen to the last: steady-state throughput. */
interface Run {
  firstAt: number;
  lastAt: number;
  count: number;
}

const rate = (r: Run): number => r.count / ((r.lastAt - r.firstAt) / 1000);

async function rawConsume(brokers: string[], topic: string, n: number): Promise<Run> {
  const kafka = new Kafka({ brokers, clientId: 'bench-raw', logLevel: logLevel.ERROR });
  const consumer = kafka.consumer({ groupId: `bench-raw-${randomBytes(4).toString('hex')}` });
  const run: Run = { firstAt: 0, lastAt: 0, count: 0 };
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      if (run.count === 0) run.firstAt = performance.now();
      run.count += batch.messages.length;
      run.lastAt = performance.now();
      if (run.count >= n) done();
    },
  });
  await finished;
  await consumer.disconnect();
  return run;
}

/** Runner tuning under test: partitions processed at once, and kafkajs's fetch size per partition. */
interface Tuning {
  concurrency: number;
  partitionBytes: number;
}

async function runnerConsume(client: MessagingClient, url: string, topic: string, n: number, tuning: Tuning): Promise<Run & { transactions: number; busyMs: number }> {
  await runMigrations(url, SCHEMA);
  const dataSource = await createDataSource({ url, schema: SCHEMA, poolSize: 4, applicationName: 'bench' }).initialize();
  const run = { firstAt: 0, lastAt: 0, count: 0, transactions: 0, busyMs: 0 };
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const runner = new ConsumerRunner(client, {
    groupId: `bench-runner-${randomBytes(4).toString('hex')}`,
    topics: [topic],
    dataSource,
    store: new EventStore(SCHEMA),
    streamIdOf: (e) => `Patient/${e.patientKey ?? e.facility}`,
    tagsOf: (e) => [`facility:${e.facility}`, ...(e.patientKey ? [`patient:${e.patientKey}`] : [])],
    parseOptionsFor: () => ({ domain: 'prescriptions' }),
    handler: async () => undefined,
    partitionsConsumedConcurrently: tuning.concurrency,
    maxBytesPerPartition: tuning.partitionBytes,
    onChunk: (m) => {
      run.busyMs += m.transactionMs;
      // The first chunk's own time is not measured: the clock starts when it is committed.
      if (run.count === 0) run.firstAt = performance.now() - m.transactionMs;
      run.count += m.consumed;
      run.transactions += 1;
      run.lastAt = performance.now();
      if (run.count >= n) done();
    },
  });
  await runner.start();
  await finished;
  await runner.stop();
  const [{ events }] = (await dataSource.query(`SELECT count(*)::int AS events FROM ${SCHEMA}.events`)) as Array<{ events: number }>;
  await dataSource.destroy();
  if (events !== n) throw new Error(`runner stored ${events} events, expected ${n}`);
  return run;
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? process.env['BENCH_EVENTS'] ?? 200_000);
  const brokers = (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',');
  const server = new URL(process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  server.pathname = '/postgres';
  const dbName = `bench_consume_${randomBytes(4).toString('hex')}`;
  const dbUrl = new URL(server.toString());
  dbUrl.pathname = `/${dbName}`;
  const topic = `bench.consume.${randomBytes(4).toString('hex')}`;

  const client = createMessagingClient({ brokers, clientId: 'consume-bench', logLevel: 'error' });
  const admin = client.admin();
  const pg = new Client({ connectionString: server.toString() });
  await pg.connect();
  await pg.query(`CREATE DATABASE "${dbName}"`);
  try {
    await admin.ensureTopics([topic, dlqTopic(topic)], PARTITIONS);
    const t0 = performance.now();
    const avgBytes = await publish(client, topic, n);
    console.log(`published ${n} events (${Math.round(avgBytes)} B each) to ${topic} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const raw = await rawConsume(brokers, topic, n);
    console.log(`1. raw kafkajs eachBatch : ${Math.round(rate(raw)).toLocaleString('en')} events/s`);
    const tuning: Tuning = {
      concurrency: Number(process.env['BENCH_CONCURRENCY'] ?? 1),
      partitionBytes: Number(process.env['BENCH_PARTITION_BYTES'] ?? 1024 * 1024),
    };
    const stored = await runnerConsume(client, dbUrl.toString(), topic, n, tuning);
    console.log(
      `2. ConsumerRunner → store: ${Math.round(rate(stored)).toLocaleString('en')} events/s ` +
        `(${stored.transactions} transactions of ${Math.round(n / stored.transactions)} events, ` +
        `${Math.round((100 * stored.busyMs) / (stored.lastAt - stored.firstAt))}% of the time inside them; ` +
        `concurrency ${tuning.concurrency}, fetch ${tuning.partitionBytes} B/partition)`,
    );
    console.log(`ratio runner/raw: ${(rate(stored) / rate(raw)).toFixed(3)}`);
  } finally {
    await admin.deleteTopics([topic, dlqTopic(topic)]).catch(() => undefined);
    await admin.disconnect();
    await pg.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await pg.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
