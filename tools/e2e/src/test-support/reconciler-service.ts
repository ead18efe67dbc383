import type { Domain } from '@continuity/contracts';
import { createDataSource, runMigrations } from '@continuity/event-store';
import { labRuleSet } from '@continuity/lab';
import { createMessagingClient, type MessagingClient } from '@continuity/messaging';
import { prescriptionsRuleSet } from '@continuity/prescriptions';
import { Reconciler, reconcilerMigrations } from '@continuity/reconciler';
import type { RuleSet } from '@continuity/rules';
import { schedulingRuleSet } from '@continuity/scheduling';
import { uniqueTopic } from '@continuity/testing';
import type { DataSource } from 'typeorm';
import type { ScenarioTopics } from './scenario-topics';

/** A fresh rule set of each domain, as its app wires it. */
export function ruleSetOf(domain: Domain): RuleSet<unknown> {
  switch (domain) {
    case 'prescriptions':
      return prescriptionsRuleSet() as RuleSet<unknown>;
    case 'lab':
      return labRuleSet() as RuleSet<unknown>;
    case 'scheduling':
      return schedulingRuleSet() as RuleSet<unknown>;
    default: {
      const never: never = domain;
      throw new Error(`unknown domain ${String(never)}`);
    }
  }
}

export interface ServiceOptions {
  brokers: string[];
  databaseUrl: string;
  domain: Domain;
  /** Its own schema in the test database. */
  schema: string;
  topics: ScenarioTopics;
  /** Messages per chunk transaction; default the runner's. */
  maxBatchMessages?: number;
}

/** One live instance: its reconciler, and its own pool and Kafka client, as a separate process would have. */
interface Instance {
  reconciler: Reconciler<unknown>;
  dataSource: DataSource;
  client: MessagingClient;
}

/**
 * One reconciler service of a run: a domain, its schema, its consumer group, and the instances of
 * it started in this process (each with its own pool and Kafka client, like separate processes).
 */
export class ReconcilerService {
  readonly groupId: string;
  private readonly live = new Map<string, Instance>();

  constructor(readonly options: ServiceOptions) {
    this.groupId = uniqueTopic(`${options.domain}-reconcilers`);
  }

  get domain(): Domain {
    return this.options.domain;
  }
  get schema(): string {
    return this.options.schema;
  }
  get domainTopic(): string {
    return this.options.topics.domain(this.options.domain);
  }

  /** Creates the schema's tables (event store and reconciler migrations). */
  async migrate(): Promise<void> {
    await runMigrations(this.options.databaseUrl, this.schema, reconcilerMigrations(this.schema));
  }

  /** Starts one instance; resolves once its consumers run. */
  async start(instanceId: string): Promise<Reconciler<unknown>> {
    if (this.live.has(instanceId)) throw new Error(`${instanceId} already runs`);
    const o = this.options;
    const dataSource = await createDataSource({
      url: o.databaseUrl,
      schema: this.schema,
      migrations: reconcilerMigrations(this.schema),
      poolSize: 4,
      applicationName: `e2e-${this.schema}-${instanceId}`,
    }).initialize();
    const client = createMessagingClient({ brokers: o.brokers, clientId: `e2e-${this.schema}-${instanceId}` });
    const reconciler = new Reconciler<unknown>({
      domain: o.domain,
      ruleSet: ruleSetOf(o.domain),
      client,
      dataSource,
      schema: this.schema,
      instanceId,
      groupId: this.groupId,
      topics: { domain: this.domainTopic, downtime: o.topics.downtime, tasks: o.topics.tasks },
      maxBatchMessages: o.maxBatchMessages,
    });
    this.live.set(instanceId, { reconciler, dataSource, client });
    await reconciler.start();
    return reconciler;
  }

  /** Stops one instance (its partitions move to the others of the group). */
  async stop(instanceId: string): Promise<void> {
    const instance = this.live.get(instanceId);
    if (!instance) return;
    this.live.delete(instanceId);
    try {
      await instance.reconciler.stop();
    } finally {
      await instance.dataSource.destroy();
    }
  }

  async stopAll(): Promise<void> {
    const ids = [...this.live.keys()];
    const results = await Promise.allSettled(ids.map((id) => this.stop(id)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** The instances running now. */
  instanceIds(): string[] {
    return [...this.live.keys()];
  }

  instance(instanceId: string): Reconciler<unknown> {
    const instance = this.live.get(instanceId);
    if (!instance) throw new Error(`${instanceId} does not run`);
    return instance.reconciler;
  }

  /** The downtime consumer group of an instance (every instance reads all of the downtime topic). */
  downtimeGroupOf(instanceId: string): string {
    return `${this.groupId}-downtime-${instanceId}`;
  }
}
