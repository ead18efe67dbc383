import { duplicatePairs, focusFirst, formatDelay, howTouched, type DegradedWindow, type Finding } from '@continuity/rules';
import type { ServiceCode } from '../scheduling-fhir';
import { formatInstant, serviceLabel, type SchedulingRule } from '../scheduling-rule';
import { bookingRefs, bookingWindow, currentSchedule, serviceOf, sortedKeys, type AppointmentRecord, type ScheduleVersion } from '../scheduling-state';

interface Booking {
  appointment: AppointmentRecord;
  slot: ScheduleVersion;
  service: ServiceCode | null;
  window: DegradedWindow | null;
}

/**
 * sched-double-booking, same-patient case: two live appointments of one patient for the same
 * service starting within 7 days of each other, at least one booked in a degraded period. Fires at
 * once; considerable → urgent. Cancelling either resolves it. (One practitioner with two patients
 * in overlapping slots needs every patient's state: see `practitionerOverlaps`.)
 */
export const schedDoubleBooking: SchedulingRule = (state, ctx, config) => {
  const bookings: Booking[] = sortedKeys(state.appointments)
    .map((k) => state.appointments[k])
    .map((a) => ({ appointment: a, slot: currentSchedule(a), service: serviceOf(a), window: bookingWindow(a, ctx.downtimes, config) }))
    .filter((b): b is Booking => b.slot !== null)
    // By start, then key: the pair and its focus never depend on arrival order.
    .sort((x, y) => x.slot.start - y.slot.start);
  const pairs = duplicatePairs(bookings, {
    key: (b) => (b.service ? `${b.service.system}|${b.service.code}` : null),
    at: (b) => b.slot.start,
    windowMs: config.doubleBookingWindowMs,
    touched: (b) => b.window !== null,
    live: (b) => b.appointment.cancelled === null,
  });
  const findings: Finding[] = pairs.map(([earlier, later]) => {
    const [focus, other] = focusFirst(earlier, later, (b) => b.window !== null);
    const touched = focus.window !== null ? focus : other;
    return {
      rule: 'sched-double-booking',
      severity: 'considerable',
      priority: 'urgent',
      patientKey: state.patientKey ?? '',
      facility: focus.slot.scope.facility,
      focus: focus.appointment.id,
      related: [other.appointment.id],
      evidence: [...bookingRefs(earlier.appointment), ...bookingRefs(later.appointment)].sort(),
      description:
        `Two live appointments for ${serviceLabel(focus.service)}, ${earlier.appointment.id.value} at ${formatInstant(earlier.slot.start)} and ` +
        `${later.appointment.id.value} at ${formatInstant(later.slot.start)}, are within ${formatDelay(config.doubleBookingWindowMs)}; ` +
        `${touched.appointment.id.value} was booked ${howTouched(touched.window as DegradedWindow)}.`,
    };
  });
  return { findings, wakes: [] };
};
