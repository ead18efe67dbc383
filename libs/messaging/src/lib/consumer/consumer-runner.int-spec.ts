import { dlqTopic } from '@continuity/contracts';
import { createTestDatabase, readTopic, testEnvironment, uniqueTopic, waitFor, type TestDatabase } from '@continuity/testing';
import { createMessagingClient } from '../client/messaging-client';
import { headerText } from '../headers/message-headers';
import { buildDataset, MARKER_HEADER } from '../../testing/dataset';
import { publish } from '../../testing/publish';
import { caughtUp, snapshotSchema } from '../../testing/store-checks';
import { startTestConsumer, type TestConsumer } from '../../testing/test-consumer';
import type { ConsumerRunnerOptions } from './consumer-runner.options';

const SCHEMA = 'runner_test';
const PARTITIONS = 12;

describe('ConsumerRunner against Kafka and PostgreSQL', () => {
  const env = testEnvironment();
  const client = createMessagingClient({ brokers: env.brokers, clientId: 'runner-int-spec', logLevel: 'nothing' });
  const admin = client.admin();
  let db: TestDatabase;
  const consumers: TestConsumer[] = [];

  beforeEach(async () => {
    db = await createTestDatabase('messaging_runner');
  });

  afterEach(async () => {
    for (const c of consumers.splice(0)) await c.stop();
    await db.drop();
  });

  afterAll(async () => {
    await admin.disconnect();
  });

  async function newTopic(prefix: string): Promise<string> {
    const topic = uniqueTopic(prefix);
    await admin.ensureTopics([topic, dlqTopic(topic)], PARTITIONS);
    return topic;
  }

  async function start(
    config: { topic: string; groupId: string; commitOffsetsToKafka?: boolean; failEvery?: number },
    overrides: Partial<ConsumerRunnerOptions> = {},
  ): Promise<TestConsumer> {
    const consumer = await startTestConsumer(
      { databaseUrl: db.url, schema: SCHEMA, brokers: env.brokers, sessionTimeout: 10_000, ...config },
      overrides,
    );
    consumers.push(consumer);
    return consumer;
  }

  async function waitCaughtUp(topic: string, groupId: string, timeoutMs = 240_000) {
    const high = await admin.fetchHighWatermarks(topic);
    return waitFor(
      async () => {
        const snap = await snapshotSchema(db.url, SCHEMA, groupId);
        return caughtUp(snap.offsets, high) && snap.unsentOutbox === 0 ? snap : null;
      },
      { timeoutMs, intervalMs: 500, description: `${groupId} to catch up with ${topic}` },
    );
  }

  it('stores 20,000 valid events once, rejects 200 malformed ones to the table and the DLQ, and ends at the high watermarks', async () => {
    const topic = await newTopic('runner.a');
    const data = buildDataset({ valid: 20_000, malformed: 200, duplicateRatio: 0.02, seed: 20_000 });
    await publish(client, topic, data.messages);
    const groupId = `${topic}.group`;

    const consumer = await start({ topic, groupId });
    const snap = await waitCaughtUp(topic, groupId);

    // Store: exactly the valid events, once each; the handler saw each once.
    expect(snap.events.size).toBe(20_000);
    expect([...snap.events.keys()].every((k) => data.validEventKeys.has(k))).toBe(true);
    expect([...snap.events.values()].every((n) => n === 1)).toBe(true);
    expect(snap.handled.size).toBe(20_000);
    expect([...snap.handled.values()].every((n) => n === 1)).toBe(true);
    const stats = consumer.runner.stats();
    expect(stats.duplicates).toBe(data.duplicates);
    expect(stats.accepted).toBe(20_000);

    // Offsets: PostgreSQL's equal the topic's high watermarks on all 12 partitions.
    const high = await admin.fetchHighWatermarks(topic);
    expect(new Map([...snap.offsets].sort())).toEqual(new Map([...high].filter(([, h]) => h !== '0').sort()));
    expect([...high.values()].reduce((n, h) => n + BigInt(h), 0n)).toBe(BigInt(data.messages.length));

    // Rejected table: the 200 malformed messages, with their codes and original bytes.
    const expected = new Map(data.malformed.map((c) => [c.key, c]));
    expect(snap.rejected).toHaveLength(200);
    for (const row of snap.rejected) {
      const c = expected.get(String(row.key));
      expect(c).toBeDefined();
      expect(row.code).toBe(c?.expectedCode);
      expect(row.value === null ? null : Buffer.compare(row.value, c?.value as Buffer)).toBe(c?.value === null ? null : 0);
    }
    expect(new Set(snap.rejected.map((r) => String(r.key))).size).toBe(200);

    // DLQ: the same 200, nothing else, original key/value/headers plus the x-* headers.
    const dlq = await readTopic(env.brokers, dlqTopic(topic));
    expect(dlq).toHaveLength(200);
    const rejectedAt = new Map(snap.rejected.map((r) => [String(r.key), r]));
    for (const record of dlq) {
      const key = String(record.key);
      const c = expected.get(key);
      expect(c).toBeDefined();
      expect(record.value === null ? null : Buffer.compare(record.value, c?.value as Buffer)).toBe(c?.value === null ? null : 0);
      expect(headerText(record.headers, 'x-error-code')).toBe(c?.expectedCode);
      expect(headerText(record.headers, 'x-error-detail')).toBeTruthy();
      expect(headerText(record.headers, 'x-original-topic')).toBe(topic);
      expect(headerText(record.headers, 'x-original-partition')).toBe(String(rejectedAt.get(key)?.partition));
      expect(headerText(record.headers, 'x-original-offset')).toBe(rejectedAt.get(key)?.offset);
      expect(headerText(record.headers, MARKER_HEADER)).toBe(key);
      expect(headerText(record.headers, 'content-type')).toBe('application/cloudevents+json; charset=utf-8');
    }
    expect(new Set(dlq.map((r) => String(r.key))).size).toBe(200);
  }, 420_000);

  it('seeks to the PostgreSQL offsets on restart and on reassignment, even when Kafka has no or older commits', async () => {
    const topic = await newTopic('runner.d');
    const groupId = `${topic}.group`;

    // 1. A consumer that never commits to Kafka.
    const first = buildDataset({ valid: 1000, malformed: 10, duplicateRatio: 0, seed: 401 });
    await publish(client, topic, first.messages);
    const a = await start({ topic, groupId, commitOffsetsToKafka: false });
    await waitCaughtUp(topic, groupId);
    await a.stop();
    consumers.splice(consumers.indexOf(a), 1);
    const committed = await admin.fetchCommittedOffsets(groupId, topic);
    expect([...committed.values()].every((o) => o === '-1')).toBe(true);

    // 2. Restart with nothing committed in Kafka: it must read only the new messages.
    const second = buildDataset({ valid: 500, malformed: 5, duplicateRatio: 0, seed: 402 });
    await publish(client, topic, second.messages);
    const b = await start({ topic, groupId });
    let snap = await waitCaughtUp(topic, groupId);
    expect(b.runner.stats().consumed).toBe(second.messages.length);
    // It went to the stored offsets (seek) rather than reading the old messages and dropping them.
    expect(b.runner.stats().seeks).toBeGreaterThanOrEqual(PARTITIONS);
    expect(b.runner.stats().skipped).toBe(0);
    expect(snap.events.size).toBe(1500);
    expect(snap.rejected).toHaveLength(15);
    await b.stop();
    consumers.splice(consumers.indexOf(b), 1);

    // 3. Kafka's commits pushed back to 0, then two instances sharing the partitions as they join.
    await admin.setCommittedOffsets(groupId, topic, [...Array(PARTITIONS).keys()].map((partition) => ({ partition, offset: '0' })));
    const third = buildDataset({ valid: 3000, malformed: 20, duplicateRatio: 0, seed: 403 });
    await publish(client, topic, third.messages);
    const c = await start({ topic, groupId, commitOffsetsToKafka: false }, { maxBatchMessages: 100 });
    await waitFor(() => c.runner.stats().consumed > 0, { timeoutMs: 60_000, description: 'the first instance to consume' });
    const d = await start({ topic, groupId, commitOffsetsToKafka: false }, { maxBatchMessages: 100 });
    await waitFor(() => d.runner.assignedPartitions().length > 0 && c.runner.assignedPartitions().length > 0, {
      timeoutMs: 60_000,
      description: 'the partitions to be shared',
    });
    const fourth = buildDataset({ valid: 600, malformed: 6, duplicateRatio: 0, seed: 404 });
    await publish(client, topic, fourth.messages);
    snap = await waitCaughtUp(topic, groupId);

    // Every message after the restart read and committed exactly once between the two instances.
    expect(c.runner.stats().consumed + d.runner.stats().consumed).toBe(third.messages.length + fourth.messages.length);
    expect(d.runner.stats().consumed).toBeGreaterThan(0);
    expect(c.runner.stats().skipped + d.runner.stats().skipped).toBe(0);
    expect(snap.events.size).toBe(1000 + 500 + 3000 + 600);
    expect([...snap.events.values()].every((n) => n === 1)).toBe(true);
    expect([...snap.handled.values()].every((n) => n === 1)).toBe(true);
    expect(snap.handled.size).toBe(snap.events.size);
    expect(snap.rejected).toHaveLength(10 + 5 + 20 + 6);
  }, 420_000);

  it('rolls a failed chunk back and retries it, through handler faults and dropped database connections', async () => {
    const topic = await newTopic('runner.e');
    const groupId = `${topic}.group`;
    const data = buildDataset({ valid: 4000, malformed: 40, duplicateRatio: 0.02, seed: 405 });
    await publish(client, topic, data.messages);
    const revoked: number[] = [];
    const consumer = await start(
      { topic, groupId, failEvery: 5 },
      { maxBatchMessages: 150, retryBackoff: { initialMs: 50, maxMs: 500 }, onRevoked: (tps) => void revoked.push(...tps.map((t) => t.partition)) },
    );
    // Cut the service's database connections a few times while it works.
    for (let i = 0; i < 3; i += 1) {
      await waitFor(() => consumer.runner.stats().consumed > (i + 1) * 800, { timeoutMs: 120_000, description: 'progress' });
      await terminateConnections(db.url, 'messaging-test');
    }
    const snap = await waitCaughtUp(topic, groupId);

    expect(consumer.runner.stats().failures).toBeGreaterThan(3);
    expect(revoked.length).toBeGreaterThan(0); // failed partitions were rebuilt
    expect(snap.events.size).toBe(4000);
    expect([...snap.events.values()].every((n) => n === 1)).toBe(true);
    expect(snap.handled.size).toBe(4000);
    expect([...snap.handled.values()].every((n) => n === 1)).toBe(true);
    expect(snap.rejected).toHaveLength(40);
    const dlq = await readTopic(env.brokers, dlqTopic(topic));
    expect(new Set(dlq.map((r) => `${headerText(r.headers, 'x-original-partition')}/${headerText(r.headers, 'x-original-offset')}`)).size).toBe(40);
  }, 420_000);
});

async function terminateConnections(url: string, applicationName: string): Promise<number> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1 AND pid <> pg_backend_pid()`,
      [applicationName],
    );
    return r.rowCount ?? 0;
  } finally {
    await client.end();
  }
}
