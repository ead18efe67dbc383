import { encodeCloudEvent, type CloudEventInput, type Domain } from '@continuity/contracts';
import { createDataSource, runMigrations } from '@continuity/event-store';
import { createMessagingClient, type MessagingClient, type Producer } from '@continuity/messaging';
import type { RuleSet } from '@continuity/rules';
import { createTestDatabase, createTopics, testEnvironment, uniqueTopic, type TestDatabase } from '@continuity/testing';
import type { DataSource } from 'typeorm';
import { Reconciler, type ReconcilerHooks } from '../lib/reconciler';
import { reconcilerMigrations } from '../lib/reconciler.migrations';

/** What a reconciler int test works with: its own topics, database, schema, client and producer. */
export interface ReconcilerTestBed<S> {
  readonly brokers: string[];
  readonly topics: { domain: string; downtime: string; tasks: string };
  readonly schema: string;
  /** Valid once the suite's beforeAll ran. */
  ds: DataSource;
  /** A reconciler instance on the bed, in the bed's consumer group unless given one. */
  reconciler(instanceId: string, o?: { hooks?: ReconcilerHooks; groupId?: string }): Reconciler<S>;
  /** Publishes clinical events on the domain topic, keyed by patient (CONTRACT.md §1). */
  clinical(events: CloudEventInput[]): Promise<void>;
  /** Publishes downtime declarations and heartbeats, keyed by facility. */
  operations(events: CloudEventInput[]): Promise<void>;
}

/**
 * Declares, for the calling describe block, fresh topics and a fresh database migrated for the
 * domain's reconciler, on the real broker and PostgreSQL, and drops them afterwards.
 */
export function reconcilerTestBed<S>(domain: Domain, ruleSet: () => RuleSet<S>, name: string): ReconcilerTestBed<S> {
  const { brokers } = testEnvironment();
  const topics = { domain: uniqueTopic(name), downtime: uniqueTopic('downtime'), tasks: uniqueTopic('tasks') };
  const groupId = uniqueTopic(`${name}-group`);
  const schema = domain;
  let db: TestDatabase;
  let client: MessagingClient;
  let producer: Producer;

  const publish = async (topic: string, events: CloudEventInput[], key: (e: CloudEventInput) => string) => {
    await producer.send(topic, events.map((e) => ({ key: key(e), value: encodeCloudEvent(e), headers: { 'content-type': 'application/cloudevents+json' } })));
  };

  const bed: ReconcilerTestBed<S> = {
    brokers,
    topics,
    schema,
    ds: undefined as unknown as DataSource,
    reconciler: (instanceId, o = {}) =>
      new Reconciler({ domain, ruleSet: ruleSet(), client, dataSource: bed.ds, instanceId, topics, groupId: o.groupId ?? groupId, schema, hooks: o.hooks }),
    clinical: (events) => publish(topics.domain, events, (e) => (e.subject ?? '').replace('Patient/', '')),
    operations: (events) => publish(topics.downtime, events, (e) => e.facility),
  };

  beforeAll(async () => {
    db = await createTestDatabase(name);
    await createTopics(brokers, [topics.domain, topics.downtime, topics.tasks, `${topics.domain}.dlq`, `${topics.downtime}.dlq`]);
    const migrations = reconcilerMigrations(schema);
    await runMigrations(db.url, schema, migrations);
    bed.ds = await createDataSource({ url: db.url, schema, migrations }).initialize();
    client = createMessagingClient({ brokers, clientId: `${name}-int-test` });
    producer = client.producer({ idempotent: true });
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await bed.ds?.destroy();
    if (!process.env['KEEP_TEST_DB']) await db?.drop();
    else console.log('kept', db.url);
  });

  return bed;
}
