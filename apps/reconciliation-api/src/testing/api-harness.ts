import type { INestApplication } from '@nestjs/common';
import type { Domain } from '@continuity/contracts';
import { Reconciler, reconcilerMigrations, type ReconcilerOptions } from '@continuity/reconciler';
import { createDataSource, runMigrations } from '@continuity/event-store';
import { labRuleSet } from '@continuity/lab';
import { createMessagingClient, type MessagingClient, type OutgoingMessage } from '@continuity/messaging';
import { prescriptionsRuleSet } from '@continuity/prescriptions';
import type { RuleSet } from '@continuity/rules';
import { schedulingRuleSet } from '@continuity/scheduling';
import { bootstrapService } from '@continuity/service-kit';
import { createTestDatabase, createTopics, testEnvironment, uniqueTopic, type TestDatabase } from '@continuity/testing';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { ReconciliationApiModule } from '../app.module';
import type { ResolvedApiOptions } from '../config/api-options';
import { API_OPTIONS } from '../config/tokens';
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
  /** The API's topics, and each domain's input topic (a reconciler started on the harness reads it). */
  topics: { tasks: string; downtime: string } & Record<Domain, string>;
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
  const topics = {
    tasks: uniqueTopic('api.tasks'),
    downtime: uniqueTopic('api.downtime'),
    prescriptions: uniqueTopic('api.rx'),
    lab: uniqueTopic('api.lab'),
    scheduling: uniqueTopic('api.sched'),
  };
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

/** A reconciler started on the harness, and its own read-write DataSource on its schema. */
export interface HarnessReconciler {
  reconciler: Reconciler<unknown>;
  dataSource: DataSource;
  /** The schema it writes: the one the API's history reads for its domain. */
  schema: string;
  stop(): Promise<void>;
}

const RULE_SETS: Record<Domain, () => RuleSet<unknown>> = {
  prescriptions: () => prescriptionsRuleSet() as RuleSet<unknown>,
  lab: () => labRuleSet() as RuleSet<unknown>,
  scheduling: () => schedulingRuleSet() as RuleSet<unknown>,
};

/**
 * A real reconciler of `domain` on the harness's database and topics. Its schema is the one the
 * running API reads that domain's history from (replays, order history), so what it records is
 * what the API replays.
 */
export async function startReconciler(api: ApiHarness, domain: Domain, extra: Partial<ReconcilerOptions<unknown>> = {}): Promise<HarnessReconciler> {
  const schema = api.app.get<ResolvedApiOptions>(API_OPTIONS).reconcilerSchemas[domain];
  const migrations = reconcilerMigrations(schema);
  await runMigrations(api.db.url, schema, migrations);
  const dataSource = await createDataSource({ url: api.db.url, schema, migrations }).initialize();
  const reconciler = new Reconciler<unknown>({
    domain,
    ruleSet: RULE_SETS[domain](),
    client: api.client,
    dataSource,
    schema,
    instanceId: 'e2e',
    topics: { domain: api.topics[domain], downtime: api.topics.downtime, tasks: api.topics.tasks },
    groupId: uniqueTopic(`${domain}-group`),
    ...extra,
  });
  await reconciler.start();
  return {
    reconciler,
    dataSource,
    schema,
    stop: async () => {
      await reconciler.stop();
      await dataSource.destroy();
    },
  };
}

/** A real prescriptions reconciler on the harness's database and topics (its own schema). */
export const startPrescriptionsReconciler = (api: ApiHarness, extra: Partial<ReconcilerOptions<unknown>> = {}): Promise<HarnessReconciler> =>
  startReconciler(api, 'prescriptions', extra);
