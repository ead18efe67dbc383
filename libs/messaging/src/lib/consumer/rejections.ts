import { dlqTopic, type ContractError } from '@continuity/contracts';
import { eventStoreTables } from '@continuity/event-store';
import type { EntityManager } from 'typeorm';
import { storeHeaders, type MessageHeaders } from '../headers/message-headers';
import { enqueueOutbox, type OutboxRow } from '../outbox/outbox';
import type { ConsumedMessage } from './consumed-message';

/** A consumed message that failed the contract checks, and why. */
export interface Rejection {
  message: ConsumedMessage;
  error: ContractError;
}

/** DLQ header names (CONTRACT.md §7). */
export const DLQ_HEADERS = {
  errorCode: 'x-error-code',
  errorDetail: 'x-error-detail',
  originalTopic: 'x-original-topic',
  originalPartition: 'x-original-partition',
  originalOffset: 'x-original-offset',
} as const;

/** Keeps headers and the rejected table readable; a detail names a field, it needs no more. */
const MAX_DETAIL_CHARS = 1000;

/** Bounded, and NUL-free: PostgreSQL text cannot hold U+0000 and a failing insert would stall the partition. */
function clip(detail: string): string {
  const clean = detail.replaceAll('\u0000', '\uFFFD');
  return clean.length > MAX_DETAIL_CHARS ? `${clean.slice(0, MAX_DETAIL_CHARS - 1)}…` : clean;
}

/**
 * The DLQ record of a rejection: the original key and value bytes untouched, the original
 * headers plus the `x-*` headers saying why and where from (ours win over same-named originals).
 */
export function dlqRecordOf({ message, error }: Rejection): OutboxRow {
  const headers: MessageHeaders = Object.assign(Object.create(null) as MessageHeaders, message.headers, {
    [DLQ_HEADERS.errorCode]: error.code,
    [DLQ_HEADERS.errorDetail]: clip(error.detail),
    [DLQ_HEADERS.originalTopic]: message.topic,
    [DLQ_HEADERS.originalPartition]: String(message.partition),
    [DLQ_HEADERS.originalOffset]: message.offset,
  });
  return { topic: dlqTopic(message.topic), key: message.key, value: message.value, headers };
}

/**
 * Records rejections in `rejected_messages` (one multi-row statement) and enqueues their DLQ
 * records in the outbox, in the caller's transaction. A message already recorded (same topic,
 * partition, offset) is neither recorded nor sent again. Returns how many were new.
 */
export async function recordRejections(em: EntityManager, schema: string, rejections: readonly Rejection[]): Promise<number> {
  if (rejections.length === 0) return 0;
  const rows = (await em.query(
    `INSERT INTO ${eventStoreTables(schema).rejectedMessages}
            (topic, partition, kafka_offset, key, value, headers, error_code, error_detail)
     SELECT * FROM unnest($1::text[], $2::int[], $3::bigint[], $4::bytea[], $5::bytea[], $6::jsonb[], $7::text[], $8::text[])
     ON CONFLICT (topic, partition, kafka_offset) DO NOTHING
     RETURNING topic, partition, kafka_offset::text AS kafka_offset`,
    [
      rejections.map((r) => r.message.topic),
      rejections.map((r) => r.message.partition),
      rejections.map((r) => r.message.offset),
      rejections.map((r) => r.message.key),
      rejections.map((r) => r.message.value),
      rejections.map((r) => JSON.stringify(storeHeaders(r.message.headers))),
      rejections.map((r) => r.error.code),
      rejections.map((r) => clip(r.error.detail)),
    ],
  )) as Array<{ topic: string; partition: number; kafka_offset: string }>;
  const fresh = new Set(rows.map((r) => `${r.topic}\u0000${r.partition}\u0000${r.kafka_offset}`));
  const toSend = rejections.filter((r) => fresh.has(`${r.message.topic}\u0000${r.message.partition}\u0000${r.message.offset}`));
  await enqueueOutbox(em, schema, toSend.map(dlqRecordOf));
  return toSend.length;
}
