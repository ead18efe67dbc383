import type { StoredEvent } from './event.types';

/**
 * Columns read back for a StoredEvent, from the events table aliased `e`. int8 values are cast
 * to text so no global pg type parser can turn them into lossy numbers; queries must therefore
 * sort by `e.position`, since a bare `position` in ORDER BY names the text output column.
 */
export const EVENT_COLUMNS =
  'e.position::text AS position, e.transaction_id::text AS transaction_id, e.stream_id, e.stream_version, e.source, ' +
  'e.event_id, e.type, e.clinical_time, e.recorded_time, e.ingested_at, e.kafka_topic, e.kafka_partition, ' +
  'e.kafka_offset::text AS kafka_offset, e.data, e.metadata, e.tags, e.hash, e.prev_hash';

/** A row of `events` as node-postgres returns it for EVENT_COLUMNS. */
export interface EventRow {
  position: string;
  transaction_id: string;
  stream_id: string;
  stream_version: number;
  source: string;
  event_id: string;
  type: string;
  clinical_time: Date | null;
  recorded_time: Date | null;
  ingested_at: Date;
  kafka_topic: string | null;
  kafka_partition: number | null;
  kafka_offset: string | null;
  data: unknown;
  metadata: Record<string, unknown>;
  tags: string[];
  hash: Buffer;
  prev_hash: Buffer | null;
}

export function mapEventRow(r: EventRow): StoredEvent {
  return {
    position: r.position,
    streamId: r.stream_id,
    streamVersion: r.stream_version,
    source: r.source,
    eventId: r.event_id,
    type: r.type,
    clinicalTime: r.clinical_time,
    recordedTime: r.recorded_time,
    ingestedAt: r.ingested_at,
    kafka:
      r.kafka_topic === null
        ? null
        : { topic: r.kafka_topic, partition: r.kafka_partition as number, offset: r.kafka_offset as string },
    data: r.data,
    metadata: r.metadata,
    tags: r.tags,
    hash: r.hash.toString('hex'),
    prevHash: r.prev_hash === null ? null : r.prev_hash.toString('hex'),
    transactionId: r.transaction_id,
  };
}
