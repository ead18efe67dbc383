import type { ParsedEvent } from '@continuity/contracts';
import { evaluateAfter, type Downtime, type Evaluation } from '@continuity/rules';
import { SCHEDULING_CONFIG_V1, type SchedulingConfig } from '../lib/scheduling-config';
import { schedulingRuleSet } from '../lib/scheduling-rule-set';

export { findingsOf } from '@continuity/rules';

/** Folds the events in the given order and evaluates at `now`: the pure path the engine drives. */
export function evaluateScheduling(
  events: readonly ParsedEvent[],
  now: string,
  downtimes: readonly Downtime[] = [],
  config: SchedulingConfig = SCHEDULING_CONFIG_V1,
): Evaluation {
  return evaluateAfter(schedulingRuleSet(config), events, now, downtimes);
}
