import type { TopicPartition } from './offset-store';

/** What the runner knows of one assigned partition. */
export interface PartitionState {
  tp: TopicPartition;
  /** Resolves once the stored offset is loaded and `onAssigned` ran; batches wait on it. */
  ready: Promise<void>;
  /** Next offset stored in PostgreSQL, as of our last commit or load ('0' when never consumed). */
  nextOffset: string;
  /** Consecutive failed chunks; drives the backoff. */
  failures: number;
  /** The offset we last asked kafkajs to seek to, so a log that starts later than it (retention) cannot loop us. */
  soughtTo: string | null;
  /** True once `ready` succeeded and `nextOffset` holds the stored value. */
  loaded: boolean;
}

/** Assignment as kafkajs reports it: topic -> partitions. */
export type MemberAssignment = Record<string, number[]>;

/** Flattens a member assignment into sorted topic-partitions. */
export function flattenAssignment(assignment: MemberAssignment): TopicPartition[] {
  return Object.entries(assignment)
    .flatMap(([topic, partitions]) => partitions.map((partition) => ({ topic, partition })))
    .sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1));
}

/** Partitions in `next` but not in `previous` (added) and the reverse (revoked). */
export function diffAssignments(
  previous: readonly TopicPartition[],
  next: readonly TopicPartition[],
): { added: TopicPartition[]; revoked: TopicPartition[] } {
  const key = (tp: TopicPartition): string => `${tp.topic}\u0000${tp.partition}`;
  const before = new Set(previous.map(key));
  const after = new Set(next.map(key));
  return {
    added: next.filter((tp) => !before.has(key(tp))),
    revoked: previous.filter((tp) => !after.has(key(tp))),
  };
}

/** Groups topic-partitions by topic, as kafkajs's pause/resume want them. */
export function byTopic(tps: readonly TopicPartition[]): Array<{ topic: string; partitions: number[] }> {
  const map = new Map<string, number[]>();
  for (const { topic, partition } of tps) {
    const list = map.get(topic) ?? [];
    list.push(partition);
    map.set(topic, list);
  }
  return [...map].map(([topic, partitions]) => ({ topic, partitions }));
}
