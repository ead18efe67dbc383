import type { ParsedEvent } from '@continuity/contracts';
import { eventStoreTables } from '@continuity/event-store';
import { DOWNTIME_ENDED, DOWNTIME_STARTED, type FactChange, type Instant, type LogEntry } from '@continuity/rules';
import type { EntityManager } from 'typeorm';
import { CLOCK_TICKED, clockStreamOf, SHARED_FACT_CHANGED, type TickData } from './reconciler-events';

const HEARTBEAT = 'continuity.source.heartbeat';
const PAGE = 5000;

/** Where one partition's log lives in the service schema. */
export interface PartitionLogSource {
  schema: string;
  topic: string;
  partition: number;
  downtimeTopic: string;
}

interface LogRow {
  position: string;
  type: string;
  data: unknown;
}

/**
 * The stored log of one partition in global position order, as the engine replays it: its
 * clinical events, its clock ticks and every declared downtime. Paged, so memory stays bounded
 * by the engine's own state, not by the log's length.
 */
export async function* readPartitionLog(em: EntityManager, src: PartitionLogSource, upTo?: string): AsyncGenerator<LogEntry> {
  const { events } = eventStoreTables(src.schema);
  let after = '0';
  for (;;) {
    const rows: LogRow[] = await em.query(
      // Order by the bigint column, not by its text alias ("10" < "2").
      `SELECT e.position::text AS position, e.type, e.data FROM ${events} e
        WHERE e.position > $1 AND ($6::bigint IS NULL OR e.position <= $6::bigint)
          AND ((e.kafka_topic = $2 AND e.kafka_partition = $3) OR e.stream_id = $4
               OR (e.kafka_topic = $5 AND e.type IN ('${DOWNTIME_STARTED}', '${DOWNTIME_ENDED}')))
        ORDER BY e.position LIMIT ${PAGE}`,
      [after, src.topic, src.partition, clockStreamOf(src.topic, src.partition), src.downtimeTopic, upTo ?? null],
    );
    for (const row of rows) yield toEntry(row);
    if (rows.length < PAGE) return;
    after = rows[rows.length - 1].position;
  }
}

function toEntry(row: LogRow): LogEntry {
  if (row.type === CLOCK_TICKED) {
    const tick = row.data as TickData;
    return { kind: 'tick', now: tick.now, downtimeUpTo: tick.downtimeUpTo };
  }
  const event = row.data as ParsedEvent;
  if (row.type === DOWNTIME_STARTED || row.type === DOWNTIME_ENDED) return { kind: 'downtime', position: row.position, event };
  return { kind: 'event', event };
}

/** What the downtime topic added to the store after a position. */
export interface DowntimeLogDelta {
  downtimes: Array<{ position: string; event: ParsedEvent }>;
  /** Latest heartbeat time among the new rows. */
  latestHeartbeat: Instant | null;
  /** The last position read: the next cursor. */
  lastPosition: string;
}

/**
 * Reads, under the caller's append lock (so every earlier append is committed and visible), the
 * downtime declarations and heartbeats stored after `cursor` by any instance of the service.
 */
export async function readDowntimeLogAfter(em: EntityManager, schema: string, downtimeTopic: string, cursor: string): Promise<DowntimeLogDelta> {
  const { events } = eventStoreTables(schema);
  // One connection: the two reads run one after the other.
  const declared: LogRow[] = await em.query(
      `SELECT e.position::text AS position, e.type, e.data FROM ${events} e
        WHERE e.kafka_topic = $1 AND e.position > $2 AND e.type IN ('${DOWNTIME_STARTED}', '${DOWNTIME_ENDED}') ORDER BY e.position`,
      [downtimeTopic, cursor],
  );
  const beat: Array<{ t: Date | null; p: string | null }> = await em.query(
      `SELECT max(clinical_time) AS t, max(position)::text AS p FROM ${events}
        WHERE kafka_topic = $1 AND position > $2 AND type = '${HEARTBEAT}'`,
      [downtimeTopic, cursor],
  );
  const lastDeclared = declared.length > 0 ? declared[declared.length - 1].position : cursor;
  const lastBeat = beat[0]?.p ?? cursor;
  return {
    downtimes: declared.map((r) => ({ position: r.position, event: r.data as ParsedEvent })),
    latestHeartbeat: beat[0]?.t ? new Date(beat[0].t).getTime() : null,
    lastPosition: BigInt(lastBeat) > BigInt(lastDeclared) ? lastBeat : lastDeclared,
  };
}

/**
 * Recorded time of the last valid event stored from `topic`/`partition` at or below `offset`
 * (stored by any instance): how far a consumer at that offset has read, in event time.
 */
export async function timeReadAt(em: EntityManager, schema: string, topic: string, partition: number, offset: bigint): Promise<Instant | null> {
  if (offset < 0n) return null;
  const { events } = eventStoreTables(schema);
  const rows: Array<{ t: Date }> = await em.query(
    `SELECT e.recorded_time AS t FROM ${events} e
      WHERE e.kafka_topic = $1 AND e.kafka_partition = $2 AND e.kafka_offset <= $3
      ORDER BY e.kafka_offset DESC LIMIT 1`,
    [topic, partition, offset.toString()],
  );
  return rows.length > 0 ? new Date(rows[0].t).getTime() : null;
}

/**
 * The fact changes of one shared stage stored after `after` (and up to `upTo`), in position order:
 * the log a shared stage replays. Paged like a partition's log.
 */
export async function* readSharedFacts(
  em: EntityManager,
  schema: string,
  stage: string,
  after = '0',
  upTo?: string,
): AsyncGenerator<{ position: string; fact: FactChange }> {
  const { events } = eventStoreTables(schema);
  for (;;) {
    const rows: Array<{ position: string; data: FactChange }> = await em.query(
      `SELECT e.position::text AS position, e.data FROM ${events} e
        WHERE e.type = '${SHARED_FACT_CHANGED}' AND e.position > $1 AND ($2::bigint IS NULL OR e.position <= $2::bigint)
          AND e.data->>'stage' = $3
        ORDER BY e.position LIMIT ${PAGE}`,
      [after, upTo ?? null, stage],
    );
    for (const row of rows) yield { position: row.position, fact: row.data };
    if (rows.length < PAGE) return;
    after = rows[rows.length - 1].position;
  }
}
