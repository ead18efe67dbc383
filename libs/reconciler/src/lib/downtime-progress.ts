import type { Instant } from '@continuity/rules';

/** How far this instance has read one partition of the downtime topic. */
interface Progress {
  /** Next offset to read. */
  next: bigint;
  /** Nothing unread in it, per the latest high watermark seen. */
  caughtUp: boolean;
  /** Recorded time of the last valid event read in it (null: none yet). */
  readUpTo: Instant | null;
}

/**
 * This instance's reading of `continuity.downtime.v1`, which it owns whole. A declaration not yet
 * read may still change what is due, so no engine is ticked past the time up to which every
 * partition of that topic with unread messages has been read (DESIGN.md: the clock never passes a
 * time for which an owned partition still has unread messages).
 */
export class DowntimeProgress {
  private readonly partitions = new Map<number, Progress>();

  assigned(partition: number, next: bigint, highWatermark: bigint, readUpTo: Instant | null): void {
    this.partitions.set(partition, { next, caughtUp: next >= highWatermark, readUpTo });
  }

  revoked(partition: number): void {
    this.partitions.delete(partition);
  }

  read(partition: number, lastOffset: bigint, readUpTo: Instant | null, caughtUp: boolean): void {
    const p = this.partitions.get(partition);
    this.partitions.set(partition, { next: lastOffset + 1n, caughtUp, readUpTo: readUpTo ?? p?.readUpTo ?? null });
  }

  /** True when some partition claims to be caught up: only a fresh watermark can confirm it. */
  claimsCaughtUp(): boolean {
    for (const p of this.partitions.values()) if (p.caughtUp) return true;
    return false;
  }

  refresh(highWatermarks: ReadonlyMap<number, string>): void {
    for (const [partition, p] of this.partitions) p.caughtUp = p.next >= BigInt(highWatermarks.get(partition) ?? '0');
  }

  /**
   * The latest time an engine may be ticked to: +Infinity when every partition is caught up,
   * else the earliest `readUpTo` of those with unread messages; null before any assignment or
   * while a lagging partition has had nothing read yet.
   */
  bound(): Instant | null {
    if (this.partitions.size === 0) return null;
    let bound = Number.POSITIVE_INFINITY;
    for (const p of this.partitions.values()) {
      if (p.caughtUp) continue;
      if (p.readUpTo === null) return null;
      bound = Math.min(bound, p.readUpTo);
    }
    return bound;
  }
}
