import { EVENT_TYPES as T, type BusinessId, type RequestPriority } from '@continuity/contracts';
import { LAB_TESTS, LONG_RETEST_TESTS, type LabTest } from '../catalog';
import { communication, diagnosticReport, serviceRequest, specimen } from '../fhir';
import type { Entry } from '../patient-builder';
import { HOUR, MINUTE } from '../time';
import { inD, type CaseContext, type CaseSpec } from './case-kit';

/*
 * Lab cases. Everything happens on paper during D and is typed back in the patient's sessions
 * (LIS before EHR) unless a case sets an explicit recorded time.
 */

function labOrder(c: CaseContext, test: LabTest, authored: number, priority: RequestPriority = 'routine', entry?: Entry): BusinessId {
  const id = c.b.ids.next('order');
  c.b.record(T.labOrdered, 'ehr', authored, serviceRequest({ id, status: 'active', patientKey: c.b.key, test, priority, authoredOn: authored }), entry);
  return id;
}

function cancel(c: CaseContext, id: BusinessId, test: LabTest, authored: number, at: number): void {
  c.b.record(T.labCancelled, 'ehr', at, serviceRequest({ id, status: 'revoked', patientKey: c.b.key, test, priority: 'routine', authoredOn: authored }));
}

function collect(c: CaseContext, order: BusinessId, at: number, entry?: Entry): void {
  c.b.record(T.labSpecimenCollected, 'lis', at, specimen({ id: c.b.ids.next('specimen'), patientKey: c.b.key, order, collected: at }), entry);
}

/** Releases a result; with `received`, the EHR acknowledges it the instant it is typed in. */
function result(c: CaseContext, order: BusinessId, test: LabTest, collected: number, issued: number, o: { critical?: boolean; received: boolean }): BusinessId {
  const report = c.b.ids.next('report');
  c.b.record(T.labResulted, 'lis', issued,
    diagnosticReport({ id: report, patientKey: c.b.key, order, test, effective: collected, issued, critical: o.critical ?? false }));
  if (o.received) c.b.follow(T.labResultReceived, 'ehr', (t) => communication({ patientKey: c.b.key, report, received: t }), { first: true });
  return report;
}

const span = (c: CaseContext): number => c.tl.t1 - c.tl.t0;

export const LAB_CASES: readonly CaseSpec[] = [
  {
    name: 'lab-duplicate-order',
    rule: 'lab-duplicate-order',
    kind: 'inject',
    build(c) {
      // The same long-interval test ordered twice on paper within the hour; both sampled, neither resulted yet.
      const test = c.rng.pick(LONG_RETEST_TESTS);
      const a = inD(c, 30 * MINUTE, span(c) - 3 * HOUR);
      const first = labOrder(c, test, a);
      const bAt = a + c.rng.int(30, 90) * MINUTE;
      const later = labOrder(c, test, bAt);
      collect(c, first, a + c.rng.int(15, 45) * MINUTE);
      collect(c, later, bAt + c.rng.int(15, 45) * MINUTE);
      return { rule: 'lab-duplicate-order', parts: { 'later-order': later }, severity: 'significant' };
    },
  },
  {
    name: 'lab-not-collected',
    rule: 'lab-not-collected',
    kind: 'inject',
    build(c) {
      const test = c.rng.pick(LAB_TESTS);
      const stat = c.rng.chance(0.3);
      const id = labOrder(c, test, inD(c, 30 * MINUTE, span(c) - 30 * MINUTE), stat ? 'stat' : 'routine');
      return { rule: 'lab-not-collected', parts: { order: id }, severity: 'considerable' };
    },
  },
  {
    name: 'lab-orphan-result',
    rule: 'lab-orphan-result',
    kind: 'inject',
    build(c) {
      // Sampled and resulted against a paper order that was never typed in; the result did reach the EHR.
      const test = c.rng.pick(LAB_TESTS);
      const missing = c.b.ids.next('order');
      const collected = inD(c, 30 * MINUTE, span(c) - 5 * HOUR);
      collect(c, missing, collected);
      result(c, missing, test, collected, collected + c.rng.int(60, 240) * MINUTE, { received: true });
      return { rule: 'lab-orphan-result', parts: { 'missing-order': missing }, severity: 'considerable' };
    },
  },
  {
    name: 'lab-result-not-received',
    rule: 'lab-result-not-received',
    kind: 'inject',
    build(c) {
      const test = c.rng.pick(LAB_TESTS);
      const critical = c.rng.chance(0.3);
      const authored = inD(c, 30 * MINUTE, span(c) - 5 * HOUR);
      const id = labOrder(c, test, authored);
      const collected = authored + c.rng.int(15, 45) * MINUTE;
      collect(c, id, collected);
      result(c, id, test, collected, collected + c.rng.int(60, 240) * MINUTE, { critical, received: false });
      return { rule: 'lab-result-not-received', parts: { order: id }, severity: critical ? 'major' : 'significant' };
    },
  },
  {
    name: 'lab-result-after-cancel',
    rule: 'lab-result-after-cancel',
    kind: 'inject',
    build(c) {
      // Sampled, then cancelled on paper; the laboratory ran it anyway.
      const test = c.rng.pick(LAB_TESTS);
      const authored = inD(c, 30 * MINUTE, span(c) - 6 * HOUR);
      const id = labOrder(c, test, authored);
      const collected = authored + c.rng.int(10, 20) * MINUTE;
      collect(c, id, collected);
      const cancelledAt = authored + c.rng.int(30, 90) * MINUTE;
      cancel(c, id, test, authored, cancelledAt);
      result(c, id, test, collected, cancelledAt + c.rng.int(60, 180) * MINUTE, { received: true });
      return { rule: 'lab-result-after-cancel', parts: { order: id }, severity: 'significant' };
    },
  },
  {
    name: 'near-miss:lab-duplicate-after-cancel',
    rule: 'lab-duplicate-order',
    kind: 'near-miss',
    build(c) {
      const test = c.rng.pick(LONG_RETEST_TESTS);
      const a = inD(c, 30 * MINUTE, span(c) - 4 * HOUR);
      const first = labOrder(c, test, a);
      const cancelledAt = a + c.rng.int(15, 45) * MINUTE;
      cancel(c, first, test, a, cancelledAt);
      const bAt = cancelledAt + c.rng.int(15, 60) * MINUTE;
      const later = labOrder(c, test, bAt);
      collect(c, later, bAt + c.rng.int(15, 45) * MINUTE);
      return { rule: 'lab-duplicate-order', parts: { 'later-order': later }, why: 'the first order was cancelled before the second was placed' };
    },
  },
  {
    name: 'near-miss:lab-specimen-entered-late',
    rule: 'lab-not-collected',
    kind: 'near-miss',
    build(c) {
      const test = c.rng.pick(LAB_TESTS);
      const authored = inD(c, 30 * MINUTE, span(c) - 2 * HOUR);
      const id = labOrder(c, test, authored);
      collect(c, id, authored + c.rng.int(15, 60) * MINUTE, { kind: 'at', recordedMs: c.tl.t1 + Math.floor(c.rng.range(18, 22)) * HOUR, mode: 'backentry' });
      return { rule: 'lab-not-collected', parts: { order: id }, why: 'the specimen was back-entered before T1 + 24 h' };
    },
  },
  {
    name: 'near-miss:lab-order-entered-in-time',
    rule: 'lab-orphan-result',
    kind: 'near-miss',
    build(c) {
      const test = c.rng.pick(LAB_TESTS);
      const authored = inD(c, 30 * MINUTE, span(c) - 6 * HOUR);
      const id = labOrder(c, test, authored, 'routine', { kind: 'at', recordedMs: c.tl.t1 + Math.floor(c.rng.range(16, 22)) * HOUR, mode: 'backentry' });
      const collected = authored + c.rng.int(15, 45) * MINUTE;
      collect(c, id, collected);
      result(c, id, test, collected, collected + c.rng.int(60, 240) * MINUTE, { received: true });
      return { rule: 'lab-orphan-result', parts: { 'missing-order': id }, why: 'the paper order was back-entered before T1 + 24 h' };
    },
  },
  {
    name: 'near-miss:lab-receipt-late',
    rule: 'lab-result-not-received',
    kind: 'near-miss',
    build(c) {
      // A routine result released on paper that reaches the EHR late, but within T1 + 24 h.
      const test = c.rng.pick(LAB_TESTS);
      const authored = inD(c, 30 * MINUTE, span(c) - 5 * HOUR);
      const id = labOrder(c, test, authored);
      const collected = authored + c.rng.int(15, 45) * MINUTE;
      collect(c, id, collected);
      const report = result(c, id, test, collected, collected + c.rng.int(60, 240) * MINUTE, { received: false });
      const received = c.tl.t1 + Math.floor(c.rng.range(18, 22)) * HOUR;
      c.b.record(T.labResultReceived, 'ehr', received, communication({ patientKey: c.b.key, report, received }), { kind: 'at', recordedMs: received, mode: 'realtime' });
      return { rule: 'lab-result-not-received', parts: { order: id }, why: 'the result reached the EHR before T1 + 24 h' };
    },
  },
];
