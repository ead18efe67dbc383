import type { EntityManager } from 'typeorm';
import { storeHeaders, type MessageHeaders } from '../headers/message-headers';
import { eventStoreTables } from '@continuity/event-store';
import { outboxChannel } from './sql-names';

/** A record to publish once the surrounding transaction commits. */
export interface OutboxRow {
  topic: string;
  /** Bytes as given (a DLQ row keeps the original key untouched); a string is sent as UTF-8. */
  key: Buffer | string | null;
  value: Buffer | string | null;
  headers?: MessageHeaders;
}

const asBytes = (v: Buffer | string | null): Buffer | null => (v === null ? null : typeof v === 'string' ? Buffer.from(v, 'utf8') : v);

/**
 * Inserts outbox rows in the caller's transaction (one multi-row statement via unnest) and
 * notifies the schema's relays, which PostgreSQL delivers only if the transaction commits.
 * Rows keep their order: the relay publishes by ascending id.
 */
export async function enqueueOutbox(em: EntityManager, schema: string, rows: readonly OutboxRow[]): Promise<void> {
  if (rows.length === 0) return;
  const { outbox } = eventStoreTables(schema);
  await em.query(
    `WITH inserted AS (
       INSERT INTO ${outbox} (topic, key, value, headers)
       SELECT t.topic, t.key, t.value, t.headers
         FROM unnest($1::text[], $2::bytea[], $3::bytea[], $4::jsonb[]) WITH ORDINALITY AS t(topic, key, value, headers, n)
        ORDER BY t.n
       RETURNING 1)
     SELECT pg_notify($5, '') FROM (SELECT count(*) FROM inserted) AS c`,
    [
      rows.map((r) => r.topic),
      rows.map((r) => asBytes(r.key)),
      rows.map((r) => asBytes(r.value)),
      rows.map((r) => JSON.stringify(storeHeaders(r.headers))),
      outboxChannel(schema),
    ],
  );
}

/** The outbox of one service schema, for handlers that prefer an object. */
export class Outbox {
  constructor(readonly schema: string) {
    eventStoreTables(schema); // validates the name
  }

  /** See {@link enqueueOutbox}. */
  enqueue(em: EntityManager, rows: readonly OutboxRow[]): Promise<void> {
    return enqueueOutbox(em, this.schema, rows);
  }
}
