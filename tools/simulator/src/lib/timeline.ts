import { HOUR, MINUTE } from './time';

/**
 * The simulated period. Clinical activity runs over [start, end); the declared downtime D is
 * [t0, t1); clean back-entries are typed in between t1 + 15 min and t1 + backlog; heartbeats run
 * until `end`, well past the last deadline of the catalogue (T1 + 48 h), so every rule can fire.
 */
export interface Timeline {
  start: number;
  t0: number;
  t1: number;
  end: number;
  /** Clean back-entry sessions start within this span after T1. */
  backlogMs: number;
}

/** First back-entry starts this long after T1: the EHR is checked before staff type. */
export const BACKENTRY_DELAY_MS = 15 * MINUTE;

export function makeTimeline(o: { t0: number; hours: number; leadHours: number; tailHours: number; backlogHours: number }): Timeline {
  const t1 = o.t0 + o.hours * HOUR;
  return { start: o.t0 - o.leadHours * HOUR, t0: o.t0, t1, end: t1 + o.tailHours * HOUR, backlogMs: o.backlogHours * HOUR };
}

/** Clinical time inside the declared downtime. */
export const inDowntime = (tl: Timeline, ms: number): boolean => ms >= tl.t0 && ms < tl.t1;
