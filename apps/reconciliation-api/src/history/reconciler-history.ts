import type { Domain } from '@continuity/contracts';
import { eventStoreTables } from '@continuity/event-store';
import { TASK_CHANGE_TYPES, type TaskChangeData } from '@continuity/reconciler';
import type { EntityManager } from 'typeorm';

/** One Kafka partition a reconciler consumed. */
export interface ConsumedPartition {
  topic: string;
  partition: number;
}

/** A task decision as a reconciler stored it. */
export interface RecordedDecision {
  position: string;
  data: TaskChangeData;
}

/** An event of a reconciler's store, as order history shows it. */
export interface HistoryRow {
  position: string;
  stream_id: string;
  source: string;
  event_id: string;
  type: string;
  clinical_time: Date | null;
  recorded_time: Date | null;
  data: unknown;
}

/**
 * Positions are bigints handed out as text; every ORDER BY names the table's column (`e.position`),
 * since a bare `position` would sort by the text alias ('10' before '2').
 *
 * Reads a reconciler's schema — never writes it: every call goes through the caller's
 * EntityManager, which comes from the read-only history DataSource. Only the event store's
 * tables are read, with the queries its indexes serve.
 */
export class ReconcilerHistory {
  private readonly tables;

  constructor(readonly domain: Domain, readonly schema: string) {
    this.tables = eventStoreTables(schema);
  }

  /** False until the reconciler has migrated its schema (the API may start first). */
  async exists(em: EntityManager): Promise<boolean> {
    const [row]: Array<{ present: boolean }> = await em.query(`SELECT to_regclass($1) IS NOT NULL AS present`, [this.tables.events]);
    return row.present;
  }

  /** The partitions of its input topic it has consumed (from its stored offsets), the downtime topic aside. */
  async partitions(em: EntityManager, downtimeTopic: string): Promise<ConsumedPartition[]> {
    return em.query(
      `SELECT DISTINCT topic, partition FROM ${this.tables.consumerOffsets} WHERE topic <> $1 ORDER BY topic, partition`,
      [downtimeTopic],
    );
  }

  /** The last position recorded at or before `at` (what was known then), or null. */
  async lastPositionAt(em: EntityManager, at: Date): Promise<string | null> {
    // Backwards on the position index: stops at the first row old enough.
    const rows: Array<{ position: string }> = await em.query(
      `SELECT e.position::text AS position FROM ${this.tables.events} e WHERE e.recorded_time <= $1 ORDER BY e.position DESC LIMIT 1`,
      [at],
    );
    return rows[0]?.position ?? null;
  }

  /** The task decisions it recorded with a decision time in [from, to], up to a position, in position order. */
  async decisions(em: EntityManager, from: Date, to: Date, upTo: string): Promise<RecordedDecision[]> {
    return em.query(
      `SELECT e.position::text AS position, e.data FROM ${this.tables.events} e
        WHERE e.clinical_time >= $1 AND e.clinical_time <= $2 AND e.position <= $3::bigint AND e.type = ANY($4::text[])
        ORDER BY e.position`,
      [from, to, upTo, Object.values(TASK_CHANGE_TYPES)],
    );
  }

  /** Every event tagged with a business id (`system|value`), in position order. */
  async byTag(em: EntityManager, tag: string): Promise<HistoryRow[]> {
    return em.query(
      `SELECT e.position::text AS position, e.stream_id, e.source, e.event_id, e.type, e.clinical_time, e.recorded_time, e.data
         FROM ${this.tables.events} e WHERE e.tags @> ARRAY[$1]::text[] ORDER BY e.position`,
      [tag],
    );
  }
}
