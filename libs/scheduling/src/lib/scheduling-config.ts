import type { ScopeConfig } from '@continuity/rules';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Versioned configuration of the scheduling rule set (windows in milliseconds). A replay names the
 * version and the hash of the object in force, so change the version whenever a value changes.
 */
export interface SchedulingConfig {
  version: string;
  /** The scheduling domain's systems: a declared downtime of other systems does not concern it. */
  systems: readonly string[];
  /** Recorded this long after its clinical time, an item counts as a late entry. */
  lateEntryThresholdMs: number;
  /** sched-not-on-planning: due `leadMs` before the start, not before T1 + `afterRecoveryMs`; stat when the start is within `statWithinMs` of the due time. */
  notOnPlanning: { leadMs: number; afterRecoveryMs: number; statWithinMs: number };
  /** sched-double-booking: two bookings of one service for one patient starting this close. */
  doubleBookingWindowMs: number;
  /** sched-unresolved-appointment: appointments starting in D or up to `startsWithinAfterMs` after T1, checked `delayMs` after max(start, T1). */
  unresolved: { startsWithinAfterMs: number; delayMs: number };
  /** sched-orphan-arrival: delay after T1 for the paper booking to be entered. */
  orphanArrivalDelayMs: number;
}

/** Defaults of version 1.0.0. */
export const SCHEDULING_CONFIG_V1: SchedulingConfig = Object.freeze({
  version: '1.0.0',
  systems: ['ehr', 'booking', 'planning'],
  // Two hours: longer than the usual interface lag, shorter than any outage worth reporting.
  lateEntryThresholdMs: 2 * HOUR,
  // The evening before: a practitioner reads tomorrow's planning the day before.
  notOnPlanning: { leadMs: 12 * HOUR, afterRecoveryMs: 1 * HOUR, statWithinMs: 2 * HOUR },
  doubleBookingWindowMs: 7 * DAY,
  unresolved: { startsWithinAfterMs: 24 * HOUR, delayMs: 24 * HOUR },
  orphanArrivalDelayMs: 12 * HOUR,
});

/** The scope settings of a scheduling configuration. */
export function schedulingScope(config: SchedulingConfig): ScopeConfig {
  return { lateEntryThresholdMs: config.lateEntryThresholdMs, systems: config.systems };
}
