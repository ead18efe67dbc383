import type { Instant } from '@continuity/rules';

/** What the reconciler knows of one owned partition's reading progress. */
export interface PartitionProgress {
  /** Nothing unread in the partition as of the last fetch (or, before any fetch, at assignment). */
  caughtUp: boolean;
  /** Latest `recordedtime` among the events read from it. */
  lastRecorded: Instant | null;
}

/**
 * The time a partition's engine may be ticked to. The service clock comes from heartbeats and
 * recorded times; while the partition still has unread messages it is held at the last recorded
 * time read there, so a backlog read out of order across partitions opens no premature task.
 * Null: no time may be claimed yet.
 */
export function partitionNow(serviceClock: Instant | null, progress: PartitionProgress): Instant | null {
  if (serviceClock === null) return null;
  if (progress.caughtUp) return serviceClock;
  return progress.lastRecorded === null ? null : Math.min(serviceClock, progress.lastRecorded);
}
