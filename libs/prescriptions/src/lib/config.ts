import { DEFAULT_LATE_ENTRY_THRESHOLD_MS, type Priority, type ScopeConfig, type Severity } from '@continuity/rules';

/** The five prescription rules of DESIGN.md's catalogue. */
export type RxRuleCode =
  | 'rx-duplicate-order'
  | 'rx-therapeutic-duplication'
  | 'rx-double-administration'
  | 'rx-orphan-administration'
  | 'rx-omitted-dose';

/** A severity and the Task priority it maps to. */
export interface Grade {
  severity: Severity;
  priority: Priority;
}

/** How a rule grades a discrepancy: `highAlert` applies when the drug is of a high-alert ATC class. */
export interface RuleGrading {
  standard: Grade;
  highAlert: Grade;
}

/** Versioned configuration of the prescriptions rule set: windows in ms, tables. Its hash is stamped on every task. */
export interface PrescriptionsConfig {
  version: string;
  scope: ScopeConfig;
  /** ATC prefixes of high-alert drugs (any ATC level). */
  highAlertAtcClasses: readonly string[];
  /** Interval between doses assumed when the order gives none. */
  defaultDoseIntervalMs: number;
  /** Wait after the end of the degraded period before calling an administration's order missing. */
  orphanAdministrationDelayMs: number;
  /** Wait after the end of a downtime before calling its doses omitted. */
  omittedDoseDelayMs: number;
  grading: Readonly<Record<RxRuleCode, RuleGrading>>;
}

const HOUR = 60 * 60 * 1000;

/** Version 1.0.0: DESIGN.md's catalogue, as published. */
export const PRESCRIPTIONS_CONFIG_V1: PrescriptionsConfig = deepFreeze<PrescriptionsConfig>({
  version: '1.0.0',
  scope: { lateEntryThresholdMs: DEFAULT_LATE_ENTRY_THRESHOLD_MS, systems: ['ehr', 'pharmacy', 'mar', 'cpoe'] },
  // Antithrombotics, insulins, opioids, antineoplastics, potassium and other electrolytes.
  highAlertAtcClasses: ['B01A', 'A10A', 'N02A', 'L01', 'B05XA'],
  // Most "when needed" and unspecified regimens are given at most every 4 hours.
  defaultDoseIntervalMs: 4 * HOUR,
  // A paper order is normally typed in within the first half-day after recovery.
  orphanAdministrationDelayMs: 12 * HOUR,
  // Paper MAR sheets are back-entered within a day of recovery.
  omittedDoseDelayMs: 24 * HOUR,
  grading: {
    'rx-duplicate-order': { standard: { severity: 'major', priority: 'asap' }, highAlert: { severity: 'catastrophic', priority: 'stat' } },
    'rx-therapeutic-duplication': { standard: { severity: 'considerable', priority: 'urgent' }, highAlert: { severity: 'considerable', priority: 'urgent' } },
    'rx-double-administration': { standard: { severity: 'major', priority: 'asap' }, highAlert: { severity: 'catastrophic', priority: 'stat' } },
    'rx-orphan-administration': { standard: { severity: 'considerable', priority: 'urgent' }, highAlert: { severity: 'major', priority: 'asap' } },
    'rx-omitted-dose': { standard: { severity: 'significant', priority: 'urgent' }, highAlert: { severity: 'significant', priority: 'urgent' } },
  },
});

/** Freezes a configuration all the way down: a running rule set's tables cannot drift from its hash. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** The grade of a finding of `rule`, given whether its drug is high-alert. */
export function gradeOf(config: PrescriptionsConfig, rule: RxRuleCode, highAlert: boolean): Grade {
  const g = config.grading[rule];
  return highAlert ? g.highAlert : g.standard;
}
