import type { Instant } from './model';

/** How `duplicatePairs` reads items. */
export interface DuplicationOptions<T> {
  /** The match key (substance, LOINC, service…); null never matches. */
  key(t: T): string | null;
  /** The instant compared against the window. */
  at(t: T): Instant;
  /** Two items match when `|at(a) - at(b)| <= windowMs` (use Infinity for "any time"). */
  windowMs: number;
  /** Touched by a degraded period: at least one of the pair must be. */
  touched(t: T): boolean;
  /** Still live (not ended, not cancelled): both must be. */
  live(t: T): boolean;
}

/**
 * Pairs `[a, b]` (a before b in input order) of live items sharing a non-null key whose instants
 * are within `windowMs` of each other (inclusive), at least one touched by a degraded period.
 * The order is deterministic: by a's index, then b's. Callers sort their input to make it
 * independent of arrival order.
 */
export function duplicatePairs<T>(items: readonly T[], o: DuplicationOptions<T>): Array<[T, T]> {
  const byKey = new Map<string, number[]>();
  items.forEach((t, i) => {
    if (!o.live(t)) return;
    const k = o.key(t);
    if (k === null) return;
    const group = byKey.get(k);
    if (group) group.push(i);
    else byKey.set(k, [i]);
  });
  const pairs: Array<[number, number]> = [];
  for (const group of byKey.values()) {
    for (let x = 0; x < group.length; x++) {
      for (let y = x + 1; y < group.length; y++) {
        const a = items[group[x]];
        const b = items[group[y]];
        if (Math.abs(o.at(a) - o.at(b)) <= o.windowMs && (o.touched(a) || o.touched(b))) pairs.push([group[x], group[y]]);
      }
    }
  }
  pairs.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  return pairs.map(([i, j]) => [items[i], items[j]]);
}

/**
 * A duplicate pair as an officer reads it, `[focus, other]`: the one a degraded period touched
 * comes first (it is the suspect copy); when both were touched, the later one.
 */
export function focusFirst<T>(earlier: T, later: T, touched: (t: T) => boolean): [T, T] {
  return touched(earlier) && !touched(later) ? [earlier, later] : [later, earlier];
}
