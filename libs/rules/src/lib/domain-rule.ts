import { earliestAfter } from './wake';
import type { EvalContext, Evaluation, Finding, Instant } from './model';
import type { DegradedWindow } from './scope';

/** What one rule says about one patient at `ctx.now`. */
export interface RuleOutcome {
  findings: Finding[];
  /** Deadlines of pending expectations (the rule set keeps those still in the future). */
  wakes: Array<Instant | null>;
}

/**
 * One rule of a domain's catalogue: a pure function of what the domain knows of one patient
 * (its state, or a view of it), the time and the downtimes, and the domain's configuration.
 */
export type DomainRule<S, C> = (state: S, ctx: EvalContext, config: C) => RuleOutcome;

/**
 * Runs a domain's rules in catalogue order into one evaluation: their findings in that order, and
 * the earliest of their deadlines still after `ctx.now` as the next wake.
 */
export function evaluateRules<S, C>(rules: ReadonlyArray<DomainRule<S, C>>, state: S, ctx: EvalContext, config: C): Evaluation {
  const findings: Finding[] = [];
  const wakes: Array<Instant | null> = [];
  for (const rule of rules) {
    const out = rule(state, ctx, config);
    findings.push(...out.findings);
    wakes.push(...out.wakes);
  }
  return { findings, nextWake: earliestAfter(ctx.now, wakes) };
}

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

/**
 * A delay for a sentence: "90 d", "24 h", "45 min" (whole days from two days up, whole hours,
 * else minutes). Prescriptions words dose spacing its own way ("1 h 30 min").
 */
export function formatDelay(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes % (24 * 60) === 0 && minutes >= 48 * 60) return `${minutes / (24 * 60)} d`;
  if (minutes % 60 === 0 && minutes >= 60) return `${minutes / 60} h`;
  return `${minutes} min`;
}
