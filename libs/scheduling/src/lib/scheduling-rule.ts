import type { DegradedWindow, EvalContext, Finding, Instant } from '@continuity/rules';
import type { SchedulingConfig } from './scheduling-config';
import type { ServiceCode } from './scheduling-fhir';
import type { SchedulingPatientState } from './scheduling-state';

/** What one rule says about one patient at `ctx.now`. */
export interface RuleOutcome {
  findings: Finding[];
  /** Deadlines of pending expectations (the rule set keeps those still in the future). */
  wakes: Array<Instant | null>;
}

/** One rule of the scheduling catalogue: a pure function of the state, the time and the downtimes. */
export type SchedulingRule = (state: SchedulingPatientState, ctx: EvalContext, config: SchedulingConfig) => RuleOutcome;

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

/** "2024-08-05 09:00 UTC": a slot for a sentence (times are not patient-identifying). */
export function formatInstant(t: Instant): string {
  return `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** A duration for a sentence: "7 d", "12 h", "45 min" (days from two days up). */
export function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes % (24 * 60) === 0 && minutes >= 48 * 60) return `${minutes / (24 * 60)} d`;
  if (minutes % 60 === 0 && minutes >= 60) return `${minutes / 60} h`;
  return `${minutes} min`;
}

/** "service 394609007 (General surgery)" or "an uncoded service". */
export function serviceLabel(service: ServiceCode | null): string {
  if (service === null) return 'an uncoded service';
  return service.display ? `service ${service.code} (${service.display})` : `service ${service.code}`;
}
