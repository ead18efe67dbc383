import type { ParsedEvent } from '@continuity/contracts';

/*
 * How the events of several sources may reach one partition: each source keeps its own order,
 * nothing else holds. Property tests and the table tests of the rule sets draw arrival orders here.
 */

/**
 * Merges lists keeping each list's own order, picking the next list by `choices` (cycled; none:
 * always the first still open): one arrival order, as random data chooses it.
 */
export function interleave<T>(lists: ReadonlyArray<readonly T[]>, choices: readonly number[]): T[] {
  const cursors = lists.map(() => 0);
  const out: T[] = [];
  let step = 0;
  for (;;) {
    const open = lists.map((_l, i) => i).filter((i) => cursors[i] < lists[i].length);
    if (open.length === 0) return out;
    const pick = open[(choices.length === 0 ? 0 : choices[step++ % choices.length]) % open.length];
    out.push(lists[pick][cursors[pick]++]);
  }
}

/** Every merge of some sequences that keeps each one's own order. Stops after `limit` merges. */
export function interleavings<T>(sequences: ReadonlyArray<readonly T[]>, limit = 5000): T[][] {
  const out: T[][] = [];
  const total = sequences.reduce((n, s) => n + s.length, 0);
  const walk = (positions: number[], acc: T[]): void => {
    if (out.length >= limit) return;
    if (acc.length === total) {
      out.push([...acc]);
      return;
    }
    sequences.forEach((s, i) => {
      if (positions[i] >= s.length) return;
      const next = [...positions];
      next[i]++;
      walk(next, [...acc, s[positions[i]]]);
    });
  };
  walk(sequences.map(() => 0), []);
  return out;
}

/** One source's events in the order it would publish them: by recorded time, then id. */
export function inRecordedOrder(events: ParsedEvent[]): ParsedEvent[] {
  return events.sort((a, b) => a.recordedTimeMs - b.recordedTimeMs || (a.id < b.id ? -1 : 1));
}

/**
 * The same arrivals with some delivered again: each `[which, where]` inserts a copy of event
 * `which` (modulo the count) at `where` (modulo the length so far), as an at-least-once broker may.
 */
export function redelivered<T>(events: readonly T[], dups: ReadonlyArray<readonly [number, number]>): T[] {
  const out = [...events];
  if (events.length === 0) return out;
  for (const [which, where] of dups) out.splice(where % (out.length + 1), 0, events[which % events.length]);
  return out;
}
