import { formatDelay, orphanDueAt, type Finding, type Instant } from '@continuity/rules';
import { schedulingScope } from '../scheduling-config';
import type { SchedulingRule } from '../scheduling-rule';
import { sortedKeys } from '../scheduling-state';

/**
 * sched-orphan-arrival: a check-in, touched by a degraded period, for an appointment that was never
 * booked (no booked or rescheduled event), T1 + 12 h. considerable → urgent. The booking's arrival
 * resolves it. The deadline runs from the first touched check-in.
 */
export const schedOrphanArrival: SchedulingRule = (state, ctx, config) => {
  const scope = schedulingScope(config);
  const findings: Finding[] = [];
  const wakes: Array<Instant | null> = [];
  for (const key of sortedKeys(state.appointments)) {
    const a = state.appointments[key];
    const arrivals = sortedKeys(a.arrivals).map((r) => a.arrivals[r]);
    if (arrivals.length === 0 || Object.keys(a.schedule).length > 0) continue;
    const due = orphanDueAt(arrivals, ctx.downtimes, scope, config.orphanArrivalDelayMs);
    if (due === null) continue;
    if (ctx.now < due) {
      wakes.push(due);
      continue;
    }
    findings.push({
      rule: 'sched-orphan-arrival',
      severity: 'considerable',
      priority: 'urgent',
      patientKey: state.patientKey ?? '',
      facility: arrivals[0].scope.facility,
      focus: a.id,
      related: [],
      evidence: arrivals.map((c) => c.ref),
      description:
        `The patient checked in for appointment ${a.id.value}, which was still not booked ${formatDelay(config.orphanArrivalDelayMs)} ` +
        `after the downtime; the paper booking may be lost.`,
    });
  }
  return { findings, wakes };
};
