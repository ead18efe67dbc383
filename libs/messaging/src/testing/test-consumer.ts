import { createDataSource, EventStore, runMigrations } from '@continuity/event-store';
import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { createMessagingClient, type MessagingClient } from '../lib/client/messaging-client';
import { jsonLineLogger, silentLogger } from '../lib/client/messaging-logger';
import { ConsumerRunner } from '../lib/consumer/consumer-runner';
import type { ConsumerRunnerOptions } from '../lib/consumer/consumer-runner.options';
import { OutboxRelay } from '../lib/outbox/outbox-relay';

/** Settings of the tiny consumer service the int tests run (in process, or as a child to kill). */
export interface TestConsumerConfig {
  databaseUrl: string;
  schema: string;
  brokers: string[];
  topic: string;
  groupId: string;
  /** Also run an outbox relay (DLQ rows); default true. */
  relay?: boolean;
  commitOffsetsToKafka?: boolean;
  /** Shorter than kafkajs's 30 s so a killed member leaves the group quickly. */
  sessionTimeout?: number;
  maxBatchMessages?: number;
  /** Log kafkajs warnings and runner events to stderr. */
  verbose?: boolean;
  /** Fault injection: every n-th handler call throws after writing its rows (which must roll back). */
  failEvery?: number;
}

/** The handler's own state: how many times each event was handed to it (must end at 1). */
class HandledTable1732790000000 implements MigrationInterface {
  name = 'HandledTable1732790000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE handled (source text NOT NULL, event_id text NOT NULL, times integer NOT NULL, PRIMARY KEY (source, event_id))`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE handled');
  }
}

export interface TestConsumer {
  client: MessagingClient;
  dataSource: DataSource;
  store: EventStore;
  runner: ConsumerRunner;
  relay: OutboxRelay | null;
  stop(): Promise<void>;
}

/**
 * Starts the service: migrations, a ConsumerRunner whose handler counts each accepted event in
 * `handled` (same transaction), and an outbox relay. Extra runner options override the defaults.
 */
export async function startTestConsumer(config: TestConsumerConfig, overrides: Partial<ConsumerRunnerOptions> = {}): Promise<TestConsumer> {
  await runMigrations(config.databaseUrl, config.schema, [HandledTable1732790000000]);
  const dataSource = await createDataSource({ url: config.databaseUrl, schema: config.schema, poolSize: 4, applicationName: 'messaging-test' }).initialize();
  const logger = config.verbose ? jsonLineLogger('test-consumer') : silentLogger;
  const client = createMessagingClient({ brokers: config.brokers, clientId: `test-${config.groupId}`, logLevel: config.verbose ? 'warn' : 'nothing', logger });
  const store = new EventStore(config.schema);
  let calls = 0;
  const runner = new ConsumerRunner(client, {
    groupId: config.groupId,
    topics: [config.topic],
    dataSource,
    store,
    streamIdOf: (e) => `patient-${e.patientKey ?? e.facility}`,
    tagsOf: (e) => (e.patientKey ? [`patient:${e.patientKey}`] : []),
    parseOptionsFor: () => ({ domain: 'prescriptions' }),
    handler: async ({ em, accepted }) => {
      calls += 1;
      if (accepted.length === 0) return;
      await em.query(
        `INSERT INTO ${store.tables.schema}.handled (source, event_id, times)
         SELECT s, i, 1 FROM unnest($1::text[], $2::text[]) AS t(s, i)
         ON CONFLICT (source, event_id) DO UPDATE SET times = handled.times + 1`,
        [accepted.map((e) => e.source), accepted.map((e) => e.eventId)],
      );
      if (config.failEvery && calls % config.failEvery === 0) throw new Error(`injected handler fault (call ${calls})`);
    },
    commitOffsetsToKafka: config.commitOffsetsToKafka,
    sessionTimeout: config.sessionTimeout,
    heartbeatInterval: config.sessionTimeout ? Math.max(500, Math.floor(config.sessionTimeout / 6)) : undefined,
    maxBatchMessages: config.maxBatchMessages,
    logger,
    ...overrides,
  });
  const relay = config.relay === false ? null : new OutboxRelay({ client, dataSource, schema: config.schema, pollMs: 200, logger });
  await relay?.start();
  await runner.start();
  return {
    client,
    dataSource,
    store,
    runner,
    relay,
    stop: async () => {
      await runner.stop();
      await relay?.stop();
      await dataSource.destroy();
    },
  };
}
