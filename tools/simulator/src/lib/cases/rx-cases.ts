import { EVENT_TYPES as T } from '@continuity/contracts';
import { MULTI_SUBSTANCE_CLASSES, type Substance } from '../catalog';
import { medicationAdministration, medicationRequest, type Dosing } from '../fhir';
import { HOUR, MINUTE } from '../time';
import { anySubstance, beforeD, inD, type CaseContext, type CaseSpec } from './case-kit';
import type { BusinessId } from '@continuity/contracts';

/*
 * Prescription cases. Orders that are not the point of a case are "when needed" (no timing), so
 * no dose is ever due and rx-omitted-dose stays out of the way.
 */

const PRN: Dosing = { asNeeded: true };

function order(c: CaseContext, substance: Substance, authored: number, dosing: Dosing, entry?: Parameters<CaseContext['b']['record']>[4]): BusinessId {
  const id = c.b.ids.next('order');
  c.b.record(T.prescriptionOrdered, 'ehr', authored,
    medicationRequest({ id, status: 'active', patientKey: c.b.key, substance, authoredOn: authored, dosing }), entry);
  return id;
}

function stop(c: CaseContext, id: BusinessId, substance: Substance, authored: number, at: number, dosing: Dosing): void {
  c.b.record(T.prescriptionDiscontinued, 'ehr', at,
    medicationRequest({ id, status: 'stopped', patientKey: c.b.key, substance, authoredOn: authored, dosing }));
}

function dose(c: CaseContext, id: BusinessId, substance: Substance, at: number, status: 'completed' | 'not-done' = 'completed', entry?: Parameters<CaseContext['b']['record']>[4]): void {
  c.b.record(T.prescriptionAdministered, 'mar', at,
    medicationAdministration({ id: c.b.ids.next('administration'), status, patientKey: c.b.key, substance, order: id, effective: at }), entry);
}

/** Largest usual interval such that D holds at least two doses (omitted doses are then unambiguous). */
function intervalFitting(c: CaseContext): number {
  const d = (c.tl.t1 - c.tl.t0) / HOUR;
  return [12, 8, 6, 4].find((h) => 2 * h <= d) ?? 4;
}

export const RX_CASES: readonly CaseSpec[] = [
  {
    name: 'rx-duplicate-order',
    rule: 'rx-duplicate-order',
    kind: 'inject',
    build(c) {
      // Ordered in the EHR before the outage, ordered again on paper during it, neither stopped.
      const { substance, highAlert } = anySubstance(c.rng);
      const a = beforeD(c, 2 * HOUR, 20 * HOUR);
      order(c, substance, a, PRN);
      const later = order(c, substance, inD(c, 30 * MINUTE, c.tl.t1 - c.tl.t0 - 30 * MINUTE), PRN);
      return { rule: 'rx-duplicate-order', parts: { 'later-order': later }, severity: highAlert ? 'catastrophic' : 'major' };
    },
  },
  {
    name: 'rx-therapeutic-duplication',
    rule: 'rx-therapeutic-duplication',
    kind: 'inject',
    build(c) {
      const cls = c.rng.pick(MULTI_SUBSTANCE_CLASSES);
      const [s1, s2] = c.rng.sample(cls.substances, 2);
      order(c, s1, beforeD(c, 2 * HOUR, 20 * HOUR), PRN);
      const later = order(c, s2, inD(c, 30 * MINUTE, c.tl.t1 - c.tl.t0 - 30 * MINUTE), PRN);
      return { rule: 'rx-therapeutic-duplication', parts: { 'later-order': later }, severity: 'considerable' };
    },
  },
  {
    name: 'rx-double-administration',
    rule: 'rx-double-administration',
    kind: 'inject',
    build(c) {
      // A scheduled order running into D; one dose of D given twice on paper, then the order stopped
      // (so the extra dose pairs with exactly one other dose).
      const { substance, highAlert } = anySubstance(c.rng);
      const every = c.rng.pick([6, 8, 12]);
      const step = every * HOUR + c.rng.int(1, 10) * MINUTE;
      const doseInD = inD(c, 15 * MINUTE, Math.min(every * HOUR, (c.tl.t1 - c.tl.t0) / 3));
      // One or two doses before D, but never before the start of the timeline.
      const before = doseInD - 2 * step - 30 * MINUTE > c.tl.start ? c.rng.int(1, 2) : 1;
      const authored = doseInD - before * step - 30 * MINUTE;
      const dosing: Dosing = { everyHours: every };
      const id = order(c, substance, authored, dosing);
      for (let j = 0; j <= before; j++) dose(c, id, substance, authored + 30 * MINUTE + j * step);
      const extra = doseInD + c.rng.int(30, 90) * MINUTE;
      dose(c, id, substance, extra);
      stop(c, id, substance, authored, extra + c.rng.int(20, 40) * MINUTE, dosing);
      return { rule: 'rx-double-administration', parts: { order: id }, severity: highAlert ? 'catastrophic' : 'major' };
    },
  },
  {
    name: 'rx-orphan-administration',
    rule: 'rx-orphan-administration',
    kind: 'inject',
    build(c) {
      // Doses given on paper against a paper order that nobody typed in.
      const { substance, highAlert } = anySubstance(c.rng);
      const missing = c.b.ids.next('order');
      const span = c.tl.t1 - c.tl.t0;
      const two = span >= 14 * HOUR;
      const first = inD(c, 30 * MINUTE, span - (two ? 12 * HOUR + 30 * MINUTE : 30 * MINUTE));
      dose(c, missing, substance, first);
      if (two) dose(c, missing, substance, first + 12 * HOUR);
      return { rule: 'rx-orphan-administration', parts: { 'missing-order': missing }, severity: highAlert ? 'major' : 'considerable' };
    },
  },
  {
    name: 'rx-omitted-dose',
    rule: 'rx-omitted-dose',
    kind: 'inject',
    build(c) {
      // A scheduled order given before the outage, then nothing recorded for D, still active.
      const { substance } = anySubstance(c.rng);
      const every = intervalFitting(c);
      const step = every * HOUR + c.rng.int(1, 10) * MINUTE;
      const authored = beforeD(c, 3 * HOUR, 10 * HOUR);
      const id = order(c, substance, authored, { everyHours: every });
      for (let t = authored + 30 * MINUTE; t < c.tl.t0; t += step) dose(c, id, substance, t);
      return { rule: 'rx-omitted-dose', parts: { order: id }, severity: 'significant' };
    },
  },
  {
    name: 'near-miss:rx-duplicate-after-stop',
    rule: 'rx-duplicate-order',
    kind: 'near-miss',
    build(c) {
      const { substance } = anySubstance(c.rng);
      const a = beforeD(c, 2 * HOUR, 20 * HOUR);
      const first = order(c, substance, a, PRN);
      const stoppedAt = inD(c, 30 * MINUTE, (c.tl.t1 - c.tl.t0) / 3);
      stop(c, first, substance, a, stoppedAt, PRN);
      const later = order(c, substance, stoppedAt + c.rng.int(30, 120) * MINUTE, PRN);
      return { rule: 'rx-duplicate-order', parts: { 'later-order': later }, why: 'the first order was stopped before the paper order was written' };
    },
  },
  {
    name: 'near-miss:rx-order-entered-in-time',
    rule: 'rx-orphan-administration',
    kind: 'near-miss',
    build(c) {
      // The dose is typed in first; its paper order follows before T1 + 12 h.
      const { substance } = anySubstance(c.rng);
      const authored = inD(c, 30 * MINUTE, c.tl.t1 - c.tl.t0 - 2 * HOUR);
      const id = order(c, substance, authored, PRN, { kind: 'at', recordedMs: c.tl.t1 + Math.floor(c.rng.range(3, 9)) * HOUR, mode: 'backentry' });
      dose(c, id, substance, authored + c.rng.int(30, 90) * MINUTE, 'completed', { kind: 'at', recordedMs: c.tl.t1 + c.rng.int(20, 120) * MINUTE, mode: 'backentry' });
      return { rule: 'rx-orphan-administration', parts: { 'missing-order': id }, why: 'the paper order was back-entered before T1 + 12 h' };
    },
  },
  {
    name: 'near-miss:rx-doses-recorded-not-given',
    rule: 'rx-omitted-dose',
    kind: 'near-miss',
    build(c) {
      const { substance } = anySubstance(c.rng);
      const every = intervalFitting(c);
      const step = every * HOUR + c.rng.int(1, 10) * MINUTE;
      const authored = beforeD(c, 3 * HOUR, 10 * HOUR);
      const id = order(c, substance, authored, { everyHours: every });
      for (let t = authored + 30 * MINUTE; t < c.tl.t1; t += step) dose(c, id, substance, t, t < c.tl.t0 ? 'completed' : 'not-done');
      return { rule: 'rx-omitted-dose', parts: { order: id }, why: 'every dose of D was recorded, as not given' };
    },
  },
];
