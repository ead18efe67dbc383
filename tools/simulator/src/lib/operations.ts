import { EVENT_TYPES, TOPICS, type CloudEventInput } from '@continuity/contracts';
import { DOWNTIME_SYSTEMS } from './catalog';
import { eventId, OPERATIONS_SOURCE, sourceOf } from './identifiers';
import type { SimEvent } from './sim-event';
import { inDowntime, type Timeline } from './timeline';
import { iso, MINUTE } from './time';

/** Streams numbers reserved for operations events (above any patient's). */
export const OPERATIONS_STREAM_BASE = 260_000_000;

/** Operations declare the outage a little after it began, and its end a little after recovery. */
export const DECLARED_START_DELAY_MS = 15 * MINUTE;
export const DECLARED_END_DELAY_MS = 5 * MINUTE;
export const DOWNTIME_REASON = 'Power failure at the hosting provider: EHR, LIS, pharmacy and booking unreachable';

/** Counters of declarations, above any heartbeat tick of the same stream. */
const DECLARATION_COUNTER = 1_048_000;

function opsEvent(type: string, facility: string, build: () => CloudEventInput, emitMs: number, kind: 'heartbeat' | 'downtime'): SimEvent {
  return { emitMs, topic: TOPICS.downtime, key: facility, kind, type, build, malformed: null };
}

/**
 * `continuity.downtime.started`/`ended`, one pair per facility (operations declare per site), in
 * recorded-time order.
 */
export function downtimeDeclarations(seed: number, tl: Timeline, facilities: readonly string[]): SimEvent[] {
  const out: SimEvent[] = [];
  const declare = (type: string, at: number, recorded: number, counter: number) =>
    facilities.forEach((facility, i) => {
      const build = (): CloudEventInput => ({
        id: eventId(seed, OPERATIONS_STREAM_BASE + i, DECLARATION_COUNTER + counter),
        source: OPERATIONS_SOURCE,
        type,
        time: iso(at),
        datacontenttype: 'application/json',
        facility,
        recordedtime: iso(recorded),
        data: { facility, systems: [...DOWNTIME_SYSTEMS], reason: DOWNTIME_REASON },
      });
      out.push(opsEvent(type, facility, build, recorded, 'downtime'));
    });
  declare(EVENT_TYPES.downtimeStarted, tl.t0, tl.t0 + DECLARED_START_DELAY_MS, 0);
  declare(EVENT_TYPES.downtimeEnded, tl.t1, tl.t1 + DECLARED_END_DELAY_MS, 1);
  return out;
}

/** Number of heartbeats `heartbeats()` yields. */
export function heartbeatCount(tl: Timeline, facilities: number, everyMs: number): number {
  let ticks = 0;
  for (let t = tl.start; t <= tl.end; t += everyMs) if (!inDowntime(tl, t)) ticks++;
  return ticks * facilities;
}

/**
 * The EHR of each facility says it is alive every `everyMs`, except while it is down. These advance
 * the reconcilers' clocks, and run until the end of the timeline, past every deadline.
 */
export function* heartbeats(seed: number, tl: Timeline, facilities: readonly string[], everyMs: number): Generator<SimEvent> {
  let tick = 0;
  for (let t = tl.start; t <= tl.end; t += everyMs) {
    if (inDowntime(tl, t)) continue;
    for (let i = 0; i < facilities.length; i++) {
      const facility = facilities[i];
      const at = t;
      const counter = tick;
      const build = (): CloudEventInput => ({
        id: eventId(seed, OPERATIONS_STREAM_BASE + i, counter),
        source: sourceOf('ehr', facility),
        type: EVENT_TYPES.sourceHeartbeat,
        time: iso(at),
        datacontenttype: 'application/json',
        facility,
        data: { facility, system: 'ehr' },
      });
      yield opsEvent(EVENT_TYPES.sourceHeartbeat, facility, build, t, 'heartbeat');
    }
    tick++;
  }
}
