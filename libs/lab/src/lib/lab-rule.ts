import type { DegradedWindow, EvalContext, Finding, Instant } from '@continuity/rules';
import type { LabConfig } from './lab-config';
import type { LabPatientState } from './lab-state';

/** What one rule says about one patient at `ctx.now`. */
export interface RuleOutcome {
  findings: Finding[];
  /** Deadlines of pending expectations (the rule set keeps those still in the future). */
  wakes: Array<Instant | null>;
}

/** One rule of the lab catalogue: a pure function of the state, the time and the downtimes. */
export type LabRule = (state: LabPatientState, ctx: EvalContext, config: LabConfig) => RuleOutcome;

/** How an item came to be touched by a degraded period, as the end of a sentence. */
export function howTouched(window: DegradedWindow): string {
  switch (window.cause) {
    case 'declared':
      return 'during a declared downtime';
    case 'entrymode':
      return 'from paper after the downtime';
    case 'late-entry':
      return 'late, long after it happened';
  }
}

/** A duration for a sentence: "90 d", "24 h", "45 min" (days from two days up). */
export function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes % (24 * 60) === 0 && minutes >= 48 * 60) return `${minutes / (24 * 60)} d`;
  if (minutes % 60 === 0 && minutes >= 60) return `${minutes / 60} h`;
  return `${minutes} min`;
}

/** "LOINC 2823-3 (Potassium)", the table's name first, else the order's display. */
export function testLabel(config: LabConfig, loinc: string | null, display: string | null): string {
  if (loinc === null) return display ? `an uncoded test (${display})` : 'an uncoded test';
  const name = config.retestIntervals.byLoinc[loinc]?.name ?? display;
  return name ? `LOINC ${loinc} (${name})` : `LOINC ${loinc}`;
}

/** "the downtime ended" or "it was placed": what a deadline counted from max(anchor, T1) started at. */
export function sinceWhat(anchor: number, window: DegradedWindow, item: string): string {
  return window.end !== null && window.end > anchor ? 'the downtime ended' : `${item} was placed`;
}
