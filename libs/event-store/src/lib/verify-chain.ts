import { canonicalJson } from './canonical-json';
import type { Db } from './db-handle';
import { queryRows } from './db-handle';
import type { ChainVerification } from './event.types';
import { EVENT_COLUMNS, EventRow, mapEventRow } from './event-row';
import { chainHash, contentString } from './hash-chain';
import type { EventStoreTables } from './schema-name';

/** Rows read per query: bounds memory whatever the size of the log. */
const DEFAULT_BATCH = 2_000;

/**
 * Walks the events in position order and recomputes the chain. Returns the first row whose
 * content no longer matches its hash, or whose prev_hash does not link to the row before it
 * (a row rewritten with a recomputed hash, or rows deleted in between). Rows appended during
 * the walk are checked too. Removing the newest rows leaves no trace in a chain; compare
 * `lastPosition` and the last hash with a copy kept elsewhere to detect that.
 */
export async function verifyChain(db: Db, tables: EventStoreTables, batchSize = DEFAULT_BATCH): Promise<ChainVerification> {
  let after = '0';
  let prev: { position: string; hash: Buffer } | null = null;
  let rows = 0;
  for (;;) {
    const batch = await queryRows<EventRow>(
      db,
      `SELECT ${EVENT_COLUMNS} FROM ${tables.events} e WHERE e.position > $1 ORDER BY e.position LIMIT $2`,
      [after, batchSize],
    );
    for (const r of batch) {
      const linked = prev === null ? r.prev_hash === null : r.prev_hash !== null && r.prev_hash.equals(prev.hash);
      if (!linked) {
        return {
          ok: false,
          position: r.position,
          reason:
            prev === null
              ? 'the first row links to a previous hash: earlier rows were deleted'
              : `prev_hash does not equal the hash of the row before (position ${prev.position}): ` +
                'that row was rewritten or rows in between were deleted',
        };
      }
      const e = mapEventRow(r);
      const content = contentString(e, canonicalJson(e.data), canonicalJson(e.metadata));
      if (!chainHash(r.prev_hash, content).equals(r.hash)) {
        return { ok: false, position: r.position, reason: 'content does not match its hash: the row was altered' };
      }
      prev = { position: r.position, hash: r.hash };
      rows++;
    }
    if (batch.length < batchSize) return { ok: true, rows };
    after = batch[batch.length - 1].position;
  }
}
