import { specOfType, type CloudEventInput, type EntryMode, type EventType } from '@continuity/contracts';
import { eventId, IdFactory, patientKeyOf, sourceOf } from './identifiers';
import { MALFORMED_KIND_LIST } from './malform';
import { Rng } from './prng';
import type { SimEvent } from './sim-event';
import { BACKENTRY_DELAY_MS, inDowntime, type Timeline } from './timeline';
import { iso, MINUTE, SECOND } from './time';

/** Run-wide settings a patient builder needs. */
export interface BuildContext {
  seed: number;
  timeline: Timeline;
  duplicateRate: number;
  malformedRate: number;
}

/** How an event gets into its system. */
export type Entry =
  /** Default: inside D, typed in from paper in the patient's back-entry session of that system; else real time. */
  | { kind: 'auto' }
  /** Entered during D in a stand-by tool, a few minutes after it happened. */
  | { kind: 'downtime-tool' }
  /** Entered at an explicit instant (late back-entries of injected cases and near-misses). */
  | { kind: 'at'; recordedMs: number; mode: EntryMode };

/**
 * A payload, or a function making it when the event is emitted (the clean patients' hot path:
 * such a function must only read values fixed when it was made, never draw ids or random numbers).
 */
export type Payload = object | ((timeMs: number) => unknown);

interface Pending {
  /** The back-entry session it is typed in (the leader's system for a follower). */
  queue: string;
  /** The system that publishes it. */
  system: string;
  /** Recorded at the same instant as the entry before it in its queue (interface acks, planning sync). */
  sameInstant: boolean;
  /** A same-instant follower published ahead of its leader (another source: no order between them). */
  first: boolean;
  /** Clinical time, or null: equal to the recorded time (a real-time event triggered by a back-entry). */
  time: number | null;
  type: EventType;
  counter: number;
  data: Payload;
}

/** Order in which one patient's paper is typed back: LIS first, so an order never waits for its specimen. */
const SESSION_ORDER = ['lis', 'ehr', 'mar', 'booking'];
/** Seconds between two back-entered events of one session. */
const TYPING_MIN_S = 20;
const TYPING_MAX_S = 40;

/**
 * Builds one patient's events. Real-time events get their recorded time at once; back-entries
 * queue per system and get theirs at `finish()`, in per-patient sessions after T1 (LIS, then EHR
 * after the LIS session ended, MAR and booking independently), so clean data never waits on itself.
 */
export class PatientBuilder {
  readonly key: string;
  readonly ids: IdFactory;
  private readonly latencyRng: Rng;
  private readonly events: SimEvent[] = [];
  private readonly pending: Pending[] = [];
  private counter = 0;
  private last: { queued: Pending | null; recordedMs: number; system: string } | null = null;

  constructor(
    private readonly ctx: BuildContext,
    /** Unique number of this patient's stream (ids, noise). */
    private readonly stream: number,
    patientIndex: number,
    readonly facility: string,
    /** Malformed copies only for clean patients: injected cases stay exactly as designed. */
    private readonly withMalformed: boolean,
  ) {
    this.key = patientKeyOf(ctx.seed, patientIndex);
    this.ids = new IdFactory(facility, this.key);
    this.latencyRng = Rng.stream(ctx.seed, 'latency', stream);
  }

  get timeline(): Timeline {
    return this.ctx.timeline;
  }

  /**
   * Records an event that happened at `time` in `system`. Returns the recorded instant when known
   * now (real time, stand-by tool, explicit), or null for a queued back-entry.
   */
  record(type: EventType, system: string, time: number, data: Payload, entry: Entry = { kind: 'auto' }): number | null {
    const tl = this.ctx.timeline;
    if (entry.kind === 'at') return this.push(type, system, time, entry.recordedMs, entry.mode, data);
    if (entry.kind === 'downtime-tool') {
      return this.push(type, system, time, time + this.latencyRng.int(1, 5) * MINUTE, 'downtime-tool', data);
    }
    if (inDowntime(tl, time)) {
      const p: Pending = { queue: system, system, sameInstant: false, first: false, time, type, counter: this.counter++, data };
      this.pending.push(p);
      this.last = { queued: p, recordedMs: 0, system };
      return null;
    }
    return this.push(type, system, time, time + this.latencyRng.int(0, 60) * SECOND, 'realtime', data);
  }

  /**
   * An event recorded at the very instant the previous one was: by default a real-time one whose
   * clinical time is that instant (the EHR acknowledging a result, the planning showing a booking);
   * with `time`, a back-entry of that clinical time typed in the same go (an order and its cancel).
   * `first`: published just ahead of the previous one, which another source may well do; it keeps
   * a reconciler ticking between the two from opening a task the second one resolves at once.
   */
  follow(type: EventType, system: string, data: Payload, o: { time?: number; first?: boolean } = {}): void {
    const last = this.last;
    if (last === null) throw new Error('follow() needs a previous event');
    const first = o.first ?? false;
    if (first && last.system === system) throw new Error('a source publishes in order: only another source can go first');
    if (last.queued !== null) {
      const p: Pending = { queue: last.queued.queue, system, sameInstant: true, first, time: o.time ?? null, type, counter: this.counter++, data };
      this.pending.push(p);
      this.last = { queued: p, recordedMs: 0, system };
      return;
    }
    const at = last.recordedMs;
    this.push(type, system, o.time ?? at, at, o.time === undefined ? 'realtime' : 'backentry', data);
    if (first) this.swapLastTwo();
  }

  /** The feed of this patient: events, their transport duplicates and malformed copies, by emit time. */
  finish(): SimEvent[] {
    this.assignSessions();
    this.addNoise();
    const end = this.ctx.timeline.end;
    // Array.prototype.sort is stable: ties keep the order the events were made in.
    return this.events.filter((e) => e.emitMs <= end).sort((a, b) => a.emitMs - b.emitMs);
  }

  private swapLastTwo(): void {
    const n = this.events.length;
    [this.events[n - 2], this.events[n - 1]] = [this.events[n - 1], this.events[n - 2]];
  }

  private push(type: EventType, system: string, time: number, recordedMs: number, mode: EntryMode, data: Payload): number {
    this.events.push(this.simEvent(type, system, time, recordedMs, mode, data, this.counter++));
    this.last = { queued: null, recordedMs, system };
    return recordedMs;
  }

  private simEvent(type: EventType, system: string, time: number, recordedMs: number, mode: EntryMode, data: Payload, counter: number): SimEvent {
    const spec = specOfType(type);
    if (!spec) throw new Error(`unknown type ${type}`);
    const { seed } = this.ctx;
    const { stream, facility, key } = this;
    const build = (): CloudEventInput => ({
      id: eventId(seed, stream, counter),
      source: sourceOf(system, facility),
      type,
      time: iso(time),
      subject: `Patient/${key}`,
      datacontenttype: spec.dataContentType,
      facility,
      entrymode: mode,
      recordedtime: iso(recordedMs),
      data: typeof data === 'function' ? data(time) : data,
    });
    return { emitMs: recordedMs, topic: spec.topic, key, kind: 'event', type, build, malformed: null };
  }

  private assignSessions(): void {
    if (this.pending.length === 0) return;
    const tl = this.ctx.timeline;
    const rng = Rng.stream(this.ctx.seed, 'sessions', this.stream);
    const first = tl.t1 + BACKENTRY_DELAY_MS;
    // Sessions start within the backlog, leaving an hour for the typing itself.
    const span = Math.max(MINUTE, tl.backlogMs - BACKENTRY_DELAY_MS - 60 * MINUTE);
    const queues = new Map<string, Pending[]>();
    for (const p of this.pending) {
      const q = queues.get(p.queue) ?? [];
      q.push(p);
      queues.set(p.queue, q);
    }
    const systems = [...queues.keys()].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
    let lisEnd = first;
    for (const system of systems) {
      let cursor = Math.floor((first + rng.float() * span) / SECOND) * SECOND;
      if (system === 'ehr') cursor = Math.max(cursor, lisEnd + MINUTE);
      let previous = cursor;
      for (const p of queues.get(system) as Pending[]) {
        const recorded = p.sameInstant ? previous : cursor;
        if (!p.sameInstant) cursor += rng.int(TYPING_MIN_S, TYPING_MAX_S) * SECOND;
        previous = recorded;
        const time = p.time ?? recorded;
        const mode: EntryMode = p.time === null ? 'realtime' : 'backentry';
        this.events.push(this.simEvent(p.type, p.system, time, recorded, mode, p.data, p.counter));
        if (p.first) this.swapLastTwo();
      }
      if (system === 'lis') lisEnd = cursor;
    }
  }

  private addNoise(): void {
    const { duplicateRate, malformedRate, seed } = this.ctx;
    if (duplicateRate <= 0 && (malformedRate <= 0 || !this.withMalformed)) return;
    // Separate streams: the duplicates do not change when only the malformed rate does.
    const dup = Rng.stream(seed, 'duplicates', this.stream);
    const rng = Rng.stream(seed, 'malformed', this.stream);
    const originals = this.events.filter((e) => e.kind === 'event');
    for (const e of originals) {
      if (dup.chance(duplicateRate)) {
        // A producer retry or a replayed batch: the same bytes (same source and id), a little later.
        this.events.push({ ...e, kind: 'duplicate', emitMs: e.emitMs + dup.int(1, 600) * SECOND });
      }
      if (this.withMalformed && rng.chance(malformedRate)) {
        const kind = rng.pick(MALFORMED_KIND_LIST);
        const otherPatientKey = patientKeyOf(seed, 250_000_000 + rng.int(0, 1_000_000));
        const counter = this.counter++;
        const { stream } = this;
        this.events.push({
          ...e,
          kind: 'malformed',
          emitMs: e.emitMs + rng.int(0, 60) * SECOND,
          malformed: { kind, freshId: () => eventId(seed, stream, counter), otherPatientKey },
        });
      }
    }
  }
}

function rank(system: string): number {
  const i = SESSION_ORDER.indexOf(system);
  return i < 0 ? SESSION_ORDER.length : i;
}
