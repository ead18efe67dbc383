import { EVENT_TYPES as T } from '@continuity/contracts';
import { ATC_CLASSES, LAB_TESTS, SERVICES } from './catalog';
import { appointment, communication, diagnosticReport, medicationAdministration, medicationRequest, serviceRequest, specimen } from './fhir';
import { PatientBuilder, type BuildContext } from './patient-builder';
import { Rng } from './prng';
import type { SimEvent } from './sim-event';
import { inDowntime, type Timeline } from './timeline';
import { DAY, floorMinute, HOUR, MINUTE, SECOND } from './time';

/**
 * A clean patient: a stay with medication orders and their doses, lab orders with specimen,
 * result and receipt, appointments with sync and outcome, all complete and on time. What falls in
 * D is typed back from paper within the backlog. By construction none of the 14 rules can fire:
 * one substance per ATC class, one LOINC and one service per patient, doses spaced more than the
 * ordered interval, a dose in D for every scheduled order live in D, every appointment resolved.
 */

/** Nothing clinical happens this close to the end, so every follow-up is recorded before it. */
const END_MARGIN_MS = 10 * MINUTE;

/** Volume profile of one stay (weights of 0, 1, 2… items). */
export const VOLUME_PROFILE = {
  medicationOrders: [30, 30, 20, 15, 5],
  labOrders: [30, 25, 20, 15, 7, 3],
  appointments: [50, 35, 15],
  /** Share of scheduled (vs when-needed) medication orders. */
  scheduledShare: 0.85,
  notDoneShare: 0.04,
  labCancelShare: 0.04,
  criticalShare: 0.03,
  bookingViaDowntimeToolShare: 0.3,
  rescheduleShare: 0.05,
} as const;

/** First draw of a clean patient's stream: its admission, a lower bound of all its recorded times. */
export function cleanAdmission(seed: number, index: number, tl: Timeline): number {
  const rng = Rng.stream(seed, 'clean', index);
  return admissionFrom(rng, tl);
}

function admissionFrom(rng: Rng, tl: Timeline): number {
  return floorMinute(tl.start + rng.float() * (tl.end - tl.start - 3 * HOUR));
}

/** Builds the whole feed of clean patient `index` of `facility`. */
export function buildCleanPatient(ctx: BuildContext, index: number, facility: string): SimEvent[] {
  const tl = ctx.timeline;
  const rng = Rng.stream(ctx.seed, 'clean', index);
  const admission = admissionFrom(rng, tl);
  const los = [rng.range(3 * HOUR, 10 * HOUR), rng.range(1 * DAY, 3 * DAY), rng.range(3 * DAY, 7 * DAY)][rng.weighted([25, 50, 25])];
  const limit = tl.end - END_MARGIN_MS;
  const stayEnd = Math.min(floorMinute(admission + los), limit);
  const b = new PatientBuilder(ctx, index + 1, index, facility, true);
  prescriptions(b, rng, admission, stayEnd, limit);
  lab(b, rng, admission, stayEnd, limit);
  scheduling(b, rng, admission, stayEnd, limit);
  return b.finish();
}

function prescriptions(b: PatientBuilder, rng: Rng, admission: number, stayEnd: number, limit: number): void {
  const tl = b.timeline;
  const classes = rng.sample(ATC_CLASSES, rng.weighted(VOLUME_PROFILE.medicationOrders));
  for (const cls of classes) {
    const substance = rng.pick(cls.substances);
    const order = b.ids.next('order');
    const authored = floorMinute(admission + rng.float() * (stayEnd - admission) * 0.5);
    let courseEnd = Math.min(floorMinute(authored + rng.range(12 * HOUR, 5 * DAY)), stayEnd);
    const scheduled = rng.chance(VOLUME_PROFILE.scheduledShare);
    const every = rng.pick([6, 8, 12, 24]);
    // A few minutes more than the interval: never "closer than the ordered interval".
    const step = every * HOUR + rng.int(1, 10) * MINUTE;
    let doses: number[] = [];
    if (scheduled) {
      const delay = inDowntime(tl, authored) ? Math.min(30 * MINUTE, Math.floor((tl.t1 - authored) / 2 / SECOND) * SECOND) : 30 * MINUTE;
      for (let t = authored + delay; t < courseEnd; t += step) doses.push(t);
      // Live during D without a dose in D would be an omitted dose: end such a course before D.
      if (authored < tl.t1 && courseEnd > tl.t0 && !doses.some((t) => inDowntime(tl, t))) {
        const before = doses.filter((t) => t < tl.t0);
        const lastBefore = before.length > 0 ? before[before.length - 1] : authored;
        courseEnd = lastBefore + Math.max(SECOND, Math.floor((tl.t0 - lastBefore) / 2 / SECOND) * SECOND);
        doses = before;
      }
    } else {
      const count = rng.int(0, 3);
      for (let t = authored + rng.range(1 * HOUR, 3 * HOUR); t < courseEnd && doses.length < count; t += rng.range(8 * HOUR, 12 * HOUR)) {
        doses.push(floorMinute(t));
      }
    }
    const dosing = scheduled ? { everyHours: every } : ({ asNeeded: true } as const);
    // Payloads are made when emitted (closures over fixed values): rebuilding a patient stays cheap.
    const mr = (status: 'active' | 'completed' | 'stopped') => () =>
      medicationRequest({ id: order, status, patientKey: b.key, substance, authoredOn: authored, dosing });
    b.record(T.prescriptionOrdered, 'ehr', authored, mr('active'));
    for (const t of doses) {
      const status = rng.chance(VOLUME_PROFILE.notDoneShare) ? 'not-done' : 'completed';
      const id = b.ids.next('administration');
      b.record(T.prescriptionAdministered, 'mar', t, () => medicationAdministration({ id, status, patientKey: b.key, substance, order, effective: t }));
    }
    if (courseEnd < limit) b.record(T.prescriptionDiscontinued, 'ehr', courseEnd, mr(courseEnd >= stayEnd ? 'stopped' : 'completed'));
  }
}

function lab(b: PatientBuilder, rng: Rng, admission: number, stayEnd: number, limit: number): void {
  const tests = rng.sample(LAB_TESTS, rng.weighted(VOLUME_PROFILE.labOrders));
  for (const test of tests) {
    const order = b.ids.next('order');
    const authored = floorMinute(admission + rng.float() * (stayEnd - admission) * 0.8);
    const priority = (['routine', 'urgent', 'stat'] as const)[rng.weighted([84, 10, 6])];
    const sr = (status: 'active' | 'revoked') => () => serviceRequest({ id: order, status, patientKey: b.key, test, priority, authoredOn: authored });
    const ordered = b.record(T.labOrdered, 'ehr', authored, sr('active'));
    if (rng.chance(VOLUME_PROFILE.labCancelShare)) {
      const at = authored + rng.int(10, 60) * MINUTE;
      // A paper order cancelled on paper is typed in with its cancel, in one go.
      if (ordered === null && inDowntime(b.timeline, at)) b.follow(T.labCancelled, 'ehr', sr('revoked'), { time: at });
      else if (at < limit) b.record(T.labCancelled, 'ehr', at, sr('revoked'));
      continue;
    }
    const collected = authored + (priority === 'stat' ? rng.int(10, 40) : priority === 'urgent' ? rng.int(15, 120) : rng.int(20, 360)) * MINUTE;
    const issued = collected + (priority === 'stat' ? rng.int(20, 50) : rng.int(40, 480)) * MINUTE;
    const critical = rng.chance(VOLUME_PROFILE.criticalShare);
    const receiptDelay = rng.int(1, 10) * MINUTE;
    if (collected >= limit) continue;
    const specimenId = b.ids.next('specimen');
    b.record(T.labSpecimenCollected, 'lis', collected, () => specimen({ id: specimenId, patientKey: b.key, order, collected }));
    if (issued >= limit) continue;
    const report = b.ids.next('report');
    const recorded = b.record(T.labResulted, 'lis', issued,
      () => diagnosticReport({ id: report, patientKey: b.key, order, test, effective: collected, issued, critical }));
    if (recorded === null) {
      // Typed back from paper: the EHR receives it through the interface the same instant.
      b.follow(T.labResultReceived, 'ehr', (t) => communication({ patientKey: b.key, report, received: t }), { first: true });
    } else if (issued + receiptDelay < limit) {
      const received = Math.max(recorded, issued + receiptDelay);
      const receipt = () => communication({ patientKey: b.key, report, received });
      // Received just as the EHR went down: typed back with the rest; otherwise acknowledged at once.
      if (inDowntime(b.timeline, received)) b.record(T.labResultReceived, 'ehr', received, receipt);
      else b.record(T.labResultReceived, 'ehr', received, receipt, { kind: 'at', recordedMs: received, mode: 'realtime' });
    }
  }
}

function scheduling(b: PatientBuilder, rng: Rng, admission: number, stayEnd: number, limit: number): void {
  const tl = b.timeline;
  const services = rng.sample(SERVICES, rng.weighted(VOLUME_PROFILE.appointments));
  services.forEach((service, i) => {
    const id = b.ids.next('appointment');
    // One practitioner per appointment: a clean practitioner never has two patients in one slot.
    const practitioner = `PR${b.key.slice(1)}${i}`;
    const booked = floorMinute(admission + rng.float() * (stayEnd - admission));
    const lead = rng.chance(0.2) ? rng.range(1 * HOUR, 12 * HOUR) : rng.range(1 * DAY, 10 * DAY);
    const firstStart = Math.ceil((booked + lead) / (15 * MINUTE)) * 15 * MINUTE;
    const duration = rng.pick([15, 30, 45, 60]) * MINUTE;
    const ap = (status: 'booked' | 'arrived' | 'cancelled' | 'noshow', start: number) => () =>
      appointment({ id, status, patientKey: b.key, practitioner, service, start, end: start + duration });
    const viaTool = rng.chance(VOLUME_PROFILE.bookingViaDowntimeToolShare);
    const syncDelay = rng.int(1, 5) * MINUTE;
    const recovery = tl.t1 + rng.int(15, 45) * MINUTE;
    if (inDowntime(tl, booked)) {
      if (viaTool) {
        b.record(T.schedulingBooked, 'booking', booked, ap('booked', firstStart), { kind: 'downtime-tool' });
        b.record(T.schedulingSynced, 'planning', recovery, ap('booked', firstStart));
      } else {
        b.record(T.schedulingBooked, 'booking', booked, ap('booked', firstStart));
        b.follow(T.schedulingSynced, 'planning', ap('booked', firstStart), { first: true });
      }
    } else {
      b.record(T.schedulingBooked, 'booking', booked, ap('booked', firstStart));
      const sync = booked + syncDelay;
      b.record(T.schedulingSynced, 'planning', inDowntime(tl, sync) ? recovery : sync, ap('booked', firstStart));
    }
    let start = firstStart;
    let changedAt = booked;
    const reschedule = rng.chance(VOLUME_PROFILE.rescheduleShare);
    const movedAt = floorMinute(booked + rng.range(1 * HOUR, 24 * HOUR));
    const moveBy = rng.int(1, 3) * DAY;
    if (reschedule && !inDowntime(tl, booked) && !inDowntime(tl, movedAt) && !inDowntime(tl, movedAt + 5 * MINUTE) && movedAt < start - HOUR && movedAt + 5 * MINUTE < limit) {
      start += moveBy;
      b.record(T.schedulingRescheduled, 'booking', movedAt, ap('booked', start));
      b.record(T.schedulingSynced, 'planning', movedAt + syncDelay, ap('booked', start));
      changedAt = movedAt + syncDelay;
    }
    const outcome = rng.weighted([88, 8, 4]);
    const cancelAt = floorMinute(changedAt + 10 * MINUTE + rng.float() * Math.max(0, start - changedAt - 10 * MINUTE));
    const arrivedAt = start - rng.int(0, 15) * MINUTE;
    if (start >= limit) return;
    if (outcome === 1 && cancelAt < start) b.record(T.schedulingCancelled, 'booking', cancelAt, ap('cancelled', start));
    else if (outcome === 2 && start + 30 * MINUTE < limit) b.record(T.schedulingCancelled, 'booking', start + 30 * MINUTE, ap('noshow', start));
    else if (arrivedAt < limit) b.record(T.schedulingCheckedIn, 'booking', Math.max(arrivedAt, changedAt + MINUTE), ap('arrived', start));
  });
}
