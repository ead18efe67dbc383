import type { BusinessId } from '@continuity/contracts';
import { businessKey, type Downtime, type Finding, type Instant } from '@continuity/rules';
import type { SchedulingConfig } from './scheduling-config';
import { formatInstant } from './scheduling-rule';
import { bookingRefs, bookingWindow, currentSchedule, sortedKeys, type SchedulingPatientState } from './scheduling-state';

/**
 * One practitioner's slot in one appointment: what the practitioner-keyed stage collects from every
 * patient's state (`practitionerSlotsOf`) to find double bookings across patients.
 */
export interface PractitionerSlot {
  practitioner: string;
  appointment: BusinessId;
  patientKey: string;
  facility: string;
  start: Instant;
  end: Instant;
  /** Not cancelled. */
  live: boolean;
  /** Booked or rescheduled during a degraded period. */
  touched: boolean;
  /** Refs of the booking events. */
  evidence: readonly string[];
}

function compareSlots(a: PractitionerSlot, b: PractitionerSlot): number {
  if (a.practitioner !== b.practitioner) return a.practitioner < b.practitioner ? -1 : 1;
  if (a.start !== b.start) return a.start - b.start;
  const ka = businessKey(a.appointment);
  const kb = businessKey(b.appointment);
  if (ka !== kb) return ka < kb ? -1 : 1;
  return a.patientKey < b.patientKey ? -1 : a.patientKey > b.patientKey ? 1 : 0;
}

/**
 * Pairs of slots of one practitioner with two different patients whose times overlap
 * (`a.start < b.end && b.start < a.end`), both live, at least one touched by a degraded period.
 * Pure and deterministic: `[a, b]` with a before b by (start, appointment, patient), whatever the
 * input order.
 */
export function practitionerOverlaps(appointments: readonly PractitionerSlot[]): Array<[PractitionerSlot, PractitionerSlot]> {
  const sorted = appointments.filter((s) => s.live).sort(compareSlots);
  const pairs: Array<[PractitionerSlot, PractitionerSlot]> = [];
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i];
    for (let j = i + 1; j < sorted.length; j++) {
      const b = sorted[j];
      // Sorted by practitioner then start: once b starts after a ends, no later slot overlaps a.
      if (b.practitioner !== a.practitioner || b.start >= a.end) break;
      if (b.patientKey === a.patientKey || businessKey(b.appointment) === businessKey(a.appointment)) continue;
      if (a.touched || b.touched) pairs.push([a, b]);
    }
  }
  return pairs;
}

/** The practitioner slots of one patient's appointments (one per practitioner taking part). */
export function practitionerSlotsOf(state: SchedulingPatientState, downtimes: readonly Downtime[], config: SchedulingConfig): PractitionerSlot[] {
  const slots: PractitionerSlot[] = [];
  for (const key of sortedKeys(state.appointments)) {
    const a = state.appointments[key];
    const slot = currentSchedule(a);
    if (slot === null) continue;
    const touched = bookingWindow(a, downtimes, config) !== null;
    for (const practitioner of slot.practitioners) {
      slots.push({
        practitioner,
        appointment: a.id,
        patientKey: state.patientKey ?? '',
        facility: slot.scope.facility,
        start: slot.start,
        end: slot.end,
        live: a.cancelled === null,
        touched,
        evidence: bookingRefs(a),
      });
    }
  }
  return slots;
}

/** The identifier's value of a `system|value` practitioner key (a reference stays whole). */
function practitionerLabel(key: string): string {
  const bar = key.lastIndexOf('|');
  return bar < 0 ? key : key.slice(bar + 1);
}

/**
 * The sched-double-booking finding of an overlap, focused on the touched slot (the later one when
 * both are), and filed under that slot's patient. considerable → urgent.
 */
export function practitionerOverlapFinding([a, b]: [PractitionerSlot, PractitionerSlot]): Finding {
  const [focus, other] = a.touched && !b.touched ? [a, b] : [b, a];
  return {
    rule: 'sched-double-booking',
    severity: 'considerable',
    priority: 'urgent',
    patientKey: focus.patientKey,
    facility: focus.facility,
    focus: focus.appointment,
    related: [other.appointment],
    evidence: [...new Set([...a.evidence, ...b.evidence])].sort(),
    description:
      `Practitioner ${practitionerLabel(focus.practitioner)} is booked for two patients at overlapping times: appointment ${a.appointment.value} at ${formatInstant(a.start)} ` +
      `and appointment ${b.appointment.value} at ${formatInstant(b.start)}; ${focus.appointment.value} was booked during the degraded period.`,
  };
}
