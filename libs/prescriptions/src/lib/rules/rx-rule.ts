import type { EvalContext, Finding, Instant } from '@continuity/rules';
import type { PrescriptionsConfig } from '../config';
import type { RxView } from '../views';

/** What one rule says at an evaluation: the findings that hold, and when it may change its mind. */
export interface RuleOutput {
  findings: Finding[];
  /** Deadlines still ahead (the rule set keeps those after `now`). */
  wakes: Instant[];
}

/** One rule of the catalogue: a pure function of the patient's view, the time and the downtimes. */
export type RxRule = (view: RxView, ctx: EvalContext, config: PrescriptionsConfig) => RuleOutput;
