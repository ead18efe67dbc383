import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import { Client } from 'pg';
import { ALL_TOPICS, DEFAULT_PARTITIONS, dlqTopic } from '@continuity/contracts';
import { createTestDatabase, createTopics, testEnvironment, uniqueTopic, waitFor } from './index';

describe('test infrastructure from the global setup', () => {
  const env = testEnvironment();

  describe('Kafka', () => {
    const kafka = new Kafka({ clientId: 'testing-int-spec', brokers: env.brokers, logLevel: logLevel.ERROR });
    let producer: Producer | undefined;
    let consumer: Consumer | undefined;

    afterEach(async () => {
      await consumer?.disconnect();
      await producer?.disconnect();
    });

    it('has the contract topics and their DLQs, 12 partitions each', async () => {
      const admin = kafka.admin();
      await admin.connect();
      try {
        const expected = ALL_TOPICS.flatMap((t) => [t, dlqTopic(t)]);
        const { topics } = await admin.fetchTopicMetadata({ topics: expected });
        expect(topics.map((t) => [t.name, t.partitions.length]).sort()).toEqual(
          expected.map((t) => [t, DEFAULT_PARTITIONS]).sort(),
        );
      } finally {
        await admin.disconnect();
      }
    });

    it('delivers a keyed message, and a 1 MB one, on a fresh 12-partition topic', async () => {
      const topic = uniqueTopic('testing.roundtrip');
      await createTopics(env.brokers, [topic]);
      const bigValue = Buffer.alloc(1024 * 1024, 'x');

      producer = kafka.producer({ idempotent: true });
      await producer.connect();
      await producer.send({
        topic,
        acks: -1,
        messages: [
          { key: 'patient-1', value: 'hello', headers: { 'x-probe': 'yes' } },
          { key: 'patient-2', value: bigValue },
        ],
      });

      const received: { key: string; size: number; header?: string }[] = [];
      consumer = kafka.consumer({ groupId: uniqueTopic('testing.group') });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          received.push({
            key: message.key?.toString() ?? '',
            size: message.value?.length ?? 0,
            header: message.headers?.['x-probe']?.toString(),
          });
        },
      });
      await waitFor(() => received.length >= 2, { timeoutMs: 60_000, description: 'both messages' });

      expect(received.sort((a, b) => a.key.localeCompare(b.key))).toEqual([
        { key: 'patient-1', size: 5, header: 'yes' },
        { key: 'patient-2', size: bigValue.length, header: undefined },
      ]);
    });

    it('creates topics idempotently with the partitions asked for', async () => {
      const topic = uniqueTopic('testing.twice');
      await createTopics(env.brokers, [topic], 3);
      await createTopics(env.brokers, [topic], 3);
      const admin = kafka.admin();
      await admin.connect();
      try {
        const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
        expect(topics[0]?.partitions).toHaveLength(3);
      } finally {
        await admin.disconnect();
      }
    });
  });

  describe('PostgreSQL', () => {
    it('creates a database of its own, usable, and drops it even with a connection left open', async () => {
      const db = await createTestDatabase('testing_probe');
      const client = new Client({ connectionString: db.url });
      await client.connect();
      const { rows } = await client.query<{ db: string }>('SELECT current_database() AS db');
      expect(rows[0]?.db).toBe(db.name);
      await client.query('CREATE TABLE probe (id int PRIMARY KEY)');
      await client.query('INSERT INTO probe VALUES (1), (2)');
      expect((await client.query('SELECT count(*)::int AS n FROM probe')).rows[0]).toEqual({ n: 2 });

      // The client is deliberately still connected: drop() must not hang on it.
      client.on('error', () => undefined);
      await db.drop();

      const admin = new Client({ connectionString: env.adminDatabaseUrl });
      await admin.connect();
      try {
        const left = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [db.name]);
        expect(left.rowCount).toBe(0);
      } finally {
        await admin.end();
      }
    });

    it('gives two callers two different databases', async () => {
      const [a, b] = await Promise.all([createTestDatabase('testing_pair'), createTestDatabase('testing_pair')]);
      try {
        expect(a.name).not.toBe(b.name);
        expect(a.url).not.toBe(b.url);
      } finally {
        await Promise.all([a.drop(), b.drop()]);
      }
    });
  });
});
