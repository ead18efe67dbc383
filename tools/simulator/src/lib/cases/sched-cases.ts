import { EVENT_TYPES as T, type AppointmentStatus, type BusinessId } from '@continuity/contracts';
import { SERVICES, type Service } from '../catalog';
import { appointment } from '../fhir';
import type { Entry, PatientBuilder } from '../patient-builder';
import { DAY, HOUR, MINUTE } from '../time';
import { beforeD, inD, quarter, type CaseContext, type CaseSpec } from './case-kit';

/*
 * Scheduling cases. Appointments that must not be "unresolved" start more than 24 h after T1,
 * outside that rule's scope, so they need no check-in.
 */

interface Slot {
  /** Whose appointment it is: the case's patient, or its other patient in cases across patients. */
  patient: PatientBuilder;
  id: BusinessId;
  service: Service;
  practitioner: string;
  start: number;
  end: number;
}

/**
 * A 30-minute slot with the case's practitioner number `n`. Practitioners are named after the
 * case's patient (as clean patients' are after theirs), so no other case or clean patient ever
 * shares one; two slots of one case with the same `n` share it, whichever patient they are for.
 */
function slot(c: CaseContext, service: Service, start: number, n: number, patient: PatientBuilder = c.b): Slot {
  return { patient, id: patient.ids.next('appointment'), service, practitioner: `PR${c.b.key.slice(1)}${n}`, start, end: start + 30 * MINUTE };
}

const payload = (s: Slot, status: AppointmentStatus) =>
  appointment({ id: s.id, status, patientKey: s.patient.key, practitioner: s.practitioner, service: s.service, start: s.start, end: s.end });

function book(s: Slot, at: number, entry?: Entry): void {
  s.patient.record(T.schedulingBooked, 'booking', at, payload(s, 'booked'), entry);
}

/** The planning shows the booking: a few minutes later in real time, or the instant it is typed back. */
function sync(s: Slot, at: number | 'with-booking'): void {
  if (at === 'with-booking') {
    const p = payload(s, 'booked');
    s.patient.follow(T.schedulingSynced, 'planning', () => p, { first: true });
  } else {
    s.patient.record(T.schedulingSynced, 'planning', at, payload(s, 'booked'), { kind: 'at', recordedMs: at, mode: 'realtime' });
  }
}

/** A start more than a day after T1 and after any back-entry (T1 + 10 h at most): outside sched-unresolved-appointment's scope. */
const farStart = (c: CaseContext): number => quarter(c.tl.t1 + c.rng.range(34, 40) * HOUR);
const span = (c: CaseContext): number => c.tl.t1 - c.tl.t0;

/** Booked in real time before the outage (between `loMs` and `hiMs` before T0), on the planning minutes later. */
function bookBeforeD(c: CaseContext, s: Slot, loMs: number, hiMs: number): void {
  const at = beforeD(c, loMs, hiMs);
  book(s, at);
  sync(s, at + c.rng.int(1, 5) * MINUTE);
}

/** Booked on paper during D, typed back after T1 and shown on the planning the same instant. */
function bookInD(c: CaseContext, s: Slot): void {
  book(s, inD(c, 30 * MINUTE, span(c) - 30 * MINUTE));
  sync(s, 'with-booking');
}

/**
 * One practitioner, two patients: the other patient's slot (A) far after T1, and the case
 * patient's (B) with the same practitioner, starting `offsetMs` after A's (overlapping below 30 min).
 */
function practitionerPair(c: CaseContext, offsetMs: number): { a: Slot; b: Slot } {
  const a = slot(c, c.rng.pick(SERVICES), farStart(c), 0, c.otherPatient());
  return { a, b: slot(c, c.rng.pick(SERVICES), a.start + offsetMs, 0) };
}

export const SCHED_CASES: readonly CaseSpec[] = [
  {
    name: 'sched-not-on-planning',
    rule: 'sched-not-on-planning',
    kind: 'inject',
    build(c) {
      // Booked on paper during D, typed into the booking system, never shown on the practitioner's planning.
      const s = slot(c, c.rng.pick(SERVICES), farStart(c), 0);
      book(s, inD(c, 30 * MINUTE, span(c) - 30 * MINUTE));
      return { rule: 'sched-not-on-planning', parts: { appointment: s.id }, severity: 'major' };
    },
  },
  {
    name: 'sched-double-booking',
    rule: 'sched-double-booking',
    kind: 'inject',
    build(c) {
      const service = c.rng.pick(SERVICES);
      const first = slot(c, service, farStart(c), 0);
      bookBeforeD(c, first, 1 * HOUR, 48 * HOUR);
      const second = slot(c, service, first.start + quarter(c.rng.range(1, 3) * DAY), 1);
      bookInD(c, second);
      return { rule: 'sched-double-booking', parts: { 'later-appointment': second.id }, severity: 'considerable' };
    },
  },
  {
    name: 'sched-double-booking-practitioner',
    rule: 'sched-double-booking',
    kind: 'inject',
    build(c) {
      // Patient A booked and on the planning before the outage; during it, patient B booked on paper
      // with the same practitioner at the same time or a quarter later: two patients in one slot.
      const { a, b } = practitionerPair(c, c.rng.pick([0, 15]) * MINUTE);
      bookBeforeD(c, a, 1 * HOUR, 48 * HOUR);
      bookInD(c, b);
      return { rule: 'sched-double-booking', parts: { 'later-appointment': b.id }, severity: 'considerable' };
    },
  },
  {
    name: 'sched-unresolved-appointment',
    rule: 'sched-unresolved-appointment',
    kind: 'inject',
    build(c) {
      // Booked and on the planning before the outage, due during it, and then nothing: no arrival, no cancel.
      const s = slot(c, c.rng.pick(SERVICES), quarter(inD(c, 1 * HOUR, span(c) - 2 * HOUR)), 0);
      bookBeforeD(c, s, 2 * HOUR, 72 * HOUR);
      return { rule: 'sched-unresolved-appointment', parts: { appointment: s.id }, severity: 'considerable' };
    },
  },
  {
    name: 'sched-orphan-arrival',
    rule: 'sched-orphan-arrival',
    kind: 'inject',
    build(c) {
      // The patient came for a paper booking nobody typed in.
      const start = quarter(inD(c, 1 * HOUR, span(c) - 1 * HOUR));
      const s = slot(c, c.rng.pick(SERVICES), start, 0);
      c.b.record(T.schedulingCheckedIn, 'booking', start - c.rng.int(0, 15) * MINUTE, payload(s, 'arrived'));
      return { rule: 'sched-orphan-arrival', parts: { 'missing-appointment': s.id }, severity: 'considerable' };
    },
  },
  {
    name: 'near-miss:sched-synced-in-time',
    rule: 'sched-not-on-planning',
    kind: 'near-miss',
    build(c) {
      const s = slot(c, c.rng.pick(SERVICES), farStart(c), 0);
      book(s, inD(c, 30 * MINUTE, span(c) - 30 * MINUTE));
      sync(s, c.tl.t1 + Math.floor(c.rng.range(9, 12)) * HOUR);
      return { rule: 'sched-not-on-planning', parts: { appointment: s.id }, why: 'the planning showed it before start - 12 h' };
    },
  },
  {
    name: 'near-miss:sched-rebooked-after-cancel',
    rule: 'sched-double-booking',
    kind: 'near-miss',
    build(c) {
      const service = c.rng.pick(SERVICES);
      const first = slot(c, service, farStart(c), 0);
      bookBeforeD(c, first, 1 * HOUR, 48 * HOUR);
      const cancelledAt = inD(c, 30 * MINUTE, span(c) / 2);
      c.b.record(T.schedulingCancelled, 'booking', cancelledAt, payload(first, 'cancelled'));
      const second = slot(c, service, first.start + quarter(c.rng.range(1, 3) * DAY), 1);
      book(second, cancelledAt + c.rng.int(30, 120) * MINUTE);
      sync(second, 'with-booking');
      return { rule: 'sched-double-booking', parts: { 'later-appointment': second.id }, why: 'the first booking was cancelled before the second was made' };
    },
  },
  {
    name: 'near-miss:sched-arrival-entered-in-time',
    rule: 'sched-unresolved-appointment',
    kind: 'near-miss',
    build(c) {
      const s = slot(c, c.rng.pick(SERVICES), quarter(inD(c, 1 * HOUR, span(c) - 2 * HOUR)), 0);
      bookBeforeD(c, s, 2 * HOUR, 72 * HOUR);
      c.b.record(T.schedulingCheckedIn, 'booking', s.start - c.rng.int(0, 15) * MINUTE, payload(s, 'arrived'),
        { kind: 'at', recordedMs: c.tl.t1 + Math.floor(c.rng.range(18, 22)) * HOUR, mode: 'backentry' });
      return { rule: 'sched-unresolved-appointment', parts: { appointment: s.id }, why: 'the arrival was back-entered before T1 + 24 h' };
    },
  },
  {
    name: 'near-miss:sched-booking-entered-in-time',
    rule: 'sched-orphan-arrival',
    kind: 'near-miss',
    build(c) {
      // The arrival is typed in first; the paper booking follows (shown on the planning at once) before T1 + 12 h.
      const start = quarter(inD(c, 4 * HOUR, span(c) - 1 * HOUR));
      const s = slot(c, c.rng.pick(SERVICES), start, 0);
      c.b.record(T.schedulingCheckedIn, 'booking', start - c.rng.int(0, 15) * MINUTE, payload(s, 'arrived'),
        { kind: 'at', recordedMs: c.tl.t1 + c.rng.int(20, 180) * MINUTE, mode: 'backentry' });
      const bookedRecorded = c.tl.t1 + Math.floor(c.rng.range(4, 9)) * HOUR;
      book(s, start - c.rng.int(60, 180) * MINUTE, { kind: 'at', recordedMs: bookedRecorded, mode: 'backentry' });
      sync(s, 'with-booking');
      return { rule: 'sched-orphan-arrival', parts: { 'missing-appointment': s.id }, why: 'the paper booking was back-entered before T1 + 12 h' };
    },
  },
  {
    name: 'near-miss:sched-practitioner-back-to-back',
    rule: 'sched-double-booking',
    kind: 'near-miss',
    build(c) {
      const { a, b } = practitionerPair(c, 30 * MINUTE);
      bookBeforeD(c, a, 1 * HOUR, 48 * HOUR);
      bookInD(c, b);
      return { rule: 'sched-double-booking', parts: { 'later-appointment': b.id }, why: "patient B's slot starts when patient A's ends: adjacent, not overlapping" };
    },
  },
  {
    name: 'near-miss:sched-practitioner-overlap-before-outage',
    rule: 'sched-double-booking',
    kind: 'near-miss',
    build(c) {
      const { a, b } = practitionerPair(c, c.rng.pick([0, 15]) * MINUTE);
      bookBeforeD(c, a, 1 * HOUR, 48 * HOUR);
      bookBeforeD(c, b, 1 * HOUR, 48 * HOUR);
      return { rule: 'sched-double-booking', parts: { 'later-appointment': b.id }, why: 'both overlapping bookings were made in real time before the outage' };
    },
  },
];
