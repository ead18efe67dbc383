import type { DomainRule, RuleOutcome } from '@continuity/rules';
import type { PrescriptionsConfig } from '../config';
import type { RxView } from '../views';

/** What one rule says at an evaluation: the findings that hold, and when it may change its mind. */
export type RuleOutput = RuleOutcome;

/** One rule of the catalogue: a pure function of the patient's view, the time and the downtimes. */
export type RxRule = DomainRule<RxView, PrescriptionsConfig>;
