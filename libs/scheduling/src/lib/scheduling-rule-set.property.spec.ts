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
import { booked, cancelled, checkedIn, downtimeEvents, ms, rescheduled, synced } from '../testing/scheduling-events.factory';
import { schedulingRuleSet } from './scheduling-rule-set';

const { ticks: ticksArb, lags: lagsArb } = logArbitraries(fc);
const H = 3_600_000;
const FRIDAY = ms('2024-08-02T00:00Z');
const DOWNTIME = downtimeEvents('2024-08-03T08:00Z', '2024-08-04T20:00Z', { systems: ['ehr'] });
const at = (t: number) => new Date(t).toISOString();

/** One appointment's story, as random data. */
const appointmentArb = fc.record({
  bookHour: fc.integer({ min: 0, max: 60 }),
  paper: fc.boolean(),
  startIn: fc.integer({ min: 1, max: 150 }),
  service: fc.constantFrom('394609007', '394802001'),
  practitioner: fc.constantFrom('DR-1', 'DR-2'),
  reschedule: fc.option(fc.record({ after: fc.integer({ min: 1, max: 20 }), shift: fc.integer({ min: -30, max: 30 }) })),
  cancelAfter: fc.option(fc.integer({ min: 1, max: 60 })),
  syncAfter: fc.option(fc.integer({ min: 0, max: 70 })),
  checkInOffsetMin: fc.option(fc.integer({ min: -60, max: 60 })),
  neverBooked: fc.boolean(),
});
type AppointmentStory = typeof appointmentArb extends fc.Arbitrary<infer R> ? R : never;

/** The events of one patient per source (booking, planning, EHR), each in its own recorded-time order. */
function patientStreams(stories: readonly AppointmentStory[]): ParsedEvent[][] {
  const booking: ParsedEvent[] = [];
  const planning: ParsedEvent[] = [];
  const ehr: ParsedEvent[] = [];
  stories.forEach((s, i) => {
    const id = `APT-${i + 1}`;
    const t = FRIDAY + s.bookHour * H;
    const start = t + s.startIn * H;
    const slot = { service: s.service, practitioner: s.practitioner };
    const paper = s.paper ? { entryMode: 'backentry' as const, recordedAt: at(FRIDAY + 62 * H + i * 60_000) } : {};
    if (!s.neverBooked) {
      booking.push(booked(id, { at: at(t), start: at(start), ...slot, ...paper }));
      if (s.reschedule) booking.push(rescheduled(id, { at: at(t + s.reschedule.after * H), start: at(start + s.reschedule.shift * H), ...slot }));
      if (s.cancelAfter !== null) booking.push(cancelled(id, { at: at(t + s.cancelAfter * H) }));
      if (s.syncAfter !== null) planning.push(synced(id, { at: at(t + s.syncAfter * H) }));
    }
    if (s.checkInOffsetMin !== null) ehr.push(checkedIn(id, { at: at(start + s.checkInOffsetMin * 60_000) }));
  });
  return [inRecordedOrder(booking), inRecordedOrder(planning), inRecordedOrder(ehr)];
}

/** Feeds the downtime then the events to a fresh engine and ticks once at `now`. */
const openTasksAfter = (events: readonly ParsedEvent[], now: number): TaskRecord[] => openTasksOf(schedulingRuleSet(), DOWNTIME, events, now);

const scenarioArb = fc.record({
  stories: fc.array(appointmentArb, { minLength: 1, maxLength: 5 }),
  choicesA: fc.array(fc.nat(), { maxLength: 40 }),
  choicesB: fc.array(fc.nat(), { maxLength: 40 }),
  nowHour: fc.integer({ min: 40, max: 220 }),
});

const SCHED = schedulingRuleSet();
/** The declaration is one more source: it may reach the partition before, among or after the events. */
const arrivalsOf = (stories: readonly AppointmentStory[], choices: readonly number[]): ParsedEvent[] => interleave([...patientStreams(stories), DOWNTIME], choices);
/** A live log of a random scenario: its arrivals, with ticks and a lagging downtime cursor among them. */
const liveLogArb = fc
  .tuple(scenarioArb, ticksArb, lagsArb)
  .map(([{ stories, choicesA, nowHour }, ticks, lags]) => liveLog(arrivalsOf(stories, choicesA), ticks, lags, FRIDAY + nowHour * H));

describe('scheduling rule set properties', () => {
  it('any interleaving of the sources, each in its own order, gives the same open tasks at the same final tick', () => {
    fc.assert(
      fc.property(scenarioArb, ({ stories, choicesA, choicesB, nowHour }) => {
        const streams = patientStreams(stories);
        const now = FRIDAY + nowHour * H;
        expect(openTasksAfter(interleave(streams, choicesB), now)).toEqual(openTasksAfter(interleave(streams, choicesA), now));
      }),
      { numRuns: 200 },
    );
  });

  it('re-delivering any events changes nothing, in the engine and in the rule set itself', () => {
    fc.assert(
      fc.property(scenarioArb, fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 6 }), ({ stories, choicesA, nowHour }, dups) => {
        const events = interleave(patientStreams(stories), choicesA);
        fc.pre(events.length > 0);
        const withDuplicates = redelivered(events, dups);
        const now = FRIDAY + nowHour * H;
        expect(openTasksAfter(withDuplicates, now)).toEqual(openTasksAfter(events, now));
        expect(foldEvents(schedulingRuleSet(), withDuplicates)).toEqual(foldEvents(schedulingRuleSet(), events));
      }),
      { numRuns: 200 },
    );
  });

  it('replaying the stored log, ticks interleaved among the events, gives exactly the live changes and tasks', () => {
    // Not vacuous: tasks open, and some cancel by themselves, between the ticks.
    expect([...assertReplayEqualsLive(fc, SCHED, liveLogArb)]).toEqual(expect.arrayContaining(['opened', 'cancelled']));
  });

  it('transport duplicates (same source and id) never make a clinical duplicate task', () => {
    // A double booking is two appointments: one booking seen twice is never one.
    expect(assertTransportCopies(fc, SCHED, liveLogArb, 'sched-double-booking')).toBeGreaterThan(0);
  });

  it('finds something in these scenarios (the properties are not vacuous)', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(scenarioArb, ({ stories, choicesA, nowHour }) => {
        for (const t of openTasksAfter(interleave(patientStreams(stories), choicesA), FRIDAY + nowHour * H)) seen.add(t.finding.rule);
      }),
      { numRuns: 300, seed: 42 },
    );
    expect([...seen].sort()).toEqual(['sched-double-booking', 'sched-not-on-planning', 'sched-orphan-arrival', 'sched-unresolved-appointment']);
  });
});
