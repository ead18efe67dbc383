import { encodeCloudEvent, makeDowntimeEnded, makeDowntimeStarted, makeHeartbeat, makeMedicationAdministered, type CloudEventInput } from '@continuity/contracts';
import { createDataSource, runMigrations } from '@continuity/event-store';
import { createMessagingClient, type MessagingClient, type Producer } from '@continuity/messaging';
import { prescriptionsRuleSet } from '@continuity/prescriptions';
import { createTestDatabase, createTopics, readTopic, testEnvironment, uniqueTopic, waitFor, type TestDatabase } from '@continuity/testing';
import type { DataSource } from 'typeorm';
import { Reconciler } from './lib/reconciler';
import { reconcilerMigrations } from './lib/reconciler.migrations';

/**
 * A chunk of the downtime topic ticks every engine; when its transaction fails, nothing it decided
 * is stored, so the engines must not keep what they decided in it. A heartbeat passes an orphan
 * administration's deadline, the first transaction deciding it fails, and the task must still be
 * published once the heartbeat is handled again.
 */
const SCHEMA = 'prescriptions';
const T0 = '2024-08-03T10:00:00Z';
const T1 = '2024-08-04T18:00:00Z';
const at = (iso: string, hours: number) => new Date(Date.parse(iso) + hours * 3_600_000).toISOString();

describe('Reconciler after a failed downtime chunk (real broker and database)', () => {
  const { brokers } = testEnvironment();
  const topics = { domain: uniqueTopic('rx'), downtime: uniqueTopic('downtime'), tasks: uniqueTopic('tasks') };
  let db: TestDatabase;
  let ds: DataSource;
  let client: MessagingClient;
  let producer: Producer;

  const publish = async (topic: string, events: CloudEventInput[], key: (e: CloudEventInput) => string) => {
    await producer.send(topic, events.map((e) => ({ key: key(e), value: encodeCloudEvent(e), headers: { 'content-type': 'application/cloudevents+json' } })));
  };

  beforeAll(async () => {
    db = await createTestDatabase('reconciler-failure');
    await createTopics(brokers, [topics.domain, topics.downtime, topics.tasks, `${topics.domain}.dlq`, `${topics.downtime}.dlq`]);
    const migrations = reconcilerMigrations(SCHEMA);
    await runMigrations(db.url, SCHEMA, migrations);
    ds = await createDataSource({ url: db.url, schema: SCHEMA, migrations }).initialize();
    client = createMessagingClient({ brokers, clientId: 'reconciler-failure-int-test' });
    producer = client.producer({ idempotent: true });
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await ds?.destroy();
    if (!process.env['KEEP_TEST_DB']) await db?.drop();
  });

  it('publishes the task whose deadline a failed chunk had passed', async () => {
    let failures = 0;
    const reconciler = new Reconciler({
      domain: 'prescriptions',
      ruleSet: prescriptionsRuleSet(),
      client,
      dataSource: ds,
      instanceId: 'failing',
      topics,
      groupId: uniqueTopic('rx-group'),
      schema: SCHEMA,
      hooks: {
        // The database fails once, at the end of the transaction that opened the task.
        onTaskChanges: (changes) => {
          if (failures === 0 && changes.some((c) => c.kind === 'opened')) {
            failures += 1;
            throw new Error('simulated database failure');
          }
        },
      },
    });
    await reconciler.start();
    try {
      await publish(topics.downtime, [makeDowntimeStarted({ time: T0, systems: ['ehr'] })], (e) => e.facility);
      await publish(
        topics.domain,
        [makeMedicationAdministered({ patientKey: 'P3', order: 'RX-Z', effective: at(T0, 3), time: at(T0, 3), recordedtime: at(T1, 2), entrymode: 'backentry' })],
        () => 'P3',
      );
      await publish(topics.downtime, [makeDowntimeEnded({ time: T1, systems: ['ehr'] }), makeHeartbeat({ time: at(T1, 3) })], (e) => e.facility);
      await waitFor(async () => (await ds.query(`SELECT count(*)::int AS n FROM ${SCHEMA}.events WHERE stream_id LIKE 'patient-%'`))[0].n === 1, {
        description: 'the administration stored',
      });
      await publish(topics.downtime, [makeHeartbeat({ time: at(T1, 13) })], (e) => e.facility);
      await waitFor(async () => (await readTopic(brokers, topics.tasks)).length === 1, { timeoutMs: 60_000, description: 'the orphan task published' });
      const [record] = await readTopic(brokers, topics.tasks);
      const task = JSON.parse(record.value?.toString('utf8') ?? '{}').data;
      expect([task.code.coding[0].code, task.status, task.for.identifier.value]).toEqual(['rx-orphan-administration', 'requested', 'P3']);
      expect(failures).toBe(1);
    } finally {
      await reconciler.stop();
    }
  });
});
