import type { EntryMode } from '@continuity/contracts';
import type { Downtime, Instant } from './model';

/** Which items a domain considers touched by a degraded period. */
export interface ScopeConfig {
  /** An item recorded later than this after its clinical time is a late entry (default 2 h). */
  lateEntryThresholdMs: number;
  /** The domain's systems, e.g. ['ehr', 'pharmacy', 'mar']; a downtime of other systems does not concern it. */
  systems: readonly string[];
}

/** Default late-entry threshold: two hours, the usual span of a short outage. */
export const DEFAULT_LATE_ENTRY_THRESHOLD_MS = 2 * 60 * 60 * 1000;

/** What scope needs to know about an item: where, when it happened, when and how it was entered. */
export interface ScopeItem {
  facility: string;
  time: Instant;
  recordedTime: Instant;
  entryMode: EntryMode;
}

/** A degraded period touching an item. `end` null: still open (staff are still on paper). */
export interface DegradedWindow {
  start: Instant;
  end: Instant | null;
  cause: 'declared' | 'entrymode' | 'late-entry';
  /** The declared downtime's id, null for a window inferred from the item itself. */
  downtimeId: string | null;
}

function concernsFacility(d: Downtime, facility: string): boolean {
  return d.facility === '*' || d.facility === facility;
}

function concernsSystems(d: Downtime, systems: readonly string[]): boolean {
  // An empty systems list on a downtime means "every system".
  return d.systems.length === 0 || d.systems.some((s) => systems.includes(s));
}

function endOrInfinity(end: Instant | null): number {
  return end === null ? Number.POSITIVE_INFINITY : end;
}

function declared(d: Downtime): DegradedWindow {
  return { start: d.start, end: d.end, cause: 'declared', downtimeId: d.id };
}

/**
 * Orders windows so that the one a deadline should count from comes first:
 * the latest end (open first), then the earliest start, then the id.
 */
function byLatestEnd(a: Downtime, b: Downtime): number {
  const ea = endOrInfinity(a.end);
  const eb = endOrInfinity(b.end);
  if (ea !== eb) return ea > eb ? -1 : 1;
  if (a.start !== b.start) return a.start - b.start;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * The degraded period that touches an item, or null.
 *
 * Declared downtimes come first: facility equal or '*', systems intersecting `cfg.systems`
 * (an empty downtime systems list means all), `start <= time < (end ?? +inf)`. When several
 * match, the one ending last wins (an open one above all), since deadlines count from its end.
 * Otherwise an item entered other than in real time, or recorded more than the threshold after it
 * happened, is its own window `{ start: time, end: recordedTime }`.
 */
export function degradedWindowOf(item: ScopeItem, downtimes: readonly Downtime[], cfg: ScopeConfig): DegradedWindow | null {
  const matching = downtimes.filter(
    (d) =>
      concernsFacility(d, item.facility) &&
      concernsSystems(d, cfg.systems) &&
      d.start <= item.time &&
      item.time < endOrInfinity(d.end),
  );
  if (matching.length > 0) return declared([...matching].sort(byLatestEnd)[0]);
  if (item.entryMode !== 'realtime') {
    return { start: item.time, end: Math.max(item.time, item.recordedTime), cause: 'entrymode', downtimeId: null };
  }
  if (item.recordedTime - item.time > cfg.lateEntryThresholdMs) {
    return { start: item.time, end: item.recordedTime, cause: 'late-entry', downtimeId: null };
  }
  return null;
}

/**
 * Declared downtimes of a facility (or '*') and of the domain's systems that overlap `[from, to)`,
 * sorted by start then id. Used where the question is "was this live during D" (omitted doses,
 * appointments starting in D) rather than "did this happen in D".
 */
export function declaredWindowsOverlapping(
  facility: string,
  from: Instant,
  to: Instant,
  downtimes: readonly Downtime[],
  cfg: ScopeConfig,
): DegradedWindow[] {
  return downtimes
    .filter((d) => concernsFacility(d, facility) && concernsSystems(d, cfg.systems) && d.start < to && endOrInfinity(d.end) > from)
    .sort((a, b) => (a.start !== b.start ? a.start - b.start : a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map(declared);
}
