import type { ParsedEvent } from '@continuity/contracts';
import type { Downtime, Evaluation, Finding } from '@continuity/rules';
import { LAB_CONFIG_V1, type LabConfig } from '../lib/lab-config';
import { labRuleSet } from '../lib/lab-rule-set';
import { ms } from './lab-events.factory';

/** Folds the events in the given order and evaluates at `now`: the pure path the engine drives. */
export function evaluateLab(events: readonly ParsedEvent[], now: string, downtimes: readonly Downtime[] = [], config: LabConfig = LAB_CONFIG_V1): Evaluation {
  const rs = labRuleSet(config);
  const state = events.reduce((s, e) => rs.evolve(s, e), rs.initialState());
  return rs.evaluate(state, { now: ms(now), downtimes });
}

/** Only the findings of one rule. */
export function findingsOf(rule: Finding['rule'], e: Evaluation): Finding[] {
  return e.findings.filter((f) => f.rule === rule);
}
