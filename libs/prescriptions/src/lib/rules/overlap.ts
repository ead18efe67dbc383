import { duplicatePairs } from '@continuity/rules';
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

/**
 * Pairs of live (not ended, coded) orders with the same `key` whose periods overlap, one of them
 * touched by a degraded period: what both duplication rules start from, at any distance in time.
 */
export function overlappingLivePairs(orders: readonly OrderView[], key: (o: OrderView) => string | null): Array<[OrderView, OrderView]> {
  const live = orders.filter((o) => !o.ended && o.substance !== null);
  return duplicatePairs(live, {
    key,
    at: (o) => o.startMs,
    windowMs: Number.POSITIVE_INFINITY,
    touched: (o) => o.window !== null,
    live: () => true,
  }).filter(([a, b]) => ordersOverlap(a, b));
}
