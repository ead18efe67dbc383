import type { ParsedEvent } from '@continuity/contracts';
import { eventRef } from './ids';
import type { Downtime } from './model';

/** Event types of the operations topic that declare degraded periods (CONTRACT.md §3). */
export const DOWNTIME_STARTED = 'continuity.downtime.started';
export const DOWNTIME_ENDED = 'continuity.downtime.ended';

/** A downtime event with its position in the store (a bigint, as a decimal string). */
export interface PositionedEvent {
  position: string;
  event: ParsedEvent;
}

interface DowntimeData {
  facility?: unknown;
  systems?: unknown;
}

/** Compares two stored positions (decimal bigint strings). */
export function comparePositions(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function facilityOf(e: ParsedEvent): string {
  const d = (e.data ?? {}) as DowntimeData;
  return typeof d.facility === 'string' && d.facility.length > 0 ? d.facility : e.facility;
}

function systemsOf(e: ParsedEvent): string[] {
  const d = (e.data ?? {}) as DowntimeData;
  if (!Array.isArray(d.systems)) return [];
  return [...new Set(d.systems.filter((s): s is string => typeof s === 'string'))].sort();
}

/** Empty lists mean "all systems", so they overlap everything. */
function systemsOverlap(a: readonly string[], b: readonly string[]): boolean {
  return a.length === 0 || b.length === 0 || a.some((s) => b.includes(s));
}

function unionSystems(a: readonly string[], b: readonly string[]): string[] {
  if (a.length === 0 || b.length === 0) return [];
  return [...new Set([...a, ...b])].sort();
}

/**
 * Folds `continuity.downtime.started/ended` events, in stored position order, into declared
 * downtimes. An `ended` closes every open downtime of the same facility whose systems overlap
 * its own; an `ended` with nothing open is ignored; a `started` while an overlapping one is open
 * is the same downtime (its systems are merged). The same event (source + id) counts once;
 * other types (heartbeats) are ignored. The result is in order of start position.
 */
export function downtimesFrom(events: ReadonlyArray<PositionedEvent>): Downtime[] {
  const sorted = [...events].sort((a, b) => comparePositions(a.position, b.position) || cmp(eventRef(a.event), eventRef(b.event)));
  const seen = new Set<string>();
  const all: Downtime[] = [];
  const open: Downtime[] = [];
  for (const { event } of sorted) {
    const ref = eventRef(event);
    if (seen.has(ref)) continue;
    seen.add(ref);
    const facility = facilityOf(event);
    const systems = systemsOf(event);
    if (event.type === DOWNTIME_STARTED) {
      const already = open.find((d) => d.facility === facility && systemsOverlap(d.systems, systems));
      if (already) {
        already.systems = unionSystems(already.systems, systems);
        continue;
      }
      const d: Mutable = { id: ref, facility, systems, start: event.timeMs, end: null };
      all.push(d);
      open.push(d);
    } else if (event.type === DOWNTIME_ENDED) {
      for (let i = open.length - 1; i >= 0; i--) {
        const d = open[i];
        if (d.facility === facility && systemsOverlap(d.systems, systems)) {
          // An end stamped before its start closes an empty window rather than a negative one.
          d.end = Math.max(d.start, event.timeMs);
          open.splice(i, 1);
        }
      }
    }
  }
  return all.map((d) => ({ ...d, systems: [...d.systems] }));
}

type Mutable = { -readonly [K in keyof Downtime]: Downtime[K] } & { systems: string[] };

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
