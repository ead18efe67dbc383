import type { ParsedEvent } from '@continuity/contracts';
import { PartitionEngine } from '../lib/partition-engine';
import type { Downtime, EvalContext, Evaluation, Finding, RuleSet, TaskRecord } from '../lib/model';
import { at, given } from './given';
import { toInstant } from './parsed-event';

/** The state a rule set folds from these events, in this order, with no engine in between. */
export function foldEvents<S>(ruleSet: RuleSet<S>, events: readonly ParsedEvent[]): S {
  return events.reduce((s, e) => ruleSet.evolve(s, e), ruleSet.initialState());
}

/** Folds the events in the given order and evaluates at `now`: the pure path the engine drives. */
export function evaluateAfter<S>(ruleSet: RuleSet<S>, events: readonly ParsedEvent[], now: number | string, downtimes: readonly Downtime[] = []): Evaluation {
  const ctx: EvalContext = { now: toInstant(now), downtimes };
  return ruleSet.evaluate(foldEvents(ruleSet, events), ctx);
}

/** Only the findings of one rule. */
export function findingsOf(rule: Finding['rule'], e: Evaluation): Finding[] {
  return e.findings.filter((f) => f.rule === rule);
}

/**
 * The tasks a fresh engine holds open after the downtime events (positions 1…n), then the events
 * in this order, then one tick at `now` that applies every downtime.
 */
export function openTasksAfter<S>(ruleSet: RuleSet<S>, downtimes: readonly ParsedEvent[], events: readonly ParsedEvent[], now: number): TaskRecord[] {
  const engine = new PartitionEngine(ruleSet);
  downtimes.forEach((d, i) => engine.applyDowntime(String(i + 1), d));
  for (const e of events) engine.applyEvent(e);
  engine.tick(now, downtimes.length > 0 ? String(downtimes.length) : null);
  return engine.openTasks();
}

/** The tasks open after feeding the events in this order (downtimes positioned as they come), then one tick at `now`. */
export function finalOpenTasks<S>(ruleSet: RuleSet<S>, events: readonly ParsedEvent[], now: number | string): TaskRecord[] {
  return given(ruleSet).when(...events, at(now)).open;
}

/** A task reduced to what a clinician reviews, for comparing outcomes across arrival orders. */
export function summary(t: TaskRecord): string {
  const f = t.finding;
  return `${t.id} ${f.rule} ${f.severity}/${f.priority} focus=${f.focus.value} related=${f.related.map((r) => r.value).join(',')}`;
}
