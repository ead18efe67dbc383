import type { ScopeConfig } from '@continuity/rules';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** One line of the minimum retest interval table (keyed by LOINC code). */
export interface RetestIntervalEntry {
  /** Short name for task descriptions. */
  name: string;
  /** A second order of the same test sooner than this is treated as a duplicate. */
  minRetestMs: number;
}

/**
 * Versioned configuration of the lab rule set: windows in milliseconds and tables. A replay names
 * the version and the hash of the object in force, so change the version whenever a value changes.
 */
export interface LabConfig {
  version: string;
  /** The lab domain's systems: a declared downtime of other systems does not concern it. */
  systems: readonly string[];
  /** Recorded this long after its clinical time, an item counts as a late entry. */
  lateEntryThresholdMs: number;
  /** Minimum retest interval per LOINC code, and the default for codes not in the table. */
  retestIntervals: { defaultMs: number; byLoinc: Readonly<Record<string, RetestIntervalEntry>> };
  /** lab-not-collected: delay after max(authored, T1), for stat orders and for the others. */
  notCollectedDelay: { statMs: number; otherMs: number };
  /** lab-orphan-result: delay after T1 for the paper order to be entered. */
  orphanResultDelayMs: number;
  /** lab-result-not-received: delay after max(issued, T1), critical results and the others. */
  resultNotReceivedDelay: { criticalMs: number; otherMs: number };
  /** Results issued up to this long after T1 are the post-recovery backlog, still checked for receipt. */
  postRecoveryBacklogMs: number;
  /** Observation interpretation codes that make a result critical. */
  criticalInterpretations: readonly string[];
  /** DiagnosticReport statuses that mean a released result. */
  releasedResultStatuses: readonly string[];
}

/** Defaults of version 1.0.0. */
export const LAB_CONFIG_V1: LabConfig = Object.freeze({
  version: '1.0.0',
  systems: ['ehr', 'lis'],
  // Two hours: longer than the usual interface lag, shorter than any outage worth reporting.
  lateEntryThresholdMs: 2 * HOUR,
  retestIntervals: {
    // Most routine chemistry is not worth repeating within a day (RCPath minimum retest intervals).
    defaultMs: 24 * HOUR,
    byLoinc: {
      // Potassium is followed closely while it is being corrected.
      '2823-3': { name: 'Potassium', minRetestMs: 2 * HOUR },
      // Serial troponins at 0 h and 3 h are a protocol, not a duplicate.
      '6598-7': { name: 'Troponin T', minRetestMs: 3 * HOUR },
      // HbA1c reflects about three months of glycaemia.
      '4548-4': { name: 'HbA1c', minRetestMs: 90 * DAY },
      // TSH takes about six weeks to settle after a dose change.
      '3016-3': { name: 'TSH', minRetestMs: 42 * DAY },
      // Lipids on treatment are reviewed after about three months.
      '2093-3': { name: 'Total cholesterol', minRetestMs: 90 * DAY },
    },
  },
  notCollectedDelay: { statMs: 1 * HOUR, otherMs: 24 * HOUR },
  orphanResultDelayMs: 24 * HOUR,
  resultNotReceivedDelay: { criticalMs: 1 * HOUR, otherMs: 24 * HOUR },
  // The LIS usually drains what it queued during an outage within a day.
  postRecoveryBacklogMs: 24 * HOUR,
  criticalInterpretations: ['HH', 'LL', 'AA'],
  releasedResultStatuses: ['final', 'amended', 'corrected'],
});

/** The scope settings of a lab configuration. */
export function labScope(config: LabConfig): ScopeConfig {
  return { lateEntryThresholdMs: config.lateEntryThresholdMs, systems: config.systems };
}

/** Minimum retest interval of a LOINC code (table, else default). */
export function minRetestMsOf(config: LabConfig, loinc: string): number {
  return config.retestIntervals.byLoinc[loinc]?.minRetestMs ?? config.retestIntervals.defaultMs;
}
