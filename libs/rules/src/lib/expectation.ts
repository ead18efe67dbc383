import { degradedWindowOf, type DegradedWindow, type ScopeConfig, type ScopeItem } from './scope';
import type { Downtime, Instant } from './model';

/**
 * Deadline of an expectation: `delayMs` after `max(anchor, window end)`, so that nothing fires while
 * staff are on paper. Null while the window is still open (its end is unknown).
 */
export function dueAt(anchor: Instant, window: DegradedWindow | null, delayMs: number): Instant | null {
  if (window === null) return anchor + delayMs;
  if (window.end === null) return null;
  return Math.max(anchor, window.end) + delayMs;
}

/** Outcome of an expectation at `now`. `due` is null once satisfied or while the window is open. */
export interface ExpectationResult {
  fires: boolean;
  due: Instant | null;
}

/**
 * "After A, B must follow by a deadline": fires when not satisfied and `now >= due`.
 * A rule returns `due` as a wake-up only while it is still in the future.
 */
export function expectation(a: {
  anchor: Instant;
  window: DegradedWindow | null;
  delayMs: number;
  satisfied: boolean;
  now: Instant;
}): ExpectationResult {
  if (a.satisfied) return { fires: false, due: null };
  const due = dueAt(a.anchor, a.window, a.delayMs);
  return { fires: due !== null && a.now >= due, due };
}

/**
 * Deadline of an orphan (evidence whose order never arrived): `delayMs` after the first item a
 * degraded period touched, counted from `max(item time, window end)`. Null when no item was
 * touched or every touching window is still open: then nothing is due yet and nothing wakes.
 */
export function orphanDueAt(
  items: ReadonlyArray<{ scope: ScopeItem }>,
  downtimes: readonly Downtime[],
  scope: ScopeConfig,
  delayMs: number,
): Instant | null {
  let earliest: Instant | null = null;
  for (const item of items) {
    const window = degradedWindowOf(item.scope, downtimes, scope);
    const due = window === null ? null : dueAt(item.scope.time, window, delayMs);
    if (due !== null && (earliest === null || due < earliest)) earliest = due;
  }
  return earliest;
}
