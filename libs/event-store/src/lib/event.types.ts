/** Where a message sat in Kafka; `offset` is an int64 kept as a decimal string. */
export interface KafkaCoordinates {
  topic: string;
  partition: number;
  offset: string;
}

/**
 * The version a stream must have just before an event is appended: a number (0 = the stream
 * must not exist yet) or `'any'` for no check.
 */
export type ExpectedVersion = number | 'any';

/** An event to append. (`source`, `eventId`) is the idempotency key (CONTRACT.md §2). */
export interface NewEvent {
  streamId: string;
  /** Default `'any'`. Checked against the stream's version including earlier events of the batch. */
  expectedVersion?: ExpectedVersion;
  source: string;
  eventId: string;
  type: string;
  /** When it happened clinically (CloudEvents `time`). */
  clinicalTime?: Date | null;
  /** When it was entered into a system (`recordedtime`). */
  recordedTime?: Date | null;
  kafka?: KafkaCoordinates | null;
  /** Any JSON value. Stored as jsonb; hashed in canonical form. */
  data: unknown;
  metadata?: Record<string, unknown>;
  tags?: string[];
}

/** An event as stored. `position` and `transactionId` are int64 values kept as decimal strings. */
export interface StoredEvent {
  position: string;
  streamId: string;
  streamVersion: number;
  source: string;
  eventId: string;
  type: string;
  clinicalTime: Date | null;
  recordedTime: Date | null;
  ingestedAt: Date;
  kafka: KafkaCoordinates | null;
  data: unknown;
  metadata: Record<string, unknown>;
  tags: string[];
  /** sha256 of `prevHash` and the row's canonical content, hex. */
  hash: string;
  /** The hash of the row before in position order; null for the first row. */
  prevHash: string | null;
  transactionId: string;
}

/** What `append` did: events stored now, and events whose (source, eventId) was already stored. */
export interface AppendResult {
  appended: StoredEvent[];
  /** Already stored before this call, or repeated earlier in the same batch. */
  duplicates: NewEvent[];
}

/** Outcome of `verifyChain`: the number of rows checked, or the first row where the chain breaks. */
export type ChainVerification =
  | { ok: true; rows: number }
  | { ok: false; position: string; reason: string };
