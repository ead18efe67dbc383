import { dlqTopic } from '@continuity/contracts';
import { createTestDatabase, testEnvironment, uniqueTopic, waitFor, type TestDatabase } from '@continuity/testing';
import { createMessagingClient } from '../client/messaging-client';
import { headerText } from '../headers/message-headers';
import { buildDataset, MARKER_HEADER } from '../../testing/dataset';
import { publish } from '../../testing/publish';
import { readTopic } from '../../testing/read-topic';
import { caughtUp, snapshotSchema } from '../../testing/store-checks';
import { startTestConsumer, type TestConsumer } from '../../testing/test-consumer';

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

  async function start(config: { topic: string; groupId: string; commitOffsetsToKafka?: boolean }, overrides = {}): Promise<TestConsumer> {
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
});
