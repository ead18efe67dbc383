import { buildCleanPatient, cleanAdmission } from './clean-patient';
import { FACILITIES } from './catalog';
import { ALL_CASES, FURTHER_INJECTED_CASES, INJECTED_CASES, NEAR_MISS_CASES, type CaseResult, type CaseSpec } from './cases';
import { focusOf, type ExpectedTask, type GroundTruth, type NearMiss } from './ground-truth';
import { MinHeap } from './heap';
import { downtimeDeclarations, heartbeatCount, heartbeats } from './operations';
import { PatientBuilder, type BuildContext } from './patient-builder';
import { Rng } from './prng';
import { toFeedMessage, type FeedMessage, type SimEvent } from './sim-event';
import { makeTimeline, type Timeline } from './timeline';
import { HOUR, iso, SECOND } from './time';

/** Version of the generator's output; bump when the same seed would give different bytes. */
export const SIMULATOR_VERSION = '1.1.0';

/** What a run is made of. Every field has a default (see `DEFAULT_SIMULATION`). */
export interface SimulationOptions {
  seed: number;
  /** How many facilities (1–38), the first ones of `FACILITIES`. */
  facilities: number;
  patientsPerFacility: number;
  /** T0, the start of the outage, epoch ms. */
  t0: number;
  /** Outage length. */
  hours: number;
  /** Activity simulated before T0. */
  leadHours: number;
  /** Activity and heartbeats after T1: past T1 + 48 h, the last deadline of the catalogue. */
  tailHours: number;
  /** Clean back-entries are all typed in within this after T1. */
  backlogHours: number;
  /**
   * Injected discrepancies per injected case: per rule, times the ways it is staged (one, but two
   * for sched-double-booking: one patient booked twice, one practitioner with two patients).
   */
  injectPerRule: number;
  /** Near-misses per near-miss case. */
  nearMissesPerCase: number;
  duplicatesPct: number;
  malformedPct: number;
  heartbeatSeconds: number;
}

export const DEFAULT_SIMULATION: SimulationOptions = {
  seed: 1,
  facilities: 38,
  patientsPerFacility: 300,
  // A Saturday morning in August 2024, as at AP-HP.
  t0: Date.parse('2024-08-03T06:00:00Z'),
  hours: 48,
  leadHours: 24,
  tailHours: 54,
  backlogHours: 8,
  injectPerRule: 5,
  nearMissesPerCase: 5,
  duplicatesPct: 2,
  malformedPct: 0.1,
  heartbeatSeconds: 60,
};

/** Patient streams of staged cases start here (far above clean patients' numbers). */
const CASE_STREAM_BASE = 200_000_000;
/** A patient's event list is dropped (and rebuilt later) when its next event is further away than this. */
const DROP_GAP_MS = 1 * HOUR;

/** Checks options; throws an Error naming the first bad one. */
export function validateOptions(o: SimulationOptions): void {
  const int = (v: number, name: string, lo: number, hi: number) => {
    if (!Number.isInteger(v) || v < lo || v > hi) throw new Error(`${name}: expected an integer in [${lo}, ${hi}], got ${v}`);
  };
  int(o.seed, 'seed', 0, 2 ** 32 - 1);
  int(o.facilities, 'facilities', 1, FACILITIES.length);
  int(o.patientsPerFacility, 'patients-per-facility', 0, 5_000_000);
  int(o.injectPerRule, 'inject', 0, 100_000);
  int(o.nearMissesPerCase, 'near-misses', 0, 100_000);
  if (!Number.isFinite(o.t0)) throw new Error('start: not a date-time');
  if (!(o.hours >= 6 && o.hours <= 24 * 14)) throw new Error(`hours: the outage must last 6 h to 14 days, got ${o.hours}`);
  // Staged cases need the half-day before T0 (an order and a dose before the outage).
  if (!(o.leadHours >= 13)) throw new Error(`lead-hours: at least 13, got ${o.leadHours}`);
  if (!(o.tailHours >= 49)) throw new Error(`tail-hours: heartbeats must run past T1 + 48 h (the last deadline), got ${o.tailHours}`);
  if (!(o.backlogHours >= 2 && o.backlogHours <= 10)) throw new Error(`backlog-hours: 2 to 10 (clean back-entries must beat T1 + 12 h), got ${o.backlogHours}`);
  for (const [v, name] of [[o.duplicatesPct, 'duplicates-pct'], [o.malformedPct, 'malformed-pct']] as const) {
    if (!(v >= 0 && v <= 50)) throw new Error(`${name}: a percentage in [0, 50], got ${v}`);
  }
  if (!(o.heartbeatSeconds >= 1 && o.heartbeatSeconds <= 3600)) throw new Error(`heartbeat-seconds: 1 to 3600, got ${o.heartbeatSeconds}`);
  const ticks = ((o.leadHours + o.hours + o.tailHours) * 3600) / o.heartbeatSeconds;
  if (ticks > 1_000_000) throw new Error('heartbeat-seconds: too many heartbeats per facility (over 1,000,000)');
}

/** One staged case instance: which spec, which patient. */
interface CaseInstance {
  seq: number;
  spec: CaseSpec;
  ordinal: number;
}

/** A source of feed events in order: a patient (rebuilt on demand) or an operations stream. */
interface Cursor {
  at: number;
  /** Ties: clinical events first, then declarations, then heartbeats (alive at t: all of t is out). */
  rank: number;
  id: number;
}

interface PatientCursor extends Cursor {
  kind: 'patient';
  build: () => SimEvent[];
  list: SimEvent[] | null;
  index: number;
  resolved: boolean;
}

interface StreamCursor extends Cursor {
  kind: 'stream';
  iterator: Iterator<SimEvent>;
  current: SimEvent;
}

const before = (a: Cursor, b: Cursor): boolean => a.at < b.at || (a.at === b.at && (a.rank < b.rank || (a.rank === b.rank && a.id < b.id)));

/**
 * A seeded simulation of a degraded period. Pure: the same options give the same messages, byte
 * for byte. `messages()` streams them in recorded-time order with memory bounded by the patients
 * active within the hour (plus the open back-entry sessions), never the whole run.
 */
export class Simulation {
  readonly options: SimulationOptions;
  readonly timeline: Timeline;
  readonly facilities: readonly string[];
  private readonly ctx: BuildContext;
  private readonly cases: CaseInstance[];
  /** Messages whose emit time went backwards (must stay 0: a bug otherwise). */
  outOfOrder = 0;

  constructor(options: Partial<SimulationOptions> = {}) {
    this.options = { ...DEFAULT_SIMULATION, ...options };
    validateOptions(this.options);
    const o = this.options;
    this.timeline = makeTimeline({ t0: o.t0, hours: o.hours, leadHours: o.leadHours, tailHours: o.tailHours, backlogHours: o.backlogHours });
    this.facilities = FACILITIES.slice(0, o.facilities);
    this.ctx = { seed: o.seed, timeline: this.timeline, duplicateRate: o.duplicatesPct / 100, malformedRate: o.malformedPct / 100 };
    this.cases = [];
    const add = (specs: readonly CaseSpec[], count: number) => {
      for (const spec of specs) for (let k = 0; k < count; k++) this.cases.push({ seq: this.cases.length, spec, ordinal: k });
    };
    // Further injected cases come last: adding one leaves the seq, hence the bytes, of every other case as they were.
    add(INJECTED_CASES, o.injectPerRule);
    add(NEAR_MISS_CASES, o.nearMissesPerCase);
    add(FURTHER_INJECTED_CASES, o.injectPerRule);
  }

  get cleanPatients(): number {
    return this.options.facilities * this.options.patientsPerFacility;
  }

  /** The facility of clean patient `index` (patients come in one block per facility). */
  facilityOfClean(index: number): string {
    return this.facilities[Math.floor(index / this.options.patientsPerFacility)];
  }

  /** Events of clean patient `index`. */
  cleanPatient(index: number): SimEvent[] {
    return buildCleanPatient(this.ctx, index, this.facilityOfClean(index));
  }

  /**
   * Events and outcome of staged case number `seq`. A case's patient is number `cleanPatients + seq`
   * (stream `CASE_STREAM_BASE + seq`); its other patient, when it has one, numbers after every case's.
   * Both patients' events come in one list, by emit time (each patient's own order kept).
   */
  stagedCase(seq: number): { events: SimEvent[]; result: CaseResult; patientKey: string; otherPatientKey: string | null; facility: string; name: string } {
    const inst = this.cases[seq];
    const facility = this.facilities[seq % this.facilities.length];
    const b = new PatientBuilder(this.ctx, CASE_STREAM_BASE + seq, this.cleanPatients + seq, facility, false);
    const made: { other?: PatientBuilder } = {};
    const n = this.cases.length;
    const otherPatient = () => (made.other ??= new PatientBuilder(this.ctx, CASE_STREAM_BASE + n + seq, this.cleanPatients + n + seq, facility, false));
    const result = inst.spec.build({ b, otherPatient, rng: Rng.stream(this.options.seed, 'case', seq), tl: this.timeline });
    const other = made.other;
    // Array.prototype.sort is stable: on ties each patient keeps its order, the case's patient first.
    const events = other === undefined ? b.finish() : [...b.finish(), ...other.finish()].sort((x, y) => x.emitMs - y.emitMs);
    return { events, result, patientKey: b.key, otherPatientKey: other?.key ?? null, facility, name: `${inst.spec.name}#${inst.ordinal}` };
  }

  get stagedCases(): number {
    return this.cases.length;
  }

  /** The expected tasks and the near-misses, from the staged cases. */
  groundTruth(): GroundTruth {
    const tasks: ExpectedTask[] = [];
    const nearMisses: NearMiss[] = [];
    for (const inst of this.cases) {
      const { result, patientKey, otherPatientKey, facility, name } = this.stagedCase(inst.seq);
      const focus = focusOf(result.rule, result.parts);
      // Only cases across patients name the other one (the file of every other case is unchanged).
      const other = otherPatientKey === null ? {} : { otherPatientKey };
      if (inst.spec.kind === 'inject') {
        tasks.push({ rule: result.rule, patientKey, ...other, facility, focus, severity: result.severity ?? 'considerable', case: name });
      } else {
        nearMisses.push({ rule: result.rule, patientKey, ...other, facility, focus, case: name, why: result.why ?? '' });
      }
    }
    const o = this.options;
    return {
      generator: 'continuity-simulator',
      version: SIMULATOR_VERSION,
      seed: o.seed,
      options: { ...o, t0: iso(o.t0) },
      timeline: { start: iso(this.timeline.start), t0: iso(this.timeline.t0), t1: iso(this.timeline.t1), end: iso(this.timeline.end) },
      facilities: [...this.facilities],
      tasks,
      nearMisses,
    };
  }

  /** Messages of all staged cases (built once to count them). */
  stagedMessages(): number {
    let total = 0;
    for (const inst of this.cases) total += this.stagedCase(inst.seq).events.length;
    return total;
  }

  /** About how many messages `messages()` yields (exact for operations and staged cases). */
  estimatedMessages(): number {
    return Math.round(this.operationsCount() + this.stagedMessages() + this.cleanPatients * (this.cleanPatients > 0 ? this.meanCleanMessages() : 0));
  }

  /** Heartbeats and declarations: exact. */
  operationsCount(): number {
    return heartbeatCount(this.timeline, this.facilities.length, this.options.heartbeatSeconds * SECOND) + 2 * this.facilities.length;
  }

  /** Mean messages of a clean patient, measured on a sample (for progress totals and `--events`). */
  meanCleanMessages(sample = 300): number {
    const probe = new Simulation({ ...this.options, patientsPerFacility: Math.max(1, Math.ceil(sample / this.options.facilities)) });
    let total = 0;
    for (let i = 0; i < probe.cleanPatients; i++) total += probe.cleanPatient(i).length;
    return total / probe.cleanPatients;
  }

  /** The feed, in recorded-time order (ties: clinical, declarations, heartbeats). */
  *messages(): Generator<FeedMessage> {
    const heap = new MinHeap<PatientCursor | StreamCursor>(before);
    let ids = 0;
    const tl = this.timeline;
    const addStream = (iterator: Iterator<SimEvent>, rank: number) => {
      const first = iterator.next();
      if (!first.done) heap.push({ kind: 'stream', at: first.value.emitMs, rank, id: ids++, iterator, current: first.value });
    };
    addStream(downtimeDeclarations(this.options.seed, tl, this.facilities)[Symbol.iterator](), 1);
    addStream(heartbeats(this.options.seed, tl, this.facilities, this.options.heartbeatSeconds * SECOND), 2);
    for (let i = 0; i < this.cleanPatients; i++) {
      const index = i;
      heap.push({ kind: 'patient', at: cleanAdmission(this.options.seed, index, tl), rank: 0, id: ids++, build: () => this.cleanPatient(index), list: null, index: 0, resolved: false });
    }
    for (const inst of this.cases) {
      // A case's first event is no earlier than the start of the timeline.
      heap.push({ kind: 'patient', at: tl.start, rank: 0, id: ids++, build: () => this.stagedCase(inst.seq).events, list: null, index: 0, resolved: false });
    }
    let last = Number.NEGATIVE_INFINITY;
    for (;;) {
      const c = heap.peek();
      if (c === undefined) return;
      let ev: SimEvent;
      if (c.kind === 'stream') {
        ev = c.current;
        const next = c.iterator.next();
        if (next.done) heap.pop();
        else {
          c.current = next.value;
          c.at = next.value.emitMs;
          heap.update();
        }
      } else {
        if (c.list === null) c.list = c.build();
        if (!c.resolved) {
          // The lower bound is now replaced by the real first emit time.
          c.resolved = true;
          if (c.list.length === 0) {
            heap.pop();
            continue;
          }
          if (c.list[0].emitMs < c.at) this.outOfOrder++;
          c.at = c.list[0].emitMs;
          heap.update();
          continue;
        }
        ev = c.list[c.index++];
        if (c.index >= c.list.length) heap.pop();
        else {
          c.at = c.list[c.index].emitMs;
          if (c.at - ev.emitMs > DROP_GAP_MS) c.list = null;
          heap.update();
        }
      }
      if (ev.emitMs < last) this.outOfOrder++;
      last = ev.emitMs;
      yield toFeedMessage(ev);
    }
  }
}

/**
 * Patients per facility for a run of about `target` messages with these options: what operations
 * and staged cases do not fill, shared by clean patients of the measured mean size.
 */
export function patientsPerFacilityFor(target: number, options: Partial<SimulationOptions>): number {
  const probe = new Simulation({ ...options, patientsPerFacility: 1 });
  const fixed = probe.operationsCount() + probe.stagedMessages();
  return Math.max(0, Math.round((target - fixed) / (probe.options.facilities * probe.meanCleanMessages(2000))));
}

/** The staged case specs (for tests and documentation). */
export { ALL_CASES };
