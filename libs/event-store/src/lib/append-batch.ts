import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { EntityManager } from 'typeorm';
import { canonicalJson } from './canonical-json';
import { ConcurrencyError } from './concurrency.error';
import { COPY_COLUMNS, copyLine } from './copy-text';
import type { AppendResult, NewEvent, StoredEvent } from './event.types';
import { chainHash, contentString } from './hash-chain';
import { assertStorableJson, assertValidNewEvent } from './new-event.validation';
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

/**
 * Rows per COPY data message. Rows are hashed and encoded one chunk ahead of what PostgreSQL is
 * inserting, so the two overlap; small chunks keep that overlap without bloating memory.
 */
const ROWS_PER_CHUNK = 100;

/** An event that will be stored: its index in the batch and the version it gets. */
interface Planned {
  index: number;
  event: NewEvent;
  streamVersion: number;
}

/**
 * Appends `events` inside the caller's transaction `em` (READ COMMITTED). Under a per-schema
 * advisory lock held until commit: drops already-stored (source, eventId) pairs, checks expected
 * versions, gives gapless positions and stream versions, extends the hash chain, and writes all
 * rows in one COPY under a savepoint (measured 2-3x faster than a multi-row INSERT of unnest arrays, for batches of
 * 10 and of 1,000 alike). Because the lock is held to commit, positions follow commit order.
 */
export async function appendBatch(
  em: EntityManager,
  tables: EventStoreTables,
  lockKey: string,
  events: readonly NewEvent[],
): Promise<AppendResult> {
  if (events.length === 0) return { appended: [], duplicates: [] };
  events.forEach(assertValidNewEvent);
  const isDuplicate = new Array<boolean>(events.length).fill(false);
  const firstIndex = new Map<string, number>();
  events.forEach((e, i) => {
    const key = idKey(e.source, e.eventId);
    if (firstIndex.has(key)) isDuplicate[i] = true;
    else firstIndex.set(key, i);
  });

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
  let last = { position: 0n, hash: null as Buffer | null };
  for (const r of state) {
    if (r.kind === 'dup') stored.add(idKey(r.a as string, r.b as string));
    else if (r.kind === 'ver') versions.set(r.a as string, r.n === null ? 0 : Number(r.n));
    else last = { position: BigInt(r.n as string), hash: r.h };
  }

  // Every decision first, writing nothing; then the rows, under a savepoint: whatever fails
  // (ConcurrencyError, InvalidEventError, a database error), nothing of this call remains and the
  // caller's transaction stays usable.
  const plan: Planned[] = [];
  events.forEach((e, i) => {
    if (isDuplicate[i]) return;
    if (stored.has(idKey(e.source, e.eventId))) {
      isDuplicate[i] = true;
      return;
    }
    const current = versions.get(e.streamId) ?? 0;
    const expected = e.expectedVersion ?? 'any';
    if (expected !== 'any' && expected !== current) throw new ConcurrencyError(e.streamId, expected, current);
    versions.set(e.streamId, current + 1);
    plan.push({ index: i, event: e, streamVersion: current + 1 });
  });
  const duplicates = events.filter((_, i) => isDuplicate[i]);
  if (plan.length === 0) return { appended: [], duplicates };

  const appended: StoredEvent[] = [];
  const chunks = encodeRows(plan, last, lock, appended);
  try {
    await copyRows(em, tables, chunks);
  } catch (err) {
    throw toConcurrencyError(err) ?? err;
  }
  return { appended, duplicates };
}

/**
 * Yields the COPY text of the planned rows, ROWS_PER_CHUNK at a time, hashing each row onto the
 * previous one; pushes each StoredEvent to `out` as it goes.
 */
function* encodeRows(
  plan: readonly Planned[],
  last: { position: bigint; hash: Buffer | null },
  lock: LockRow,
  out: StoredEvent[],
): Generator<string> {
  const ingestedIso = lock.now.toISOString();
  let position = last.position;
  let prevHash = last.hash;
  let prevHex = prevHash === null ? null : prevHash.toString('hex');
  let chunk = '';
  for (let i = 0; i < plan.length; i++) {
    const { index, event: e, streamVersion } = plan[i];
    const dataJson = canonicalJson(e.data);
    const metadataJson = canonicalJson(e.metadata ?? {});
    assertStorableJson(dataJson, index, 'data');
    assertStorableJson(metadataJson, index, 'metadata');
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
      ingestedAt: lock.now,
      kafka: e.kafka ? { topic: e.kafka.topic, partition: e.kafka.partition, offset: e.kafka.offset } : null,
      data: e.data,
      metadata: e.metadata ?? {},
      tags: e.tags ?? [],
      hash: '',
      prevHash: prevHex,
      transactionId: lock.xid,
    };
    const hash = chainHash(prevHash, contentString(ev, dataJson, metadataJson));
    ev.hash = hash.toString('hex');
    prevHash = hash;
    prevHex = ev.hash;
    out.push(ev);
    chunk += copyLine(ev, dataJson, metadataJson, ingestedIso);
    if ((i + 1) % ROWS_PER_CHUNK === 0 || i === plan.length - 1) {
      yield chunk;
      chunk = '';
    }
  }
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

/** Rolls back to it when the COPY fails, so the caller's transaction survives a refused append. */
const SAVEPOINT = 'continuity_event_store_append';

/** COPYs the chunks into events on the transaction's own connection, encoding while it inserts. */
async function copyRows(em: EntityManager, tables: EventStoreTables, chunks: Iterable<string>): Promise<void> {
  if (!em.queryRunner) throw new Error('append: the EntityManager has no query runner (not in a transaction)');
  const client = (await em.queryRunner.connect()) as PoolClient;
  await client.query(`SAVEPOINT ${SAVEPOINT}`);
  try {
    await pipeline(
      // highWaterMark 1: encode one chunk ahead, not the whole batch before the first byte is sent.
      Readable.from(chunks, { highWaterMark: 1 }),
      client.query(copyFrom(`COPY ${tables.events} (${COPY_COLUMNS}) FROM STDIN`)),
    );
  } catch (err) {
    await client.query(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`).catch(() => undefined); // the original error says more
    throw err;
  }
  await client.query(`RELEASE SAVEPOINT ${SAVEPOINT}`);
}

function toConcurrencyError(err: unknown): ConcurrencyError | undefined {
  const e = err as { code?: string; constraint?: string; detail?: string; driverError?: { code?: string; constraint?: string; detail?: string } };
  const pg = e.driverError ?? e;
  if (pg.code !== '23505' || pg.constraint !== STREAM_VERSION_KEY) return undefined;
  // detail: Key (stream_id, stream_version)=(<id>, <n>) already exists.
  const m = /=\((.*), (\d+)\) already exists/.exec(pg.detail ?? '');
  return new ConcurrencyError(m ? m[1] : 'unknown', null, null);
}
