import type { RuleCode } from '@continuity/rules';
import { RULE_CODES } from '../ground-truth';
import type { CaseSpec } from './case-kit';
import { LAB_CASES } from './lab-cases';
import { RX_CASES } from './rx-cases';
import { SCHED_CASES } from './sched-cases';

export type { CaseContext, CaseResult, CaseSpec } from './case-kit';

/** Every staged case, injected and near-miss. */
export const ALL_CASES: readonly CaseSpec[] = [...RX_CASES, ...LAB_CASES, ...SCHED_CASES];

/** The first injected case of each rule, in catalogue order. */
export const INJECTED_CASES: readonly CaseSpec[] = RULE_CODES.map((rule: RuleCode) => {
  const spec = ALL_CASES.find((c) => c.kind === 'inject' && c.rule === rule);
  if (!spec) throw new Error(`no injected case for ${rule}`);
  return spec;
});

/** Other ways a rule fires, beyond its first injected case (sched-double-booking across patients). */
export const FURTHER_INJECTED_CASES: readonly CaseSpec[] = ALL_CASES.filter((c) => c.kind === 'inject' && !INJECTED_CASES.includes(c));

export const NEAR_MISS_CASES: readonly CaseSpec[] = ALL_CASES.filter((c) => c.kind === 'near-miss');
