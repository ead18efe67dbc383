import type { ErrorCode, ParsedEvent, ParseOptions } from '@continuity/contracts';
import type { AppendResult, NewEvent, StoredEvent } from '@continuity/event-store';
import type { DataSource, EntityManager } from 'typeorm';
import type { MessagingLogger } from '../client/messaging-logger';
import type { BackoffPolicy } from './backoff';
import type { TopicPartition } from './offset-store';

/** What a chunk's handler gets, inside the chunk's transaction. */
export interface BatchContext {
  /** The chunk's transaction: state changes and outbox rows go through it. */
  em: EntityManager;
  topic: string;
  partition: number;
  /** Events newly appended by this chunk, in offset order. Duplicates are not passed again. */
  accepted: StoredEvent[];
  /** True when nothing more is waiting in this partition after this chunk (per the fetch's high watermark). */
  caughtUp: boolean;
  /** Offset of the chunk's last message (int64 as a decimal string). */
  lastOffset: string;
}

/**
 * Applies a chunk's new events: state, outbox rows. Throwing rolls the whole chunk back (events,
 * rejections, offsets) and the runner retries it after a backoff, rebuilding the partition
 * (onRevoked then onAssigned) first so in-memory state matches the store again.
 */
export type BatchHandler = (ctx: BatchContext) => Promise<void>;

/** The part of `EventStore` the runner uses; its schema also holds the offsets, rejections and outbox. */
export interface AppendOnlyStore {
  readonly schema: string;
  append(em: EntityManager, events: NewEvent[]): Promise<AppendResult>;
}

/** Counts of one committed chunk, for metrics. */
export interface ChunkMetrics {
  topic: string;
  partition: number;
  /** Messages read (valid, duplicate or rejected). */
  consumed: number;
  accepted: number;
  duplicates: number;
  rejected: Partial<Record<ErrorCode, number>>;
  /** Messages still waiting in the partition after this chunk (fetch high watermark minus next offset). */
  lag: number;
  transactionMs: number;
}

/** A chunk that failed and will be retried. */
export interface ChunkFailure {
  topic: string;
  partition: number;
  attempt: number;
  retryInMs: number;
  error: unknown;
}

/** Totals since the runner started. */
export interface RunnerStats {
  consumed: number;
  accepted: number;
  duplicates: number;
  rejected: Partial<Record<ErrorCode, number>>;
  batches: number;
  chunks: number;
  failures: number;
  pauses: number;
  /** Messages fetched below the stored offset and dropped (Kafka's position was behind PostgreSQL's). */
  skipped: number;
  /** Seeks to the stored offset (on assignment, or when a batch came from elsewhere). */
  seeks: number;
  /** Lag per `topic/partition` as of its last chunk. */
  lag: Record<string, number>;
}

export interface BackpressureOptions {
  /** A chunk transaction slower than this pauses the partition; default 10 000 ms. */
  slowTransactionMs?: number;
  /** How long such a pause lasts; default 1000 ms. */
  pauseMs?: number;
  /** Checked before each batch; true pauses the partition (e.g. an outbox backlog too large). */
  isOverloaded?: () => boolean;
}

export interface ConsumerRunnerOptions {
  /** Kafka consumer group. */
  groupId: string;
  topics: string[];
  dataSource: DataSource;
  /** The event store; its schema holds `rejected_messages`, `consumer_offsets` and `outbox` too. */
  store: AppendOnlyStore;
  /** Key of this consumer's rows in `consumer_offsets`; default `groupId`. */
  consumerGroupForOffsets?: string;
  /** The stream an event belongs to (e.g. `patient-<key>`). */
  streamIdOf(event: ParsedEvent): string;
  tagsOf?(event: ParsedEvent): string[];
  /** Contract options per topic (e.g. the domain of a topic whose name is not CONTRACT.md's). */
  parseOptionsFor?(topic: string): ParseOptions;
  handler: BatchHandler;
  /** Messages per transaction; default 2000. */
  maxBatchMessages?: number;
  /** Approximate bytes per transaction; default 16 MiB. */
  maxBatchBytes?: number;
  /** kafkajs fetch bound per partition; default 1 MiB. */
  maxBytesPerPartition?: number;
  /** kafkajs fetch bound per request; default 10 MiB. */
  maxBytes?: number;
  /** Partitions processed at once by this instance; default 1. */
  partitionsConsumedConcurrently?: number;
  sessionTimeout?: number;
  heartbeatInterval?: number;
  /**
   * Also commit offsets to Kafka after PostgreSQL has them (for lag tools only); default true.
   * Tests turn it off to prove the runner reads its position from PostgreSQL.
   */
  commitOffsetsToKafka?: boolean;
  /** Retry delays after a failed chunk; default 200 ms doubling to 30 s. */
  retryBackoff?: BackoffPolicy;
  backpressure?: BackpressureOptions;
  /**
   * Called, in a transaction, when partitions are assigned to this instance (and when one is
   * rebuilt after a failure), before any of their messages is handled: rebuild state here.
   */
  onAssigned?(em: EntityManager, assignments: TopicPartition[]): Promise<void>;
  /** Called when partitions leave this instance (rebalance, failure, stop): drop their state. */
  onRevoked?(assignments: TopicPartition[]): Promise<void> | void;
  onChunk?(metrics: ChunkMetrics): void;
  onFailure?(failure: ChunkFailure): void;
  logger?: MessagingLogger;
}
