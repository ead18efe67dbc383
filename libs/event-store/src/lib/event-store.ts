import type { EntityManager } from 'typeorm';
import { advisoryKey } from './advisory-key';
import { appendBatch } from './append-batch';
import { Db, inTransaction, queryRows } from './db-handle';
import type { AppendResult, ChainVerification, NewEvent, StoredEvent } from './event.types';
import { EVENT_COLUMNS, EventRow, mapEventRow } from './event-row';
import { EventStoreTables, eventStoreTables } from './schema-name';
import { verifyChain } from './verify-chain';

/** Options of the range reads. `limit` unset reads everything that matches. */
export interface RangeOptions {
  afterPosition?: bigint | string;
  limit?: number;
}

/** Options of `readByTime`. */
export interface TimeRangeOptions {
  /** Only these event types. */
  types?: string[];
  limit?: number;
}

/**
 * The append-only event log of one service schema. Every method takes the caller's
 * EntityManager (so appends commit with the caller's other writes) or a DataSource.
 */
export class EventStore {
  readonly tables: EventStoreTables;
  private readonly lockKey: string;

  constructor(readonly schema: string) {
    this.tables = eventStoreTables(schema);
    this.lockKey = advisoryKey(`continuity:event-store:append:${schema}`);
  }

  /**
   * Appends events in one multi-row statement. Idempotent on (source, eventId): pairs already
   * stored, or repeated in the batch, come back in `duplicates`. Throws `ConcurrencyError` when
   * an `expectedVersion` does not match. Serializes appends to this schema until the caller's
   * transaction ends, so append as late as possible in it (just before the offsets and commit).
   * The transaction must be READ COMMITTED (PostgreSQL's default).
   */
  append(db: Db, events: readonly NewEvent[]): Promise<AppendResult> {
    if (events.length === 0) return Promise.resolve({ appended: [], duplicates: [] });
    return inTransaction(db, (em) => appendBatch(em, this.tables, this.lockKey, events));
  }

  /**
   * Takes this schema's append lock in the caller's transaction (held until it ends), as
   * `append` does. A consumer that decides from in-memory state takes it first, so its decisions
   * and the events they saw land in the log in the order they were taken.
   */
  async lockAppends(em: EntityManager): Promise<void> {
    await em.query('SELECT pg_advisory_xact_lock($1::bigint)', [this.lockKey]);
  }

  /** Events of one stream from `fromVersion` (default 1) on, in version order. */
  async readStream(db: Db, streamId: string, fromVersion = 1): Promise<StoredEvent[]> {
    return this.select(db, 'e.stream_id = $1 AND e.stream_version >= $2 ORDER BY e.stream_version', [streamId, fromVersion]);
  }

  /**
   * Up to `limit` events after `afterPosition`, in position order, for readers that follow the
   * log: pass the last position returned to the next call. Never skips an event: appends hold a
   * lock until commit, so positions follow commit order; and the answer stops before the first
   * row whose transaction is not below `pg_snapshot_xmin` (the oldest transaction still running),
   * so only rows of finished transactions are handed out, as Emmett does.
   */
  async readPositions(db: Db, afterPosition: bigint | string, limit: number): Promise<StoredEvent[]> {
    const rows = await queryRows<EventRow & { settled: boolean }>(
      db,
      `SELECT ${EVENT_COLUMNS}, e.transaction_id < pg_snapshot_xmin(pg_current_snapshot()) AS settled
         FROM ${this.tables.events} e WHERE e.position > $1 ORDER BY e.position LIMIT $2`,
      [String(afterPosition), limit],
    );
    const out: StoredEvent[] = [];
    for (const r of rows) {
      if (!r.settled) break;
      out.push(mapEventRow(r));
    }
    return out;
  }

  /** Events whose clinical time is in [from, to), by clinical time then position. */
  async readByTime(db: Db, from: Date, to: Date, opts: TimeRangeOptions = {}): Promise<StoredEvent[]> {
    const params: unknown[] = [from, to];
    let where = 'e.clinical_time >= $1 AND e.clinical_time < $2';
    if (opts.types) {
      params.push(opts.types);
      where += ` AND e.type = ANY($${params.length}::text[])`;
    }
    return this.select(db, `${where} ORDER BY e.clinical_time, e.position${this.limit(params, opts.limit)}`, params);
  }

  /** Events carrying `tag`, in position order. */
  async readByTag(db: Db, tag: string, opts: RangeOptions = {}): Promise<StoredEvent[]> {
    const params: unknown[] = [[tag], String(opts.afterPosition ?? 0)];
    return this.select(db, `e.tags @> $1::text[] AND e.position > $2 ORDER BY e.position${this.limit(params, opts.limit)}`, params);
  }

  /**
   * Events read from one Kafka partition, in position order: what a consumer folds to rebuild
   * the state of a partition it was just assigned.
   */
  async readPartition(
    db: Db,
    topic: string,
    partition: number,
    afterPosition: bigint | string = 0n,
    limit?: number,
  ): Promise<StoredEvent[]> {
    const params: unknown[] = [topic, partition, String(afterPosition)];
    return this.select(
      db,
      `e.kafka_topic = $1 AND e.kafka_partition = $2 AND e.position > $3 ORDER BY e.position${this.limit(params, limit)}`,
      params,
    );
  }

  /** The highest position visible now ('0' when the log is empty). */
  async lastPosition(db: Db): Promise<string> {
    const [r] = await queryRows<{ p: string | null }>(db, `SELECT max(position)::text AS p FROM ${this.tables.events}`);
    return r.p ?? '0';
  }

  /** Recomputes the hash chain; names the first row that was altered. See `verifyChain`. */
  verifyChain(db: Db, batchSize?: number): Promise<ChainVerification> {
    return verifyChain(db, this.tables, batchSize);
  }

  private async select(db: Db, whereAndOrder: string, params: unknown[]): Promise<StoredEvent[]> {
    const rows = await queryRows<EventRow>(db, `SELECT ${EVENT_COLUMNS} FROM ${this.tables.events} e WHERE ${whereAndOrder}`, params);
    return rows.map(mapEventRow);
  }

  private limit(params: unknown[], limit: number | undefined): string {
    if (limit === undefined) return '';
    params.push(limit);
    return ` LIMIT $${params.length}`;
  }
}
