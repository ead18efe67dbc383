import { businessKey, degradedWindowOf, expectation, formatDelay, howTouched, type Finding, type Instant } from '@continuity/rules';
import { labScope } from '../lab-config';
import { sinceWhat, testLabel, type LabRule } from '../lab-rule';
import { sortedKeys, type LabPatientState } from '../lab-state';

/** Keys of the orders a specimen (or a result, which implies one) names: built once per evaluation. */
function collectedOrderKeys(state: LabPatientState): Set<string> {
  const keys = new Set<string>();
  for (const s of Object.values(state.specimens)) for (const k of s.orderKeys) keys.add(k);
  for (const r of Object.values(state.reports)) for (const v of Object.values(r.versions)) for (const id of v.orderIds) keys.add(businessKey(id));
  return keys;
}

/**
 * lab-not-collected: a live order touched by a degraded period with no specimen and no cancel,
 * 1 h (stat) or 24 h after max(authored, T1). considerable → urgent; asap if the order is stat.
 * A result naming the order counts as collection: the sample was evidently taken.
 */
export const labNotCollected: LabRule = (state, ctx, config) => {
  const scope = labScope(config);
  const findings: Finding[] = [];
  const wakes: Array<Instant | null> = [];
  const collected = collectedOrderKeys(state);
  for (const key of sortedKeys(state.orders)) {
    const order = state.orders[key];
    const ordered = order.ordered;
    if (ordered === null) continue;
    const window = degradedWindowOf(ordered.scope, ctx.downtimes, scope);
    if (window === null) continue;
    const stat = ordered.priority === 'stat';
    const delayMs = stat ? config.notCollectedDelay.statMs : config.notCollectedDelay.otherMs;
    const e = expectation({
      anchor: ordered.authoredOn,
      window,
      delayMs,
      satisfied: order.cancelled !== null || collected.has(key),
      now: ctx.now,
    });
    wakes.push(e.due);
    if (!e.fires) continue;
    findings.push({
      rule: 'lab-not-collected',
      severity: 'considerable',
      priority: stat ? 'asap' : 'urgent',
      patientKey: state.patientKey ?? '',
      facility: ordered.scope.facility,
      focus: order.id,
      related: [],
      evidence: [ordered.ref],
      description:
        `The ${stat ? 'stat ' : ''}order ${order.id.value} of ${testLabel(config, ordered.loinc, ordered.display)}, placed ${howTouched(window)}, ` +
        `still has no specimen ${formatDelay(delayMs)} after ${sinceWhat(ordered.authoredOn, window, 'it')}.`,
    });
  }
  return { findings, wakes };
};
