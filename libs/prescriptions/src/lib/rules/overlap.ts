import type { OrderView } from '../views';

/** Two orders cover a common instant: their periods `[start, validity end)` intersect. */
export function ordersOverlap(a: OrderView, b: OrderView): boolean {
  return a.startMs < b.validityEndMs && b.startMs < a.validityEndMs;
}

/** The pair in a fixed order, earlier first (by start, then key), whatever the arrival order. */
export function earlierFirst(a: OrderView, b: OrderView): [OrderView, OrderView] {
  if (a.startMs !== b.startMs) return a.startMs < b.startMs ? [a, b] : [b, a];
  return a.key < b.key ? [a, b] : [b, a];
}

/** The order of a pair that a degraded period touched, the later one first. */
export function touchedOf(earlier: OrderView, later: OrderView): OrderView {
  return later.window !== null ? later : earlier;
}
