import type { EntityManager } from 'typeorm';
import { eventStoreTables } from '@continuity/event-store';
import { partitionKey } from './offsets';

/** A topic-partition. */
export interface TopicPartition {
  topic: string;
  partition: number;
}

/** Thrown inside a chunk transaction when the stored offset is not the one the chunk started from. */
export class OffsetFenceError extends Error {
  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly expected: string,
  ) {
    super(`stored offset of ${topic}/${partition} is no longer ${expected}: another consumer moved it`);
    this.name = 'OffsetFenceError';
  }
}

/**
 * The `consumer_offsets` table of a service schema: the next offset to read per group and
 * topic-partition. It is the source of truth; Kafka's committed offsets only feed lag monitoring.
 */
export class OffsetStore {
  private readonly table: string;

  constructor(
    schema: string,
    private readonly consumerGroup: string,
  ) {
    this.table = eventStoreTables(schema).consumerOffsets;
  }

  /** Stored next offsets of the given partitions; a partition never consumed is absent. */
  async load(em: EntityManager, partitions: readonly TopicPartition[]): Promise<Map<string, string>> {
    if (partitions.length === 0) return new Map();
    const rows = (await em.query(
      `SELECT o.topic, o.partition, o.next_offset::text AS next_offset
         FROM ${this.table} o
         JOIN unnest($2::text[], $3::int[]) AS p(topic, partition) ON p.topic = o.topic AND p.partition = o.partition
        WHERE o.consumer_group = $1`,
      [this.consumerGroup, partitions.map((p) => p.topic), partitions.map((p) => p.partition)],
    )) as Array<{ topic: string; partition: number; next_offset: string }>;
    return new Map(rows.map((r) => [partitionKey(r.topic, r.partition), r.next_offset]));
  }

  /**
   * Moves a partition's next offset from `expected` to `next`, in the caller's transaction.
   * The compare-and-set is the fence: a consumer that lost the partition (a zombie after a
   * rebalance, or a stale cache) finds another value and its transaction rolls back.
   */
  async advance(em: EntityManager, tp: TopicPartition, expected: string, next: string): Promise<void> {
    const rows = (await em.query(
      `INSERT INTO ${this.table} AS o (consumer_group, topic, partition, next_offset, updated_at)
       VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (consumer_group, topic, partition)
       DO UPDATE SET next_offset = EXCLUDED.next_offset, updated_at = EXCLUDED.updated_at
       WHERE o.next_offset = $5
       RETURNING 1 AS ok`,
      [this.consumerGroup, tp.topic, tp.partition, next, expected],
    )) as unknown[];
    if (rows.length !== 1) throw new OffsetFenceError(tp.topic, tp.partition, expected);
  }
}
