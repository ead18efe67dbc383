import { parseMessage, type ErrorCode, type ParsedEvent, type ParseOptions } from '@continuity/contracts';
import type { NewEvent } from '@continuity/event-store';
import type { EntityManager } from 'typeorm';
import type { ConsumedMessage } from './consumed-message';
import type { BatchHandler, AppendOnlyStore, ChunkMetrics } from './consumer-runner.options';
import type { OffsetStore, TopicPartition } from './offset-store';
import { recordRejections, type Rejection } from './rejections';

/** A chunk once parsed: valid events as store rows, rejections with their reasons. */
export interface ParsedChunk {
  events: NewEvent[];
  rejections: Rejection[];
}

/** How a parsed event becomes a store row. */
export interface EventMapping {
  streamIdOf(event: ParsedEvent): string;
  tagsOf?(event: ParsedEvent): string[];
  parseOptionsFor?(topic: string): ParseOptions;
}

/**
 * Parses each message against the contract (never throws) and maps the valid ones to store rows.
 * The ParsedEvent itself is the row's data, so a replay feeds the rules exactly what they saw.
 */
export function parseChunk(messages: readonly ConsumedMessage[], mapping: EventMapping): ParsedChunk {
  const events: NewEvent[] = [];
  const rejections: Rejection[] = [];
  for (const message of messages) {
    const result = parseMessage(
      { topic: message.topic, key: message.key, value: message.value, headers: message.headers },
      mapping.parseOptionsFor?.(message.topic),
    );
    if (!result.ok) {
      rejections.push({ message, error: result.error });
      continue;
    }
    const event = result.event;
    events.push({
      streamId: mapping.streamIdOf(event),
      source: event.source,
      eventId: event.id,
      type: event.type,
      clinicalTime: new Date(event.timeMs),
      recordedTime: new Date(event.recordedTimeMs),
      kafka: { topic: message.topic, partition: message.partition, offset: message.offset },
      data: event,
      tags: mapping.tagsOf?.(event) ?? [],
    });
  }
  return { events, rejections };
}

/** Counts rejections per error code. */
export function countByCode(rejections: readonly Rejection[]): Partial<Record<ErrorCode, number>> {
  const counts: Partial<Record<ErrorCode, number>> = {};
  for (const { error } of rejections) counts[error.code] = (counts[error.code] ?? 0) + 1;
  return counts;
}

export interface ChunkWork {
  tp: TopicPartition;
  parsed: ParsedChunk;
  consumed: number;
  /** Stored next offset the chunk starts from (the fence). */
  expectedOffset: string;
  /** Next offset once the chunk is committed. */
  nextOffset: string;
  lastOffset: string;
  caughtUp: boolean;
}

/**
 * The body of a chunk's transaction: record rejections and their DLQ rows, append the events,
 * run the handler, then move the stored offset (the compare-and-set fences out stale consumers).
 */
export async function applyChunk(
  em: EntityManager,
  work: ChunkWork,
  deps: { store: AppendOnlyStore; offsets: OffsetStore; handler: BatchHandler },
): Promise<Omit<ChunkMetrics, 'lag' | 'transactionMs'>> {
  // Rejections first: the append holds the schema's append lock until commit, so it comes late.
  await recordRejections(em, deps.store.schema, work.parsed.rejections);
  const { appended, duplicates } =
    work.parsed.events.length > 0 ? await deps.store.append(em, work.parsed.events) : { appended: [], duplicates: [] };
  await deps.handler({
    em,
    topic: work.tp.topic,
    partition: work.tp.partition,
    accepted: appended,
    caughtUp: work.caughtUp,
    lastOffset: work.lastOffset,
  });
  await deps.offsets.advance(em, work.tp, work.expectedOffset, work.nextOffset);
  return {
    topic: work.tp.topic,
    partition: work.tp.partition,
    consumed: work.consumed,
    accepted: appended.length,
    duplicates: duplicates.length,
    rejected: countByCode(work.parsed.rejections),
  };
}
