import type { BusinessId } from '@continuity/contracts';
import {
  businessKey,
  declaredWindowsOverlapping,
  degradedWindowOf,
  expectation,
  formatDelay,
  type DegradedWindow,
  type EvalContext,
  type Finding,
  type Instant,
} from '@continuity/rules';
import { labScope, type LabConfig } from '../lab-config';
import type { LabRule } from '../lab-rule';
import { isReceived, sortedKeys, type ReportVersion } from '../lab-state';

/**
 * The degraded period a release belongs to: issued inside one, or within the post-recovery backlog
 * after a declared one ended (the one ending last wins, since the deadline counts from its end).
 */
function releaseWindow(v: ReportVersion, ctx: EvalContext, config: LabConfig): DegradedWindow | null {
  const scope = labScope(config);
  const inside = degradedWindowOf({ ...v.scope, time: v.issued }, ctx.downtimes, scope);
  if (inside !== null) return inside;
  const backlog = declaredWindowsOverlapping(v.scope.facility, v.issued - config.postRecoveryBacklogMs, v.issued + 1, ctx.downtimes, scope)
    .filter((w) => w.end !== null && w.end <= v.issued)
    .sort((a, b) => (b.end as number) - (a.end as number));
  return backlog[0] ?? null;
}

/**
 * lab-result-not-received: a released result (final, amended, corrected) issued during a degraded
 * period or in the post-recovery backlog after it, that no receipt shows reached the EHR,
 * 1 h (critical) or 24 h after max(issued, T1). major → stat if critical; significant → urgent.
 */
export const labResultNotReceived: LabRule = (state, ctx, config) => {
  const findings: Finding[] = [];
  const wakes: Array<Instant | null> = [];
  for (const reportKey of sortedKeys(state.reports)) {
    const report = state.reports[reportKey];
    const released = sortedKeys(report.versions)
      .map((r) => report.versions[r])
      .filter((v) => config.releasedResultStatuses.includes(v.status))
      .sort((a, b) => a.issued - b.issued);
    if (released.length === 0) continue;
    const first = released[0];
    const window = releaseWindow(first, ctx, config);
    if (window === null) continue;
    const critical = released.some((v) => v.critical);
    const delayMs = critical ? config.resultNotReceivedDelay.criticalMs : config.resultNotReceivedDelay.otherMs;
    const e = expectation({ anchor: first.issued, window, delayMs, satisfied: isReceived(state, report), now: ctx.now });
    wakes.push(e.due);
    if (!e.fires) continue;
    // The order is the focus; the report tells two unreceived results of one order apart.
    const orders = new Map<string, BusinessId>();
    for (const v of released) for (const id of v.orderIds) orders.set(businessKey(id), id);
    const orderIds = [...orders.keys()].sort().map((k) => orders.get(k) as BusinessId);
    const focus = orderIds[0] ?? report.id;
    const related = orderIds.length > 0 ? [report.id, ...orderIds.slice(1)] : [];
    findings.push({
      rule: 'lab-result-not-received',
      severity: critical ? 'major' : 'significant',
      priority: critical ? 'stat' : 'urgent',
      patientKey: state.patientKey ?? '',
      facility: first.scope.facility,
      focus,
      related,
      evidence: released.map((v) => v.ref).sort(),
      description:
        `The ${critical ? 'critical ' : ''}result ${report.id.value}${orderIds.length > 0 ? ` of order ${focus.value}` : ''}, released by the laboratory ` +
        `${window.end !== null && window.end <= first.issued && window.cause === 'declared' ? 'in the backlog after' : 'during'} the downtime, ` +
        `has not reached the EHR ${formatDelay(delayMs)} later.`,
    });
  }
  return { findings, wakes };
};
