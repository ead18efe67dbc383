import { declaredWindowsOverlapping, degradedWindowOf, expectation, formatDelay, type DegradedWindow, type Finding, type Instant } from '@continuity/rules';
import { schedulingScope } from '../scheduling-config';
import { formatInstant, serviceLabel, type SchedulingRule } from '../scheduling-rule';
import { bookingRefs, currentSchedule, serviceOf, sortedKeys } from '../scheduling-state';

/** An open window first, else the one ending last: the deadline counts from its end. */
function latestEnding(windows: readonly DegradedWindow[]): DegradedWindow | null {
  let best: DegradedWindow | null = null;
  for (const w of windows) {
    if (w.end === null) return w;
    if (best === null || (best.end as number) < w.end) best = w;
  }
  return best;
}

/**
 * sched-unresolved-appointment: an appointment starting in a degraded period, or within 24 h after
 * it ended, that is still booked (no check-in, no cancel) 24 h after max(start, T1).
 * considerable → urgent. The degraded periods are the facility's declared downtimes and the booking's
 * own (a booking entered from paper is its own window up to when it was entered).
 */
export const schedUnresolvedAppointment: SchedulingRule = (state, ctx, config) => {
  const scope = schedulingScope(config);
  const { startsWithinAfterMs, delayMs } = config.unresolved;
  const findings: Finding[] = [];
  const wakes: Array<Instant | null> = [];
  for (const key of sortedKeys(state.appointments)) {
    const a = state.appointments[key];
    const slot = currentSchedule(a);
    if (slot === null) continue;
    const own = Object.values(a.schedule)
      .map((v) => degradedWindowOf(v.scope, ctx.downtimes, scope))
      .filter((w): w is DegradedWindow => w !== null && w.cause !== 'declared');
    // Windows [T0, T1) with T0 <= start < T1 + startsWithinAfterMs (open windows: T0 <= start).
    const windows = [
      ...declaredWindowsOverlapping(slot.scope.facility, slot.start - startsWithinAfterMs, slot.start + 1, ctx.downtimes, scope),
      ...own.filter((w) => w.start <= slot.start && (w.end === null || slot.start < w.end + startsWithinAfterMs)),
    ];
    const window = latestEnding(windows);
    if (window === null) continue;
    const e = expectation({ anchor: slot.start, window, delayMs, satisfied: a.checkedIn !== null || a.cancelled !== null, now: ctx.now });
    wakes.push(e.due);
    if (!e.fires) continue;
    findings.push({
      rule: 'sched-unresolved-appointment',
      severity: 'considerable',
      priority: 'urgent',
      patientKey: state.patientKey ?? '',
      facility: slot.scope.facility,
      focus: a.id,
      related: [],
      evidence: bookingRefs(a),
      description:
        `Appointment ${a.id.value} for ${serviceLabel(serviceOf(a))} at ${formatInstant(slot.start)}, around the downtime, ` +
        `is still booked ${formatDelay(delayMs)} later with no check-in and no cancellation; the patient may not have been seen.`,
    });
  }
  return { findings, wakes };
};
