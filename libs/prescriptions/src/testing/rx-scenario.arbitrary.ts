import fc from 'fast-check';
import type { ParsedEvent } from '@continuity/contracts';
import { dose, downtimeEnded, downtimeStarted, order, plus, stop, T0 } from './rx-events';

/**
 * Random prescription histories for property tests (not exported from the lib: fast-check is a
 * test dependency). Times are whole hours around T0 so that doses, orders and downtimes collide
 * often; few orders and substances so that duplicates, doubles and orphans all happen.
 */

const SUBSTANCES = ['B01AB05', 'B01AB04', 'N02BE01', 'J01CA04'] as const;
const PATIENTS = ['PAT-1', 'PAT-2'] as const;

interface Entered {
  at: number;
  /** Hours after the clinical time it was typed in from paper; null: real time. */
  back: number | null;
  patient: number;
}

const entered = {
  at: fc.integer({ min: -30, max: 60 }),
  back: fc.option(fc.integer({ min: 1, max: 48 }), { nil: null }),
  patient: fc.integer({ min: 0, max: PATIENTS.length - 1 }),
};

const orderSpec = fc.record({
  ...entered,
  n: fc.integer({ min: 1, max: 4 }),
  atc: fc.constantFrom(...SUBSTANCES),
  everyHours: fc.constantFrom<number | null>(null, 4, 12),
  validity: fc.option(fc.record({ from: fc.integer({ min: -30, max: 60 }), hours: fc.integer({ min: 1, max: 72 }) }), { nil: null }),
});
const stopSpec = fc.record({ ...entered, n: fc.integer({ min: 1, max: 4 }) });
const doseSpec = fc.record({
  ...entered,
  // Order 5 never gets placed: its doses are orphans.
  n: fc.integer({ min: 1, max: 5 }),
  atc: fc.option(fc.constantFrom(...SUBSTANCES), { nil: null }),
  status: fc.constantFrom<'completed' | 'not-done'>('completed', 'completed', 'not-done'),
  // Same administration identifier twice: a correction of one record.
  dose: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
});
const downtimeSpec = fc.option(
  fc.record({ from: fc.integer({ min: -20, max: 30 }), hours: fc.integer({ min: 1, max: 40 }), ended: fc.boolean(), star: fc.boolean() }),
  { nil: null },
);

function entry(e: Entered, id: string) {
  const recorded = e.back === null ? undefined : plus(T0, e.at + e.back);
  return { id, patient: PATIENTS[e.patient], ...(e.back === null ? {} : { entry: 'backentry' as const, recordedAt: recorded }) };
}

/** A scenario: each source's events, in the order that source published them. */
export interface RxScenario {
  sources: ParsedEvent[][];
  /** Latest recorded time of any event (epoch ms). */
  horizon: number;
}

const byRecorded = (a: ParsedEvent, b: ParsedEvent) => a.recordedTimeMs - b.recordedTimeMs || (a.id < b.id ? -1 : 1);

/** Random histories of up to two patients: an EHR (orders, stops), a MAR (doses), operations (one downtime). */
export const rxScenario: fc.Arbitrary<RxScenario> = fc
  .record({
    orders: fc.array(orderSpec, { maxLength: 5 }),
    stops: fc.array(stopSpec, { maxLength: 2 }),
    doses: fc.array(doseSpec, { maxLength: 7 }),
    downtime: downtimeSpec,
  })
  .map(({ orders, stops, doses, downtime }) => {
    let k = 0;
    const ehr = [
      ...orders.map((o) =>
        order({
          ...entry(o, `o-${++k}`),
          order: `RX-${o.n}`,
          atc: o.atc,
          drug: undefined,
          at: plus(T0, o.at),
          everyHours: o.everyHours,
          ...(o.validity ? { validFrom: plus(T0, o.validity.from), validTo: plus(T0, o.validity.from + o.validity.hours) } : {}),
        }),
      ),
      ...stops.map((s) => stop({ ...entry(s, `s-${++k}`), order: `RX-${s.n}`, at: plus(T0, s.at) })),
    ].sort(byRecorded);
    const mar = doses
      .map((d) =>
        dose({
          ...entry(d, `d-${++k}`),
          order: `RX-${d.n}`,
          atc: d.atc,
          at: plus(T0, d.at),
          status: d.status,
          ...(d.dose === null ? {} : { dose: `MA-${d.patient}-${d.dose}` }),
        }),
      )
      .sort(byRecorded);
    const ops: ParsedEvent[] = [];
    if (downtime) {
      const facility = downtime.star ? '*' : 'AVC';
      ops.push(downtimeStarted({ id: `dt-${++k}`, at: plus(T0, downtime.from), facility }));
      if (downtime.ended) ops.push(downtimeEnded({ id: `dt-${++k}`, at: plus(T0, downtime.from + downtime.hours), facility }));
    }
    const all = [...ehr, ...mar, ...ops];
    const horizon = all.length === 0 ? Date.parse(T0) : Math.max(...all.map((e) => e.recordedTimeMs));
    return { sources: [ehr, mar, ops].filter((s) => s.length > 0), horizon };
  });
