/**
 * Kafka offsets are 64-bit; kafkajs hands them over as decimal strings and PostgreSQL returns
 * `bigint` as strings too. These helpers keep the arithmetic exact (bigint) and the types plain.
 */

/** The offset after `offset`, as a decimal string. */
export function nextOffsetAfter(offset: string): string {
  return (BigInt(offset) + 1n).toString();
}

/** -1, 0 or 1 as `a` is below, equal to or above `b`. */
export function compareOffsets(a: string, b: string): -1 | 0 | 1 {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Messages left to read in a partition: high watermark minus the next offset to read, never negative. */
export function lagOf(highWatermark: string, nextOffset: string): number {
  const lag = BigInt(highWatermark) - BigInt(nextOffset);
  return lag > 0n ? Number(lag) : 0;
}

/** A topic-partition as a map key. */
export const partitionKey = (topic: string, partition: number): string => `${topic}\u0000${partition}`;
