import { formatDelay, howTouched, type Finding, type Instant } from '@continuity/rules';
import { formatInstant, serviceLabel, type SchedulingRule } from '../scheduling-rule';
import { bookingRefs, bookingWindow, currentSchedule, isOnPlanning, serviceOf, sortedKeys } from '../scheduling-state';

/**
 * sched-not-on-planning: a booking touched by a degraded period that never showed on the
 * practitioner's planning (no sync since the slot in force was set), due 12 h before the start but
 * not before T1 + 1 h. major → asap; stat when the start is 2 h or less after the due time.
 * A sync or a cancel resolves it.
 */
export const schedNotOnPlanning: SchedulingRule = (state, ctx, config) => {
  const findings: Finding[] = [];
  const wakes: Array<Instant | null> = [];
  const { leadMs, afterRecoveryMs, statWithinMs } = config.notOnPlanning;
  for (const key of sortedKeys(state.appointments)) {
    const a = state.appointments[key];
    const slot = currentSchedule(a);
    if (slot === null || a.cancelled !== null || isOnPlanning(a)) continue;
    const window = bookingWindow(a, ctx.downtimes, config);
    if (window === null || window.end === null) continue; // untouched, or staff still on paper
    const due = Math.max(slot.start - leadMs, window.end + afterRecoveryMs);
    if (ctx.now < due) {
      wakes.push(due);
      continue;
    }
    const stat = slot.start - due <= statWithinMs;
    findings.push({
      rule: 'sched-not-on-planning',
      severity: 'major',
      priority: stat ? 'stat' : 'asap',
      patientKey: state.patientKey ?? '',
      facility: slot.scope.facility,
      focus: a.id,
      related: [],
      evidence: bookingRefs(a),
      description:
        `Appointment ${a.id.value} for ${serviceLabel(serviceOf(a))} at ${formatInstant(slot.start)}, booked ${howTouched(window)}, ` +
        `is not on the practitioner's planning${stat ? ` and starts within ${formatDelay(statWithinMs)}` : ''}.`,
    });
  }
  return { findings, wakes };
};
