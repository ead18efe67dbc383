import { eventStoreTables } from '@continuity/event-store';
import { Client } from 'pg';

/** What a test consumer's schema holds, read with a plain pg client (no shared pool with the code under test). */
export interface SchemaSnapshot {
  /** `source#event_id` of stored events, with how many rows each has (must be 1). */
  events: Map<string, number>;
  rejected: Array<{ topic: string; partition: number; offset: string; key: Buffer | null; value: Buffer | null; code: string }>;
  /** next_offset per partition for the group. */
  offsets: Map<number, string>;
  /** How many times the handler saw each event. */
  handled: Map<string, number>;
  unsentOutbox: number;
}

export async function snapshotSchema(url: string, schema: string, group: string): Promise<SchemaSnapshot> {
  const t = eventStoreTables(schema);
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    // One snapshot for all reads, so offsets and rows are seen as of the same commit.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const events = await client.query<{ k: string; n: string }>(`SELECT source || '#' || event_id AS k, count(*) AS n FROM ${t.events} GROUP BY 1`);
    const rejected = await client.query(
      `SELECT topic, partition, kafka_offset::text AS offset, key, value, error_code AS code FROM ${t.rejectedMessages} ORDER BY partition, kafka_offset`,
    );
    const offsets = await client.query<{ partition: number; next_offset: string }>(
      `SELECT partition, next_offset::text AS next_offset FROM ${t.consumerOffsets} WHERE consumer_group = $1`,
      [group],
    );
    const handled = await client.query<{ k: string; times: number }>(`SELECT source || '#' || event_id AS k, times FROM ${t.schema}.handled`);
    const unsent = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${t.outbox} WHERE sent_at IS NULL`);
    await client.query('COMMIT');
    return {
      events: new Map(events.rows.map((r) => [r.k, Number(r.n)])),
      rejected: rejected.rows,
      offsets: new Map(offsets.rows.map((r) => [r.partition, r.next_offset])),
      handled: new Map(handled.rows.map((r) => [r.k, r.times])),
      unsentOutbox: Number(unsent.rows[0].n),
    };
  } finally {
    await client.end();
  }
}

/** Sum of the group's stored next offsets: how far the consumer got, for progress probes. */
export async function storedOffsetTotal(url: string, schema: string, group: string): Promise<bigint> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query<{ n: string | null }>(
      `SELECT sum(next_offset)::text AS n FROM ${eventStoreTables(schema).consumerOffsets} WHERE consumer_group = $1`,
      [group],
    );
    return BigInt(r.rows[0].n ?? '0');
  } catch (error) {
    if ((error as { code?: string }).code === '42P01') return 0n; // table not migrated yet
    throw error;
  } finally {
    await client.end();
  }
}

/** True when the group's stored offsets equal the high watermarks of every non-empty partition. */
export function caughtUp(offsets: Map<number, string>, highWatermarks: Map<number, string>): boolean {
  for (const [partition, high] of highWatermarks) {
    if (high === '0') continue;
    if (offsets.get(partition) !== high) return false;
  }
  return true;
}
