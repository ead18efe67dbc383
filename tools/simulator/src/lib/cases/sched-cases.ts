import { EVENT_TYPES as T, type AppointmentStatus, type BusinessId } from '@continuity/contracts';
import { SERVICES, type Service } from '../catalog';
import { appointment } from '../fhir';
import type { Entry } from '../patient-builder';
import { DAY, HOUR, MINUTE } from '../time';
import { beforeD, inD, quarter, type CaseContext, type CaseSpec } from './case-kit';

/*
 * Scheduling cases. Appointments that must not be "unresolved" start more than 24 h after T1,
 * outside that rule's scope, so they need no check-in.
 */

interface Slot {
  id: BusinessId;
  service: Service;
  practitioner: string;
  start: number;
  end: number;
}

function slot(c: CaseContext, service: Service, start: number, n: number, id = c.b.ids.next('appointment')): Slot {
  return { id, service, practitioner: `PR${c.b.key.slice(1)}${n}`, start, end: start + 30 * MINUTE };
}

const payload = (c: CaseContext, s: Slot, status: AppointmentStatus) =>
  appointment({ id: s.id, status, patientKey: c.b.key, practitioner: s.practitioner, service: s.service, start: s.start, end: s.end });

function book(c: CaseContext, s: Slot, at: number, entry?: Entry): void {
  c.b.record(T.schedulingBooked, 'booking', at, payload(c, s, 'booked'), entry);
}

/** The planning shows the booking: a few minutes later in real time, or the instant it is typed back. */
function sync(c: CaseContext, s: Slot, at: number | 'with-booking'): void {
  if (at === 'with-booking') {
    const p = payload(c, s, 'booked');
    c.b.follow(T.schedulingSynced, 'planning', () => p, { first: true });
  } else {
    c.b.record(T.schedulingSynced, 'planning', at, payload(c, s, 'booked'), { kind: 'at', recordedMs: at, mode: 'realtime' });
  }
}

/** A start more than a day after T1 and after any back-entry (T1 + 10 h at most): outside sched-unresolved-appointment's scope. */
const farStart = (c: CaseContext): number => quarter(c.tl.t1 + c.rng.range(34, 40) * HOUR);
const span = (c: CaseContext): number => c.tl.t1 - c.tl.t0;

export const SCHED_CASES: readonly CaseSpec[] = [
  {
    name: 'sched-not-on-planning',
    rule: 'sched-not-on-planning',
    kind: 'inject',
    build(c) {
      // Booked on paper during D, typed into the booking system, never shown on the practitioner's planning.
      const s = slot(c, c.rng.pick(SERVICES), farStart(c), 0);
      book(c, s, inD(c, 30 * MINUTE, span(c) - 30 * MINUTE));
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
      const bookedA = beforeD(c, 1 * HOUR, 48 * HOUR);
      book(c, first, bookedA);
      sync(c, first, bookedA + c.rng.int(1, 5) * MINUTE);
      const second = slot(c, service, first.start + quarter(c.rng.range(1, 3) * DAY), 1);
      book(c, second, inD(c, 30 * MINUTE, span(c) - 30 * MINUTE));
      sync(c, second, 'with-booking');
      return { rule: 'sched-double-booking', parts: { 'later-appointment': second.id }, severity: 'considerable' };
    },
  },
  {
    name: 'sched-unresolved-appointment',
    rule: 'sched-unresolved-appointment',
    kind: 'inject',
    build(c) {
      // Booked and on the planning before the outage, due during it, and then nothing: no arrival, no cancel.
      const s = slot(c, c.rng.pick(SERVICES), quarter(inD(c, 1 * HOUR, span(c) - 2 * HOUR)), 0);
      const booked = beforeD(c, 2 * HOUR, 72 * HOUR);
      book(c, s, booked);
      sync(c, s, booked + c.rng.int(1, 5) * MINUTE);
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
      c.b.record(T.schedulingCheckedIn, 'booking', start - c.rng.int(0, 15) * MINUTE, payload(c, s, 'arrived'));
      return { rule: 'sched-orphan-arrival', parts: { 'missing-appointment': s.id }, severity: 'considerable' };
    },
  },
  {
    name: 'near-miss:sched-synced-in-time',
    rule: 'sched-not-on-planning',
    kind: 'near-miss',
    build(c) {
      const s = slot(c, c.rng.pick(SERVICES), farStart(c), 0);
      book(c, s, inD(c, 30 * MINUTE, span(c) - 30 * MINUTE));
      sync(c, s, c.tl.t1 + Math.floor(c.rng.range(9, 12)) * HOUR);
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
      const bookedA = beforeD(c, 1 * HOUR, 48 * HOUR);
      book(c, first, bookedA);
      sync(c, first, bookedA + c.rng.int(1, 5) * MINUTE);
      const cancelledAt = inD(c, 30 * MINUTE, span(c) / 2);
      c.b.record(T.schedulingCancelled, 'booking', cancelledAt, payload(c, first, 'cancelled'));
      const second = slot(c, service, first.start + quarter(c.rng.range(1, 3) * DAY), 1);
      book(c, second, cancelledAt + c.rng.int(30, 120) * MINUTE);
      sync(c, second, 'with-booking');
      return { rule: 'sched-double-booking', parts: { 'later-appointment': second.id }, why: 'the first booking was cancelled before the second was made' };
    },
  },
  {
    name: 'near-miss:sched-arrival-entered-in-time',
    rule: 'sched-unresolved-appointment',
    kind: 'near-miss',
    build(c) {
      const s = slot(c, c.rng.pick(SERVICES), quarter(inD(c, 1 * HOUR, span(c) - 2 * HOUR)), 0);
      const booked = beforeD(c, 2 * HOUR, 72 * HOUR);
      book(c, s, booked);
      sync(c, s, booked + c.rng.int(1, 5) * MINUTE);
      c.b.record(T.schedulingCheckedIn, 'booking', s.start - c.rng.int(0, 15) * MINUTE, payload(c, s, 'arrived'),
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
      c.b.record(T.schedulingCheckedIn, 'booking', start - c.rng.int(0, 15) * MINUTE, payload(c, s, 'arrived'),
        { kind: 'at', recordedMs: c.tl.t1 + c.rng.int(20, 180) * MINUTE, mode: 'backentry' });
      const bookedRecorded = c.tl.t1 + Math.floor(c.rng.range(4, 9)) * HOUR;
      book(c, s, start - c.rng.int(60, 180) * MINUTE, { kind: 'at', recordedMs: bookedRecorded, mode: 'backentry' });
      sync(c, s, 'with-booking');
      return { rule: 'sched-orphan-arrival', parts: { 'missing-appointment': s.id }, why: 'the paper booking was back-entered before T1 + 12 h' };
    },
  },
];
