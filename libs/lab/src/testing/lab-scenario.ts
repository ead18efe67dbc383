import type { ParsedEvent } from '@continuity/contracts';
import { evaluateAfter, type Downtime, type Evaluation } from '@continuity/rules';
import { LAB_CONFIG_V1, type LabConfig } from '../lib/lab-config';
import { labRuleSet } from '../lib/lab-rule-set';

export { findingsOf } from '@continuity/rules';

/** Folds the events in the given order and evaluates at `now`: the pure path the engine drives. */
export function evaluateLab(events: readonly ParsedEvent[], now: string, downtimes: readonly Downtime[] = [], config: LabConfig = LAB_CONFIG_V1): Evaluation {
  return evaluateAfter(labRuleSet(config), events, now, downtimes);
}
