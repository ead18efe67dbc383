import type { INestApplication } from '@nestjs/common';
import { Reconciler, reconcilerMigrations, type ReconcilerOptions } from '@continuity/reconciler';
import { createDataSource, runMigrations } from '@continuity/event-store';
import { createMessagingClient, type MessagingClient, type OutgoingMessage } from '@continuity/messaging';
import { prescriptionsRuleSet } from '@continuity/prescriptions';
import { bootstrapService } from '@continuity/service-kit';
import { createTestDatabase, createTopics, testEnvironment, uniqueTopic, type TestDatabase } from '@continuity/testing';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { ReconciliationApiModule } from '../app.module';
import { API_OPEN_API } from '../open-api';

/** The test keys, one per role (CONTRACT.md §5). */
export const KEYS = {
  officer: 'officer-secret-1',
  auditor: 'auditor-secret-1',
  publisher: 'publisher-secret-1',
  admin: 'admin-secret-1',
} as const;
export type TestRole = keyof typeof KEYS;

const API_KEYS = 'olivia:officer:officer-secret-1,audrey:auditor:auditor-secret-1,paul:publisher:publisher-secret-1,ada:admin:admin-secret-1';

/** A running API on its own database and topics, and what a test needs around it. */
export interface ApiHarness {
  app: INestApplication;
  db: TestDatabase;
  topics: { tasks: string; downtime: string; prescriptions: string };
  client: MessagingClient;
  /** JSON log lines the app wrote. */
  logs: Array<Record<string, unknown>>;
  http(): ReturnType<typeof request>;
  /** `Authorization` header of a role's key. */
  auth(role: TestRole): { Authorization: string };
  publish(topic: string, messages: OutgoingMessage[]): Promise<void>;
  /** True once the API's task consumer has stored offsets up to the tasks topic's high watermarks. */
  tasksConsumed(): Promise<boolean>;
  /** A read-write DataSource on the test database (search_path api), for assertions. */
  sql: DataSource;
  close(): Promise<void>;
}

/**
 * Boots the API (its real module, as `main.ts` does) on a new database and unique topics, with
 * the heartbeat off unless `env` turns it on.
 */
export async function startApi(prefix: string, env: Record<string, string> = {}): Promise<ApiHarness> {
  const { brokers } = testEnvironment();
  const db = await createTestDatabase(prefix);
  const topics = { tasks: uniqueTopic('api.tasks'), downtime: uniqueTopic('api.downtime'), prescriptions: uniqueTopic('api.rx') };
  await createTopics(brokers, Object.values(topics), 3);
  const logs: Array<Record<string, unknown>> = [];
  const app = await bootstrapService(
    ReconciliationApiModule.forRoot({
      env: {
        DATABASE_URL: db.url,
        KAFKA_BROKERS: brokers.join(','),
        PORT: '0',
        API_KEYS,
        LOG_LEVEL: 'info',
        INSTANCE_ID: `${prefix}-api`,
        API_HEARTBEAT_SECONDS: '0',
        ...env,
      },
      topics: { tasks: topics.tasks, downtime: topics.downtime },
      tasksGroupId: uniqueTopic('api-tasks-group'),
      logging: { destination: { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) } },
    }),
    { port: 0, openApi: API_OPEN_API },
  );
  const client = createMessagingClient({ brokers, clientId: `${prefix}-test`, logLevel: 'nothing' });
  const sql = await createDataSource({ url: db.url, schema: 'api' }).initialize();
  return {
    app,
    db,
    topics,
    client,
    logs,
    sql,
    http: () => request(app.getHttpServer()),
    tasksConsumed: async () => {
      const admin = client.admin();
      try {
        const high = await admin.fetchHighWatermarks(topics.tasks);
        const rows: Array<{ partition: number; next: string }> = await sql.query(
          `SELECT partition, next_offset::text AS next FROM api.consumer_offsets WHERE topic = $1`,
          [topics.tasks],
        );
        const stored = new Map(rows.map((r) => [r.partition, BigInt(r.next)]));
        return [...high].every(([partition, offset]) => (stored.get(partition) ?? 0n) >= BigInt(offset));
      } finally {
        await admin.disconnect();
      }
    },
    auth: (role) => ({ Authorization: `Bearer ${KEYS[role]}` }),
    publish: async (topic, messages) => {
      const producer = client.producer({ idempotent: true });
      await producer.connect();
      try {
        await producer.send(topic, messages);
      } finally {
        await producer.disconnect();
      }
    },
    close: async () => {
      await app.close();
      await sql.destroy();
      await db.drop();
    },
  };
}

/** A real prescriptions reconciler on the harness's database and topics (its own schema). */
export async function startPrescriptionsReconciler(api: ApiHarness, extra: Partial<ReconcilerOptions<unknown>> = {}): Promise<{ reconciler: Reconciler<unknown>; dataSource: DataSource; stop(): Promise<void> }> {
  const migrations = reconcilerMigrations('prescriptions');
  await runMigrations(api.db.url, 'prescriptions', migrations);
  const dataSource = await createDataSource({ url: api.db.url, schema: 'prescriptions', migrations }).initialize();
  const reconciler = new Reconciler<unknown>({
    domain: 'prescriptions',
    ruleSet: prescriptionsRuleSet() as never,
    client: api.client,
    dataSource,
    instanceId: 'e2e',
    topics: { domain: api.topics.prescriptions, downtime: api.topics.downtime, tasks: api.topics.tasks },
    groupId: uniqueTopic('rx-group'),
    ...extra,
  });
  await reconciler.start();
  return {
    reconciler,
    dataSource,
    stop: async () => {
      await reconciler.stop();
      await dataSource.destroy();
    },
  };
}
