import type { ParsedEvent } from '@continuity/contracts';
import { inRecordedOrder, interleave, replayShared, runAcrossPartitions, type Arrival, type RuleSet, type SharedStage, type TaskChange, type TaskRecord } from '@continuity/rules';
import fc from 'fast-check';
import { booked, cancelled, downtimeEvents, ms, rescheduled } from '../testing/scheduling-events.factory';
import { schedulingRuleSet } from './scheduling-rule-set';

/**
 * Properties of sched-double-booking across patients (the practitioner stage), over random stories
 * of two to four patients, each on its own partition, booking two practitioners on one Tuesday
 * morning: online before the outage, on paper during it (typed in on Monday), or in real time
 * during it; some cancelled or moved later, on paper or after recovery.
 */

const H = 3_600_000;
const HALF_HOUR = 30 * 60_000;
const RULES = schedulingRuleSet();
/** The rule set's stage across patients, which these properties are about. */
function sharedStageOf<S>(ruleSet: RuleSet<S>): SharedStage<S> {
  if (!ruleSet.shared) throw new Error(`${ruleSet.version} has no shared stage`);
  return ruleSet.shared;
}
const STAGE = sharedStageOf(RULES);
const STAMP = { version: RULES.version, configHash: RULES.configHash };

// The EHR of AVC is down from Saturday 08:00 to Sunday 20:00; paper is typed in from Monday 08:00.
const DOWNTIME = downtimeEvents('2024-08-03T08:00Z', '2024-08-04T20:00Z');
const FRIDAY = ms('2024-08-02T08:00Z');
const SATURDAY = ms('2024-08-03T09:00Z');
const MONDAY = ms('2024-08-05T08:00Z');
const TUESDAY = ms('2024-08-06T08:00Z');
/** Two practitioners for up to twelve appointments in three hours: clashes happen. */
const PRACTITIONERS = ['DR-1', 'DR-2'] as const;
/**
 * The same last arrival in every run: a declaration at a facility none of these patients is at.
 * It reaches every partition and ticks each at the same time, as the service clock does at the end.
 */
const AT_THE_END: Arrival = { downtime: downtimeEvents('2024-08-09T00:00Z', null, { facility: 'ZZZ' })[0], now: '2024-08-09T00:00Z' };

const appointmentArb = fc.record({
  practitioner: fc.constantFrom(...PRACTITIONERS),
  /** Half-hours after Tuesday 08:00. */
  slot: fc.integer({ min: 0, max: 5 }),
  minutes: fc.constantFrom(30, 60),
  /** online: Friday, before D; paper: during D, typed in on Monday; during: in real time during D. */
  booking: fc.constantFrom('online' as const, 'paper' as const, 'during' as const),
  /** Hours into Friday (online) or into Saturday (paper, during): inside D for the latter. */
  hour: fc.integer({ min: 0, max: 20 }),
  then: fc.option(
    fc.record({
      kind: fc.constantFrom('cancel' as const, 'reschedule' as const),
      /** On paper during D, typed in on Monday; else in real time on Monday, after recovery. */
      paper: fc.boolean(),
      /** Half-hours the slot moves. */
      shift: fc.integer({ min: -3, max: 3 }),
      practitioner: fc.constantFrom(...PRACTITIONERS),
    }),
    { nil: null },
  ),
});
type AppointmentStory = typeof appointmentArb extends fc.Arbitrary<infer R> ? R : never;

/** Per patient (P1…Pn, on partitions 0…n−1), its appointments. */
const storyArb = fc.array(fc.array(appointmentArb, { minLength: 1, maxLength: 3 }), { minLength: 2, maxLength: 4 });
/** Arrival orders across partitions: which list goes next. */
const choicesArb = fc.array(fc.nat(), { maxLength: 60 });

const at = (t: number) => new Date(t).toISOString();

/** One appointment's events, in the booking system's order (recorded time). */
function appointmentEvents(patient: string, id: string, s: AppointmentStory, n: number): ParsedEvent[] {
  const start = TUESDAY + s.slot * HALF_HOUR;
  const slot = { start: at(start), minutes: s.minutes, practitioner: s.practitioner };
  const bookedAt = (s.booking === 'online' ? FRIDAY : SATURDAY) + s.hour * H;
  const events = [
    booked(id, {
      patient,
      at: at(bookedAt),
      ...slot,
      ...(s.booking === 'paper' ? { entryMode: 'backentry' as const, recordedAt: at(MONDAY + n * 60_000) } : {}),
    }),
  ];
  const then = s.then;
  if (then === null) return events;
  // On paper: an hour after the booking, inside D, typed in after the booking was; else Monday noon, in real time.
  const when = then.paper
    ? { at: at(Math.max(bookedAt, SATURDAY) + H), entryMode: 'backentry' as const, recordedAt: at(MONDAY + 2 * H + n * 60_000) }
    : { at: at(MONDAY + 4 * H + n * 60_000) };
  events.push(
    then.kind === 'cancel'
      ? cancelled(id, { patient, ...when })
      : rescheduled(id, { patient, ...when, start: at(start + then.shift * HALF_HOUR), minutes: s.minutes, practitioner: then.practitioner }),
  );
  return events;
}

/** Each partition's arrivals in its own order (one patient per partition), then the declarations. */
function arrivalLists(story: readonly AppointmentStory[][]): Arrival[][] {
  let n = 0;
  const partitions = story.map((appointments, p) =>
    inRecordedOrder(appointments.flatMap((s, k) => appointmentEvents(`P${p + 1}`, `APT-${p + 1}-${k + 1}`, s, n++))).map(
      (event): Arrival => ({ partition: p, event, now: event.recordedTimeMs }),
    ),
  );
  // The declaration is published on its own topic: it may be read before, among or after any partition's events.
  const declarations = DOWNTIME.map((d): Arrival => ({ downtime: d, now: d.recordedTimeMs }));
  return [...partitions, declarations];
}

/** A live run: the lists interleaved as `choices` picks, each in its own order, then the same last arrival. */
const arrivalsOf = (lists: Arrival[][], choices: readonly number[]): Arrival[] => [...interleave(lists, choices), AT_THE_END];

/** An exact copy of an arrival (same source and id, a new object), as an at-least-once broker delivers it again. */
const copyOf = (a: Arrival): Arrival => ('downtime' in a ? { ...a, downtime: { ...a.downtime } } : { ...a, event: { ...a.event } });

/** Which discrepancies are open: the final facts decide them, whatever the order they came in. */
const openShared = (tasks: readonly TaskRecord[]) => tasks.filter((t) => t.status === 'requested').map((t) => t.id);
/** Whom an open shared task is filed under, and the appointment it points at. */
const openSharedFiled = (tasks: readonly TaskRecord[]) =>
  tasks.filter((t) => t.status === 'requested').map((t) => `${t.id} ${t.finding.patientKey} ${t.finding.focus.value}`);
/** Which per-patient discrepancies are open (not their wording: a task keeps the finding it was opened with). */
const openOfPatients = (tasks: readonly TaskRecord[]) => tasks.filter((t) => t.status === 'requested').map((t) => `${t.id} ${t.finding.rule} ${t.finding.patientKey}`);

describe('sched-double-booking across patients (properties of the practitioner stage)', () => {
  it('(i) replaying the fact log gives exactly the live shared changes and tasks', () => {
    fc.assert(
      fc.property(storyArb, choicesArb, (story, choices) => {
        const live = runAcrossPartitions(RULES, arrivalsOf(arrivalLists(story), choices));
        const replayed = replayShared(STAGE, STAMP, live.facts);
        expect(replayed.changes).toEqual(live.sharedChanges);
        expect(replayed.tasks).toEqual(live.sharedTasks);
      }),
      { numRuns: 200 },
    );
  });

  it('(ii) any interleaving of the partitions, each in its own order, ends with the same open shared tasks', () => {
    // Intermediate decisions may differ (a clash seen before the cancel that ends it, in one order
    // only): the final facts are the same, so the open tasks are.
    fc.assert(
      fc.property(storyArb, choicesArb, choicesArb, (story, c1, c2) => {
        const lists = arrivalLists(story);
        const a = runAcrossPartitions(RULES, arrivalsOf(lists, c1));
        const b = runAcrossPartitions(RULES, arrivalsOf(lists, c2));
        expect(openShared(b.sharedTasks)).toEqual(openShared(a.sharedTasks));
        expect(openOfPatients(b.patientTasks)).toEqual(openOfPatients(a.patientTasks));
      }),
      { numRuns: 200 },
    );
  });

  /*
   * The focus is part of the task's id: when a late declaration (or a backlog read in another
   * order) moves it, say the EHR down from Saturday 08:00, P2 booking DR-1 in real time on Saturday
   * for Tuesday 09:00, P1 on Monday 12:00 for 09:15 with the end (Sunday 20:00) declared at 14:00,
   * the task first filed under P1 is cancelled and P2's opens, so the end is the same either way.
   */
  it('(ii′) … and files each under the same patient and focus', () => {
    fc.assert(
      fc.property(storyArb, choicesArb, choicesArb, (story, c1, c2) => {
        const lists = arrivalLists(story);
        const a = runAcrossPartitions(RULES, arrivalsOf(lists, c1));
        const b = runAcrossPartitions(RULES, arrivalsOf(lists, c2));
        expect(openSharedFiled(b.sharedTasks)).toEqual(openSharedFiled(a.sharedTasks));
      }),
      { numRuns: 200 },
    );
  });

  it('(iii) re-delivering any arrivals changes nothing', () => {
    fc.assert(
      fc.property(storyArb, choicesArb, fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 6 }), (story, choices, copies) => {
        const arrivals = arrivalsOf(arrivalLists(story), choices);
        const again = [...arrivals];
        for (const [which, where] of copies) {
          const original = arrivals[which % arrivals.length];
          const from = again.indexOf(original) + 1;
          again.splice(from + (where % (again.length - from + 1)), 0, copyOf(original));
        }
        expect(runAcrossPartitions(RULES, again)).toEqual(runAcrossPartitions(RULES, arrivals));
      }),
      { numRuns: 200 },
    );
  });

  it('(iv) these stories open shared tasks, and cancel some (the properties are not vacuous)', () => {
    const kinds = new Set<TaskChange['kind']>();
    const finalStatuses = new Set<string>();
    fc.assert(
      fc.property(storyArb, choicesArb, (story, choices) => {
        const { sharedChanges, sharedTasks } = runAcrossPartitions(RULES, arrivalsOf(arrivalLists(story), choices));
        for (const c of sharedChanges) kinds.add(c.kind);
        for (const t of sharedTasks) finalStatuses.add(t.status);
      }),
      { numRuns: 300, seed: 42 },
    );
    expect([...kinds]).toEqual(expect.arrayContaining(['opened', 'cancelled']));
    expect([...finalStatuses].sort()).toEqual(['cancelled', 'requested']);
  });
});
