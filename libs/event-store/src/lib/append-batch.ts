import type { EntityManager } from 'typeorm';
import { canonicalJson } from './canonical-json';
import { ConcurrencyError } from './concurrency.error';
import type { AppendResult, NewEvent, StoredEvent } from './event.types';
import { chainHash, contentString } from './hash-chain';
import { assertValidNewEvent } from './new-event.validation';
import type { EventStoreTables } from './schema-name';

/** Name of the primary key (stream_id, stream_version): a violation is a concurrent append. */
const STREAM_VERSION_KEY = 'events_pkey';

interface LockRow {
  isolation: string;
  xid: string;
  now: Date;
}

interface StateRow {
  kind: 'dup' | 'ver' | 'last';
  a: string | null;
  b: string | null;
  n: string | null;
  h: Buffer | null;
}

/** The columns of one multi-row INSERT, one array per column (the shape `unnest` wants). */
interface Columns {
  position: string[];
  streamId: string[];
  streamVersion: number[];
  source: string[];
  eventId: string[];
  type: string[];
  clinicalTime: (string | null)[];
  recordedTime: (string | null)[];
  kafkaTopic: (string | null)[];
  kafkaPartition: (number | null)[];
  kafkaOffset: (string | null)[];
  data: string[];
  metadata: string[];
  tags: string[];
  hash: Buffer[];
  prevHash: (Buffer | null)[];
}

/**
 * Appends `events` inside the caller's transaction `em` (READ COMMITTED). Under a per-schema
 * advisory lock held until commit: drops already-stored (source, eventId) pairs, checks expected
 * versions, gives gapless positions and stream versions, extends the hash chain, and inserts all
 * rows in one statement. Because the lock is held to commit, positions follow commit order.
 */
export async function appendBatch(
  em: EntityManager,
  tables: EventStoreTables,
  lockKey: string,
  events: readonly NewEvent[],
): Promise<AppendResult> {
  events.forEach(assertValidNewEvent);
  const isDuplicate = new Array<boolean>(events.length).fill(false);
  const firstIndex = new Map<string, number>();
  events.forEach((e, i) => {
    const key = idKey(e.source, e.eventId);
    if (firstIndex.has(key)) isDuplicate[i] = true;
    else firstIndex.set(key, i);
  });
  if (firstIndex.size === 0) return { appended: [], duplicates: [] };

  const [lock] = (await em.query(
    `SELECT pg_advisory_xact_lock($1::bigint), current_setting('transaction_isolation') AS isolation,
            pg_current_xact_id()::text AS xid, date_trunc('milliseconds', now()) AS now`,
    [lockKey],
  )) as LockRow[];
  if (lock.isolation !== 'read committed') {
    // A snapshot older than the lock would miss the previous holder's rows and fork the chain.
    throw new Error(`append needs a READ COMMITTED transaction, not ${lock.isolation}`);
  }

  // Read after the lock is granted (a new statement, so a new snapshot): nothing can change it now.
  const firsts = [...firstIndex.values()].map((i) => events[i]);
  const state = (await em.query(stateSql(tables), [
    firsts.map((e) => e.source),
    firsts.map((e) => e.eventId),
    [...new Set(firsts.map((e) => e.streamId))],
  ])) as StateRow[];
  const stored = new Set<string>();
  const versions = new Map<string, number>();
  let position = 0n;
  let prevHash: Buffer | null = null;
  for (const r of state) {
    if (r.kind === 'dup') stored.add(idKey(r.a as string, r.b as string));
    else if (r.kind === 'ver') versions.set(r.a as string, r.n === null ? 0 : Number(r.n));
    else {
      position = BigInt(r.n as string);
      prevHash = r.h;
    }
  }

  const cols = emptyColumns();
  const appended: StoredEvent[] = [];
  const ingestedAt = lock.now;
  const ingestedIso = ingestedAt.toISOString();
  events.forEach((e, i) => {
    if (isDuplicate[i]) return;
    if (stored.has(idKey(e.source, e.eventId))) {
      isDuplicate[i] = true;
      return;
    }
    const current = versions.get(e.streamId) ?? 0;
    const expected = e.expectedVersion ?? 'any';
    if (expected !== 'any' && expected !== current) throw new ConcurrencyError(e.streamId, expected, current);
    const streamVersion = current + 1;
    versions.set(e.streamId, streamVersion);
    position += 1n;
    const ev: StoredEvent = {
      position: position.toString(),
      streamId: e.streamId,
      streamVersion,
      source: e.source,
      eventId: e.eventId,
      type: e.type,
      clinicalTime: e.clinicalTime ?? null,
      recordedTime: e.recordedTime ?? null,
      ingestedAt,
      kafka: e.kafka ? { topic: e.kafka.topic, partition: e.kafka.partition, offset: e.kafka.offset } : null,
      data: e.data,
      metadata: e.metadata ?? {},
      tags: e.tags ?? [],
      hash: '',
      prevHash: prevHash === null ? null : prevHash.toString('hex'),
      transactionId: lock.xid,
    };
    const dataJson = canonicalJson(ev.data);
    const metadataJson = canonicalJson(ev.metadata);
    const hash = chainHash(prevHash, contentString({ ...ev, dataJson, metadataJson }));
    ev.hash = hash.toString('hex');
    pushRow(cols, ev, dataJson, metadataJson, hash, prevHash);
    prevHash = hash;
    appended.push(ev);
  });

  if (appended.length > 0) {
    try {
      await em.query(insertSql(tables), [...columnParams(cols), ingestedIso]);
    } catch (err) {
      throw toConcurrencyError(err) ?? err;
    }
  }
  return { appended, duplicates: events.filter((_, i) => isDuplicate[i]) };
}

function idKey(source: string, eventId: string): string {
  // NUL cannot occur in a PostgreSQL text value, so the pair maps to one key unambiguously.
  return `${source}\u0000${eventId}`;
}

/** Already-stored pairs of the batch, current version of each stream, and the chain's last row. */
function stateSql(t: EventStoreTables): string {
  return `
    SELECT 'dup' AS kind, e.source AS a, e.event_id AS b, NULL::text AS n, NULL::bytea AS h
      FROM unnest($1::text[], $2::text[]) AS i(source, event_id)
      JOIN ${t.events} e ON e.source = i.source AND e.event_id = i.event_id
    UNION ALL
    SELECT 'ver', s.stream_id, NULL,
           (SELECT max(e.stream_version) FROM ${t.events} e WHERE e.stream_id = s.stream_id)::text, NULL
      FROM unnest($3::text[]) AS s(stream_id)
    UNION ALL
    -- qualified: a bare "position" would sort by the text output column
    (SELECT 'last', NULL, NULL, e.position::text, e.hash FROM ${t.events} e ORDER BY e.position DESC LIMIT 1)`;
}

function insertSql(t: EventStoreTables): string {
  return `
    INSERT INTO ${t.events} (position, stream_id, stream_version, source, event_id, type, clinical_time,
      recorded_time, kafka_topic, kafka_partition, kafka_offset, data, metadata, tags, hash, prev_hash, ingested_at)
    SELECT u.position, u.stream_id, u.stream_version, u.source, u.event_id, u.type, u.clinical_time,
      u.recorded_time, u.kafka_topic, u.kafka_partition, u.kafka_offset, u.data, u.metadata, u.tags::text[],
      u.hash, u.prev_hash, $17::timestamptz
    FROM unnest($1::bigint[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::timestamptz[],
      $8::timestamptz[], $9::text[], $10::int[], $11::bigint[], $12::jsonb[], $13::jsonb[], $14::text[],
      $15::bytea[], $16::bytea[])
      AS u(position, stream_id, stream_version, source, event_id, type, clinical_time, recorded_time,
           kafka_topic, kafka_partition, kafka_offset, data, metadata, tags, hash, prev_hash)`;
}

/** The column arrays in the order of insertSql's $1..$16. */
function columnParams(c: Columns): unknown[] {
  return [
    c.position, c.streamId, c.streamVersion, c.source, c.eventId, c.type, c.clinicalTime, c.recordedTime,
    c.kafkaTopic, c.kafkaPartition, c.kafkaOffset, c.data, c.metadata, c.tags, c.hash, c.prevHash,
  ];
}

function emptyColumns(): Columns {
  return {
    position: [], streamId: [], streamVersion: [], source: [], eventId: [], type: [], clinicalTime: [],
    recordedTime: [], kafkaTopic: [], kafkaPartition: [], kafkaOffset: [], data: [], metadata: [], tags: [],
    hash: [], prevHash: [],
  };
}

function pushRow(c: Columns, e: StoredEvent, dataJson: string, metadataJson: string, hash: Buffer, prev: Buffer | null): void {
  c.position.push(e.position);
  c.streamId.push(e.streamId);
  c.streamVersion.push(e.streamVersion);
  c.source.push(e.source);
  c.eventId.push(e.eventId);
  c.type.push(e.type);
  c.clinicalTime.push(e.clinicalTime?.toISOString() ?? null);
  c.recordedTime.push(e.recordedTime?.toISOString() ?? null);
  c.kafkaTopic.push(e.kafka?.topic ?? null);
  c.kafkaPartition.push(e.kafka?.partition ?? null);
  c.kafkaOffset.push(e.kafka?.offset ?? null);
  c.data.push(dataJson);
  c.metadata.push(metadataJson);
  c.tags.push(textArrayLiteral(e.tags));
  c.hash.push(hash);
  c.prevHash.push(prev);
}

/** A PostgreSQL text[] literal: each row's tags travel as one element of a text[] parameter. */
function textArrayLiteral(items: readonly string[]): string {
  let out = '{';
  for (let i = 0; i < items.length; i++) {
    out += (i > 0 ? ',"' : '"') + items[i].replace(/[\\"]/g, '\\$&') + '"';
  }
  return out + '}';
}

function toConcurrencyError(err: unknown): ConcurrencyError | undefined {
  const e = err as { code?: string; constraint?: string; detail?: string; driverError?: { code?: string; constraint?: string; detail?: string } };
  const pg = e.driverError ?? e;
  if (pg.code !== '23505' || pg.constraint !== STREAM_VERSION_KEY) return undefined;
  // detail: Key (stream_id, stream_version)=(<id>, <n>) already exists.
  const m = /=\((.*), (\d+)\) already exists/.exec(pg.detail ?? '');
  return new ConcurrencyError(m ? m[1] : 'unknown', null, null);
}
