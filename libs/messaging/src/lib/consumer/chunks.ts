/** What chunking needs to know of a message: its size on the wire. */
export interface Sized {
  value: Buffer | null;
  key?: Buffer | null;
}

/** Bounds of one chunk, i.e. of one PostgreSQL transaction. */
export interface ChunkLimits {
  /** At most this many messages per transaction. */
  maxMessages: number;
  /** At most about this many bytes of keys and values per transaction (a single larger message still forms a chunk). */
  maxBytes: number;
}

/**
 * Splits a fetched batch into consecutive chunks bounded in count and bytes, so one transaction
 * never holds an unbounded amount of memory and the runner can heartbeat between them.
 */
export function chunkMessages<T extends Sized>(messages: readonly T[], limits: ChunkLimits): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const message of messages) {
    const size = (message.value?.length ?? 0) + (message.key?.length ?? 0);
    if (current.length > 0 && (current.length >= limits.maxMessages || bytes + size > limits.maxBytes)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(message);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
