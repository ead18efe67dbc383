import { createDataSource, eventStoreTables, runMigrations } from '@continuity/event-store';
import { createTestDatabase, readTopic, testEnvironment, uniqueTopic, waitFor, type TestDatabase } from '@continuity/testing';
import type { DataSource } from 'typeorm';
import { createMessagingClient } from '../client/messaging-client';
import { headerText } from '../headers/message-headers';
import { enqueueOutbox, type OutboxRow } from './outbox';
import { OutboxRelay } from './outbox-relay';

const SCHEMA = 'relay_test';

describe('OutboxRelay', () => {
  const env = testEnvironment();
  const client = createMessagingClient({ brokers: env.brokers, clientId: 'relay-int-spec', logLevel: 'nothing' });
  const admin = client.admin();
  let db: TestDatabase;
  let dataSource: DataSource;
  const relays: OutboxRelay[] = [];

  beforeEach(async () => {
    db = await createTestDatabase('messaging_relay');
    await runMigrations(db.url, SCHEMA);
    dataSource = await createDataSource({ url: db.url, schema: SCHEMA, poolSize: 6 }).initialize();
  });

  afterEach(async () => {
    for (const r of relays.splice(0)) await r.stop();
    await dataSource.destroy();
    await db.drop();
  });

  afterAll(() => admin.disconnect());

  const unsent = async (): Promise<number> =>
    Number((await dataSource.query(`SELECT count(*) AS n FROM ${eventStoreTables(SCHEMA).outbox} WHERE sent_at IS NULL`))[0].n);

  it('publishes each row once, in order per key, and marks it sent, with two relays running side by side', async () => {
    const topic = uniqueTopic('relay.c');
    await admin.ensureTopics([topic], 12);
    for (let i = 0; i < 2; i += 1) {
      const relay = new OutboxRelay({ client, dataSource, schema: SCHEMA, pollMs: 100, batchSize: 200 });
      relays.push(relay);
      await relay.start();
    }
    // Rows arrive in 40 transactions while the relays run; keys spread over partitions.
    const rows: OutboxRow[] = [];
    for (let t = 0; t < 40; t += 1) {
      const batch = Array.from({ length: 125 }, (_, i): OutboxRow => {
        const n = t * 125 + i;
        return { topic, key: `k${n % 97}`, value: Buffer.from(String(n)), headers: { n: String(n), bin: Buffer.from([0, 255, n % 256]) } };
      });
      rows.push(...batch);
      await dataSource.transaction((em) => enqueueOutbox(em, SCHEMA, batch));
    }
    await waitFor(async () => (await unsent()) === 0, { timeoutMs: 120_000, description: 'every row to be sent' });

    const records = await readTopic(env.brokers, topic);
    expect(records).toHaveLength(rows.length);
    const values = records.map((r) => Number(String(r.value)));
    expect(new Set(values).size).toBe(rows.length);
    for (const r of records) {
      expect(headerText(r.headers, 'n')).toBe(String(r.value));
      expect((r.headers['bin'] as Buffer).equals(Buffer.from([0, 255, Number(String(r.value)) % 256]))).toBe(true);
    }
    // Per key, the order of enqueueing.
    const byKey = new Map<string, number[]>();
    for (const r of [...records].sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)))) {
      const list = byKey.get(String(r.key)) ?? [];
      list.push(Number(String(r.value)));
      byKey.set(String(r.key), list);
    }
    for (const list of byKey.values()) expect(list).toEqual([...list].sort((a, b) => a - b));
  }, 180_000);

  it('sends rows too large to share a record batch one request at a time', async () => {
    const topic = uniqueTopic('relay.big');
    await admin.ensureTopics([topic], 1);
    // Ten 300 KB rows on one partition: 3 MB in one record batch would exceed the broker's 2 MB limit.
    const rows = Array.from({ length: 10 }, (_, i): OutboxRow => ({ topic, key: 'same', value: Buffer.alloc(300 * 1024, i) }));
    await dataSource.transaction((em) => enqueueOutbox(em, SCHEMA, rows));
    const relay = new OutboxRelay({ client, dataSource, schema: SCHEMA, listen: false });
    relays.push(relay);
    expect(await relay.drainOnce()).toBe(10);
    expect(await unsent()).toBe(0);
    const records = await readTopic(env.brokers, topic);
    expect(records.map((r) => r.value?.[0])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  }, 120_000);

  it('keeps rows unsent while the topic cannot take them, then sends them once it can', async () => {
    const topic = uniqueTopic('relay.late');
    await dataSource.transaction((em) => enqueueOutbox(em, SCHEMA, [{ topic, key: null, value: Buffer.from('late') }]));
    const relay = new OutboxRelay({ client, dataSource, schema: SCHEMA, pollMs: 100, listen: false });
    relays.push(relay);
    await relay.start();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await unsent()).toBe(1);
    await admin.ensureTopics([topic], 1);
    await waitFor(async () => (await unsent()) === 0, { timeoutMs: 120_000, description: 'the late row to be sent' });
    expect((await readTopic(env.brokers, topic)).map((r) => String(r.value))).toEqual(['late']);
  }, 180_000);
});
