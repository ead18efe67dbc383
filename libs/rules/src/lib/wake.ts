import type { Instant } from './model';

/**
 * The earliest of some instants, ignoring null/undefined/NaN; null if none. Helper for
 * `Evaluation.nextWake` (rules pass only the instants still in the future).
 */
export function earliest(...instants: Array<Instant | null | undefined>): Instant | null {
  let best: Instant | null = null;
  for (const t of instants) {
    if (t === null || t === undefined || Number.isNaN(t)) continue;
    if (best === null || t < best) best = t;
  }
  return best;
}

/** The earliest of those instants strictly after `now`; null if none. */
export function earliestAfter(now: Instant, instants: Iterable<Instant | null | undefined>): Instant | null {
  let best: Instant | null = null;
  for (const t of instants) {
    if (t === null || t === undefined || Number.isNaN(t) || t <= now) continue;
    if (best === null || t < best) best = t;
  }
  return best;
}
