import type { ParsedEvent } from '@continuity/contracts';
import type { RuleSet, TaskChange } from '../lib/model';
import { PartitionEngine, type LogEntry } from '../lib/partition-engine';

/*
 * The stored log of one partition as a live reconciler writes it, and the live run over it, for
 * property tests that compare a replay, a rebuild or a re-delivery with what was decided live.
 */

const HOUR = 3_600_000;

/**
 * The log a live reconciler would store for events arriving in this order: downtime events get
 * increasing positions; after each event a tick may follow (`tickAfter[i]` hours after the latest
 * recorded time, or none), whose `downtimeUpTo` may lag behind (`lag[i]`); then a final tick at
 * `finalNow` with every downtime. Both lists are cycled.
 */
export function liveLog(arrivals: readonly ParsedEvent[], tickAfter: ReadonlyArray<number | null>, lag: readonly boolean[], finalNow: number): LogEntry[] {
  const log: LogEntry[] = [];
  let position = 0;
  let upTo: number | null = null;
  let latest = Number.NEGATIVE_INFINITY;
  arrivals.forEach((e, i) => {
    if (e.domain === 'downtime') log.push({ kind: 'downtime', position: String(++position), event: e });
    else log.push({ kind: 'event', event: e });
    latest = Math.max(latest, e.recordedTimeMs);
    const after = tickAfter.length === 0 ? null : tickAfter[i % tickAfter.length];
    if (after === null) return;
    // The reconciler ticks with the downtime topic as far as it has read it, which may lag.
    if (!(lag.length > 0 && lag[i % lag.length]) && position > 0) upTo = position;
    log.push({ kind: 'tick', now: latest + after * HOUR, downtimeUpTo: upTo === null ? null : String(upTo) });
  });
  log.push({ kind: 'tick', now: finalNow, downtimeUpTo: position > 0 ? String(position) : null });
  return log;
}

/** Runs a log as a reconciler does live, entry by entry, collecting each tick's changes. */
export function runLive<S>(ruleSet: RuleSet<S>, log: readonly LogEntry[], engine = new PartitionEngine(ruleSet)): { changes: TaskChange[]; engine: PartitionEngine<S> } {
  const changes: TaskChange[] = [];
  for (const entry of log) {
    if (entry.kind === 'event') engine.applyEvent(entry.event);
    else if (entry.kind === 'downtime') engine.applyDowntime(entry.position, entry.event);
    else changes.push(...engine.tick(entry.now, entry.downtimeUpTo));
  }
  return { changes, engine };
}

/**
 * The same log with exact copies of some of its messages (same source and id, a new object)
 * delivered again: each `[which, where]` copies message `which` (modulo their count) to a place
 * after its first delivery (`where` modulo the room left), as an at-least-once broker may.
 */
export function withTransportCopies(log: readonly LogEntry[], picks: ReadonlyArray<readonly [number, number]>): LogEntry[] {
  const out = [...log];
  const messages = log.filter((e) => e.kind !== 'tick');
  if (messages.length === 0) return out;
  for (const [which, where] of picks) {
    const original = messages[which % messages.length];
    const from = out.indexOf(original) + 1;
    out.splice(from + (where % (out.length - from + 1)), 0, { ...original, event: { ...original.event } });
  }
  return out;
}
