import { businessKey, degradedWindowOf, type Finding, type ScopeItem } from '@continuity/rules';
import { labScope } from '../lab-config';
import { testLabel, type LabRule } from '../lab-rule';
import { sortedKeys } from '../lab-state';

/**
 * lab-result-after-cancel: a result for an order that was cancelled, the order, its cancel or the
 * result touched by a degraded period. Fires at once; significant → urgent. One task per
 * (order, report).
 */
export const labResultAfterCancel: LabRule = (state, ctx, config) => {
  const scope = labScope(config);
  const touched = (s: ScopeItem): boolean => degradedWindowOf(s, ctx.downtimes, scope) !== null;
  const findings: Finding[] = [];
  for (const orderKey of sortedKeys(state.orders)) {
    const order = state.orders[orderKey];
    const cancelled = order.cancelled;
    if (cancelled === null) continue;
    for (const reportKey of sortedKeys(state.reports)) {
      const report = state.reports[reportKey];
      const versions = sortedKeys(report.versions)
        .map((r) => report.versions[r])
        .filter((v) => v.orderIds.some((id) => businessKey(id) === orderKey));
      if (versions.length === 0) continue;
      const inScope = touched(cancelled.scope) || (order.ordered !== null && touched(order.ordered.scope)) || versions.some((v) => touched(v.scope));
      if (!inScope) continue;
      findings.push({
        rule: 'lab-result-after-cancel',
        severity: 'significant',
        priority: 'urgent',
        patientKey: state.patientKey ?? '',
        facility: order.ordered?.scope.facility ?? cancelled.scope.facility,
        focus: order.id,
        related: [report.id],
        evidence: [cancelled.ref, ...versions.map((v) => v.ref)].sort(),
        description:
          `The laboratory released result ${report.id.value} for order ${order.id.value}` +
          `${order.ordered ? ` of ${testLabel(config, order.ordered.loinc, order.ordered.display)}` : ''}, which had been cancelled; check whether the test was wanted.`,
      });
    }
  }
  return { findings, wakes: [] };
};
