import { configHash, evaluateRules, type RuleSet } from '@continuity/rules';
import { PRESCRIPTIONS_CONFIG_V1, type PrescriptionsConfig } from './config';
import { rxDoubleAdministration } from './rules/rx-double-administration';
import { rxDuplicateOrder } from './rules/rx-duplicate-order';
import { rxOmittedDose } from './rules/rx-omitted-dose';
import { rxOrphanAdministration } from './rules/rx-orphan-administration';
import type { RxRule } from './rules/rx-rule';
import { rxTherapeuticDuplication } from './rules/rx-therapeutic-duplication';
import { evolveRx, initialRxState, type RxPatientState } from './state';
import { viewOf } from './views';

/** The catalogue's prescription rules, in the order their findings are listed. */
export const RX_RULES: readonly RxRule[] = [
  rxDuplicateOrder,
  rxTherapeuticDuplication,
  rxDoubleAdministration,
  rxOrphanAdministration,
  rxOmittedDose,
];

/**
 * The prescriptions rule set: a decider over one patient's orders and administrations.
 * `version` and `configHash` name the configuration on every task it opens.
 */
export function prescriptionsRuleSet(config: PrescriptionsConfig = PRESCRIPTIONS_CONFIG_V1): RuleSet<RxPatientState> {
  return {
    domain: 'prescriptions',
    version: `prescriptions@${config.version}`,
    configHash: configHash(config),
    initialState: initialRxState,
    evolve: evolveRx,
    // The rules read a view of the state (windows and labels resolved once), not the state itself.
    evaluate: (state, ctx) => evaluateRules(RX_RULES, viewOf(state, ctx.downtimes, config), ctx, config),
  };
}
