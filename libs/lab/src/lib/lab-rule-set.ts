import { configHash, evaluateRules, type RuleSet } from '@continuity/rules';
import { LAB_CONFIG_V1, type LabConfig } from './lab-config';
import type { LabRule } from './lab-rule';
import { evolveLabState, initialLabState, type LabPatientState } from './lab-state';
import { labDuplicateOrder } from './rules/lab-duplicate-order.rule';
import { labNotCollected } from './rules/lab-not-collected.rule';
import { labOrphanResult } from './rules/lab-orphan-result.rule';
import { labResultAfterCancel } from './rules/lab-result-after-cancel.rule';
import { labResultNotReceived } from './rules/lab-result-not-received.rule';

/** The lab catalogue of DESIGN.md, in catalogue order. */
export const LAB_RULES: readonly LabRule[] = [labDuplicateOrder, labNotCollected, labOrphanResult, labResultNotReceived, labResultAfterCancel];

/**
 * The lab rule set over one patient: orders by placer identifier, their specimens, results and
 * receipts. `version` is `lab@<config.version>`; `configHash` identifies the exact tables in force.
 */
export function labRuleSet(config: LabConfig = LAB_CONFIG_V1): RuleSet<LabPatientState> {
  return {
    domain: 'lab',
    version: `lab@${config.version}`,
    configHash: configHash(config),
    initialState: initialLabState,
    evolve: (state, event) => evolveLabState(state, event, config),
    evaluate: (state, ctx) => evaluateRules(LAB_RULES, state, ctx, config),
  };
}
