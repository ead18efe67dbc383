import { DEFAULT_PARTITIONS } from '@continuity/contracts';
import { eventStoreTables } from '@continuity/event-store';
import { readPartitionLog, readSharedFacts, sharedStageTopic, type TaskChangeData } from '@continuity/reconciler';
import { replay, replayShared, type FactChange, type LogEntry } from '@continuity/rules';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { ruleSetOf, type ReconcilerService } from './reconciler-service';

/** The task decisions of each partition as a sequence of `kind id`, and the final status of each task. */
export interface Decisions {
  /** Keyed `p<partition>`, in partition order (so a failing comparison shows a readable diff), then `stage:<name>` for a shared stage. */
  byPartition: Record<string, string[]>;
  finalStatus: Map<string, string>;
}

const sortedMap = <V>(m: Map<string, V>): Map<string, V> => new Map([...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

function emptyDecisions(): Decisions {
  const byPartition: Record<string, string[]> = {};
  for (let p = 0; p < DEFAULT_PARTITIONS; p++) byPartition[`p${p}`] = [];
  return { byPartition, finalStatus: new Map() };
}

/** The decisions the service stored live (`continuity.task.*` events), in position order. */
export async function recordedDecisions(ds: DataSource, schema: string): Promise<Decisions> {
  const rows: Array<{ data: TaskChangeData }> = await ds.query(
    `SELECT data FROM ${eventStoreTables(schema).events} WHERE type LIKE 'continuity.task.%' ORDER BY position`,
  );
  const d = emptyDecisions();
  for (const { data } of rows) {
    const key = data.topic.startsWith('stage:') ? data.topic : `p${data.partition}`;
    (d.byPartition[key] ??= []).push(`${data.change.kind} ${data.change.task.id}`);
    d.finalStatus.set(data.change.task.id, data.change.task.status);
  }
  d.finalStatus = sortedMap(d.finalStatus);
  return d;
}

/** The decisions the pure engine takes when it folds each partition's stored log again. */
export async function replayedDecisions(ds: DataSource, service: ReconcilerService): Promise<Decisions> {
  const d = emptyDecisions();
  await ds.transaction('REPEATABLE READ', async (em) => {
    for (let partition = 0; partition < DEFAULT_PARTITIONS; partition++) {
      const entries: LogEntry[] = [];
      const src = { schema: service.schema, topic: service.domainTopic, partition, downtimeTopic: service.options.topics.downtime };
      for await (const e of readPartitionLog(em, src)) entries.push(e);
      const { changes, tasks } = replay(ruleSetOf(service.domain), entries);
      d.byPartition[`p${partition}`] = changes.map((c) => `${c.kind} ${c.task.id}`);
      for (const t of tasks) d.finalStatus.set(t.id, t.status);
    }
    const ruleSet = ruleSetOf(service.domain);
    if (ruleSet.shared) {
      const facts: FactChange[] = [];
      for await (const { fact } of readSharedFacts(em, service.schema, ruleSet.shared.name)) facts.push(fact);
      const { changes, tasks } = replayShared(ruleSet.shared, { version: ruleSet.version, configHash: ruleSet.configHash }, facts);
      if (changes.length > 0) d.byPartition[sharedStageTopic(ruleSet.shared.name)] = changes.map((c) => `${c.kind} ${c.task.id}`);
      for (const t of tasks) d.finalStatus.set(t.id, t.status);
    }
  });
  d.finalStatus = sortedMap(d.finalStatus);
  return d;
}

/** How a topic's messages ended up in a schema. */
export interface StoredCounts {
  /** Event rows read from the topic. */
  rows: number;
  /** Distinct (source, id) among them. */
  distinct: number;
  /** Rejected messages of the topic, by error code. */
  rejected: Record<string, number>;
}

export async function storedCounts(pg: Client, schema: string, topic: string): Promise<StoredCounts> {
  const t = eventStoreTables(schema);
  const ev = await pg.query<{ rows: string; distinct: string }>(
    `SELECT count(*)::text AS rows, count(DISTINCT (source, event_id))::text AS distinct FROM ${t.events} WHERE kafka_topic = $1`,
    [topic],
  );
  const rej = await pg.query<{ code: string; n: string }>(
    `SELECT error_code AS code, count(*)::text AS n FROM ${t.rejectedMessages} WHERE topic = $1 GROUP BY 1`,
    [topic],
  );
  return {
    rows: Number(ev.rows[0].rows),
    distinct: Number(ev.rows[0].distinct),
    rejected: Object.fromEntries(rej.rows.map((r) => [r.code, Number(r.n)])),
  };
}

/** A plain pg client on the test database, for reads that must not share the services' pools. */
export async function connect(url: string): Promise<Client> {
  const pg = new Client({ connectionString: url });
  await pg.connect();
  return pg;
}
