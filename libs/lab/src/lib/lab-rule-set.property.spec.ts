import fc from 'fast-check';
import type { ParsedEvent } from '@continuity/contracts';
import {
  assertReplayEqualsLive,
  assertTransportCopies,
  foldEvents,
  inRecordedOrder,
  interleave,
  liveLog,
  logArbitraries,
  openTasksAfter as openTasksOf,
  redelivered,
  type TaskRecord,
} from '@continuity/rules';
import { downtimeEvents, labCancelled, labOrdered, labResulted, ms, resultReceived, specimenCollected } from '../testing/lab-events.factory';
import { labRuleSet } from './lab-rule-set';

const { ticks: ticksArb, lags: lagsArb } = logArbitraries(fc);
const H = 3_600_000;
const FRIDAY = ms('2024-08-02T00:00Z');
const DOWNTIME = downtimeEvents('2024-08-03T08:00Z', '2024-08-04T20:00Z', { systems: ['ehr'] });
const STANDBY = 'urn:continuity:system:standby:AVC';
const at = (t: number) => new Date(t).toISOString();

/** One order's story, as random data: when, what, how entered, and what followed it. */
const orderArb = fc.record({
  hour: fc.integer({ min: 0, max: 80 }),
  loinc: fc.constantFrom('2823-3', '6598-7', '718-7'),
  priority: fc.constantFrom('routine' as const, 'stat' as const),
  entry: fc.constantFrom('realtime' as const, 'backentry' as const, 'downtime-tool' as const),
  cancelAfter: fc.option(fc.integer({ min: 1, max: 30 })),
  specimenAfter: fc.option(fc.integer({ min: 0, max: 30 })),
  result: fc.option(fc.record({ after: fc.integer({ min: 1, max: 40 }), critical: fc.boolean(), receivedAfter: fc.option(fc.integer({ min: 0, max: 40 })) })),
  orderNeverEntered: fc.boolean(),
  /** Re-ordered on paper: the same test as an earlier order, 0–3 hours later (what lab-duplicate-order exists for). */
  twin: fc.option(fc.record({ of: fc.nat(), hoursLater: fc.integer({ min: 0, max: 3 }) }), { freq: 3 }),
});

type OrderStory = typeof orderArb extends fc.Arbitrary<infer R> ? R : never;

/** Without twins, two random orders rarely make a clinical duplicate, and the duplicate property would rarely be exercised. */
const ordersArb = fc.array(orderArb, { minLength: 1, maxLength: 5 }).map((orders) =>
  orders.map((o, i): OrderStory => {
    if (o.twin === null || i === 0) return o;
    const first = orders[o.twin.of % i];
    return { ...o, loinc: first.loinc, hour: Math.min(80, first.hour + o.twin.hoursLater) };
  }),
);

/** The events of one patient, per source, each source in its own (recorded-time) order. */
function patientStreams(orders: readonly OrderStory[]): ParsedEvent[][] {
  const ehr: ParsedEvent[] = [];
  const standby: ParsedEvent[] = [];
  const lis: ParsedEvent[] = [];
  orders.forEach((o, i) => {
    const id = `ORD-${i + 1}`;
    const t = FRIDAY + o.hour * H;
    const paper = o.entry === 'backentry' ? { entryMode: 'backentry' as const, recordedAt: at(FRIDAY + 82 * H + i * 60_000) } : {};
    if (!o.orderNeverEntered) {
      const e = labOrdered(id, { at: at(t), loinc: o.loinc, priority: o.priority, ...paper, ...(o.entry === 'downtime-tool' ? { entryMode: 'downtime-tool', source: STANDBY } : {}) });
      (o.entry === 'downtime-tool' ? standby : ehr).push(e);
    }
    if (o.cancelAfter !== null) ehr.push(labCancelled(id, { at: at(t + o.cancelAfter * H) }));
    if (o.specimenAfter !== null) lis.push(specimenCollected(id, { at: at(t + o.specimenAfter * H) }));
    if (o.result !== null) {
      lis.push(labResulted(id, { at: at(t + o.result.after * H), critical: o.result.critical }));
      if (o.result.receivedAfter !== null) ehr.push(resultReceived(`RPT-${id}`, { at: at(t + (o.result.after + o.result.receivedAfter) * H) }));
    }
  });
  return [inRecordedOrder(ehr), inRecordedOrder(standby), inRecordedOrder(lis)];
}

/** Feeds the downtime then the events to a fresh engine and ticks once at `now`. */
const openTasksAfter = (events: readonly ParsedEvent[], now: number): TaskRecord[] => openTasksOf(labRuleSet(), DOWNTIME, events, now);

const scenarioArb = fc.record({
  orders: ordersArb,
  choicesA: fc.array(fc.nat(), { maxLength: 40 }),
  choicesB: fc.array(fc.nat(), { maxLength: 40 }),
  nowHour: fc.integer({ min: 60, max: 160 }),
});

const LAB = labRuleSet();
/** The declaration is one more source: it may reach the partition before, among or after the events. */
const arrivalsOf = (orders: readonly OrderStory[], choices: readonly number[]): ParsedEvent[] => interleave([...patientStreams(orders), DOWNTIME], choices);
/** A live log of a random scenario: its arrivals, with ticks and a lagging downtime cursor among them. */
const liveLogArb = fc
  .tuple(scenarioArb, ticksArb, lagsArb)
  .map(([{ orders, choicesA, nowHour }, ticks, lags]) => liveLog(arrivalsOf(orders, choicesA), ticks, lags, FRIDAY + nowHour * H));

describe('lab rule set properties', () => {
  it('any interleaving of the sources, each in its own order, gives the same open tasks at the same final tick', () => {
    fc.assert(
      fc.property(scenarioArb, ({ orders, choicesA, choicesB, nowHour }) => {
        const streams = patientStreams(orders);
        const now = FRIDAY + nowHour * H;
        expect(openTasksAfter(interleave(streams, choicesB), now)).toEqual(openTasksAfter(interleave(streams, choicesA), now));
      }),
      { numRuns: 200 },
    );
  });

  it('re-delivering any events changes nothing, in the engine and in the rule set itself', () => {
    fc.assert(
      fc.property(scenarioArb, fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 6 }), ({ orders, choicesA, nowHour }, dups) => {
        const events = interleave(patientStreams(orders), choicesA);
        const withDuplicates = redelivered(events, dups);
        const now = FRIDAY + nowHour * H;
        expect(openTasksAfter(withDuplicates, now)).toEqual(openTasksAfter(events, now));
        // The rule set does not rely on the engine's de-duplication: its state is a set.
        expect(foldEvents(labRuleSet(), withDuplicates)).toEqual(foldEvents(labRuleSet(), events));
      }),
      { numRuns: 200 },
    );
  });

  it('replaying the stored log, ticks interleaved among the events, gives exactly the live changes and tasks', () => {
    // Not vacuous: tasks open, and some cancel by themselves, between the ticks.
    expect([...assertReplayEqualsLive(fc, LAB, liveLogArb)]).toEqual(expect.arrayContaining(['opened', 'cancelled']));
  });

  it('transport duplicates (same source and id) never make a clinical duplicate task', () => {
    // A duplicate order is two orders: one order seen twice is never one.
    expect(assertTransportCopies(fc, LAB, liveLogArb, 'lab-duplicate-order')).toBeGreaterThan(0);
  });

  it('finds something in these scenarios (the properties are not vacuous)', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(scenarioArb, ({ orders, choicesA, nowHour }) => {
        for (const t of openTasksAfter(interleave(patientStreams(orders), choicesA), FRIDAY + nowHour * H)) seen.add(t.finding.rule);
      }),
      { numRuns: 300, seed: 42 },
    );
    expect([...seen].sort()).toEqual(['lab-duplicate-order', 'lab-not-collected', 'lab-orphan-result', 'lab-result-after-cancel', 'lab-result-not-received']);
  });
});
