import type { ParsedEvent } from '@continuity/contracts';
import type { Downtime, Evaluation, Finding } from '@continuity/rules';
import { SCHEDULING_CONFIG_V1, type SchedulingConfig } from '../lib/scheduling-config';
import { schedulingRuleSet } from '../lib/scheduling-rule-set';
import { ms } from './scheduling-events.factory';

/** Folds the events in the given order and evaluates at `now`: the pure path the engine drives. */
export function evaluateScheduling(
  events: readonly ParsedEvent[],
  now: string,
  downtimes: readonly Downtime[] = [],
  config: SchedulingConfig = SCHEDULING_CONFIG_V1,
): Evaluation {
  const rs = schedulingRuleSet(config);
  const state = events.reduce((s, e) => rs.evolve(s, e), rs.initialState());
  return rs.evaluate(state, { now: ms(now), downtimes });
}

/** Only the findings of one rule. */
export function findingsOf(rule: Finding['rule'], e: Evaluation): Finding[] {
  return e.findings.filter((f) => f.rule === rule);
}
