import { performance } from 'node:perf_hooks';
import {
  cloudEventHeaders,
  encodeCloudEvent,
  makeCheckedIn,
  makeHeartbeat,
  makeMedicationAdministered,
  makeSpecimenCollected,
  messageKeyOf,
  TOPICS,
  type CloudEventInput,
} from '@continuity/contracts';
import type { MessagingClient, OutgoingMessage } from '@continuity/messaging';
import type { ReconcilerDomain } from './service-process';
import type { TaskArrival, TaskWatcher } from './task-watcher';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Delays after T1 of the rules the probes trip (DESIGN.md catalogue, the domains' defaults). */
const RX_ORPHAN_DELAY = 12 * HOUR;
const LAB_ORPHAN_DELAY = 24 * HOUR;
const SCHED_ORPHAN_DELAY = 12 * HOUR;
/** Probes' recorded times must stay this far below the first deadline, or publishing them would pass it. */
const PROBE_SPAN = 11 * HOUR;

/** One probe: three orphans, one per domain, whose deadlines all fall at `deadline`. */
export interface Probe {
  index: number;
  deadline: number;
  patientKeys: Record<ReconcilerDomain, string>;
}

/**
 * The probes: for each, a back-entered orphan in each domain (an administration, a specimen and
 * a check-in whose order or booking never arrives). A back-entry is its own degraded window
 * ending at its recorded time, so each deadline is exactly recorded time + the rule's delay:
 * rx-orphan-administration and sched-orphan-arrival 12 h, lab-orphan-result 24 h. Deadlines start
 * a day after `after` (the clock once the backlog is read) and are `step` apart.
 */
export function buildProbes(after: number, count: number, runTag: string): { probes: Probe[]; events: Array<{ topic: string; event: CloudEventInput }> } {
  const step = Math.min(5 * MINUTE, Math.floor(PROBE_SPAN / Math.max(1, count)));
  const first = after + 24 * HOUR + LAB_ORPHAN_DELAY;
  const probes: Probe[] = [];
  const events: Array<{ topic: string; event: CloudEventInput }> = [];
  const iso = (ms: number) => new Date(ms).toISOString();
  for (let k = 0; k < count; k++) {
    const deadline = first + k * step;
    const key = (d: string) => `BENCH-${runTag}-${d}-${k}`;
    const probe: Probe = { index: k, deadline, patientKeys: { prescriptions: key('RX'), lab: key('LAB'), scheduling: key('SCH') } };
    probes.push(probe);
    const rxAt = deadline - RX_ORPHAN_DELAY;
    const labAt = deadline - LAB_ORPHAN_DELAY;
    const schAt = deadline - SCHED_ORPHAN_DELAY;
    const common = { entrymode: 'backentry' as const, facility: 'AVC' };
    events.push({
      topic: TOPICS.prescriptions,
      event: makeMedicationAdministered({ ...common, id: `${key('RX')}-adm`, patientKey: probe.patientKeys.prescriptions, order: `${key('RX')}-ORD`, time: iso(rxAt - HOUR), recordedtime: iso(rxAt) }),
    });
    events.push({
      topic: TOPICS.lab,
      event: makeSpecimenCollected({ ...common, id: `${key('LAB')}-spc`, patientKey: probe.patientKeys.lab, order: `${key('LAB')}-ORD`, time: iso(labAt - HOUR), recordedtime: iso(labAt) }),
    });
    events.push({
      topic: TOPICS.scheduling,
      event: makeCheckedIn({
        ...common,
        id: `${key('SCH')}-chk`,
        patientKey: probe.patientKeys.scheduling,
        appointment: `${key('SCH')}-APT`,
        start: iso(schAt - HOUR),
        end: iso(schAt - HOUR / 2),
        time: iso(schAt - HOUR),
        recordedtime: iso(schAt),
      }),
    });
  }
  return { probes, events };
}

const message = (event: CloudEventInput): OutgoingMessage => ({ key: messageKeyOf(event), value: encodeCloudEvent(event), headers: cloudEventHeaders() });

/** Delay of one task after the heartbeat that moved the clock past its deadline. */
export interface ProbeSample {
  probe: number;
  domain: ReconcilerDomain;
  ms: number;
}

export interface ProbeResult {
  samples: ProbeSample[];
  /** Tasks still missing when a probe timed out. */
  missing: number;
  /** Probe tasks that arrived before their heartbeat (must be 0). */
  premature: number;
}

export interface ProbeRunOptions {
  client: MessagingClient;
  watcher: TaskWatcher;
  /** The clock once the backlog is read: probes' times start after it. */
  after: number;
  count: number;
  runTag: string;
  /** Resolves once the services have read the probe events (and stayed quiet). */
  waitConsumed: () => Promise<void>;
  timeoutMs?: number;
}

/**
 * (e) Publishes the probes' events, waits until they are read (nothing may fire yet), then for
 * each probe in turn publishes one heartbeat at its deadline and times, from just before the
 * send to the arrival on `reconciliation.tasks.v1`, each of its three tasks. One probe at a time,
 * so a delay never includes the queue of the previous one.
 */
export async function runDeadlineProbes(o: ProbeRunOptions): Promise<ProbeResult> {
  const { probes, events } = buildProbes(o.after, o.count, o.runTag);
  const owner = new Map<string, { probe: number; domain: ReconcilerDomain }>();
  for (const p of probes) for (const [domain, key] of Object.entries(p.patientKeys)) owner.set(key, { probe: p.index, domain: domain as ReconcilerDomain });
  const arrivals = new Map<string, TaskArrival>();
  let premature = 0;
  let armed = -1;
  let wake: (() => void) | null = null;
  const unsubscribe = o.watcher.onTask((t) => {
    const who = owner.get(t.patientKey);
    if (!who || t.status !== 'requested') return;
    if (who.probe > armed) premature++;
    if (!arrivals.has(t.patientKey)) arrivals.set(t.patientKey, t);
    wake?.();
  });
  const producer = o.client.producer({ idempotent: false });
  await producer.connect();
  const result: ProbeResult = { samples: [], missing: 0, premature: 0 };
  try {
    const byTopic = new Map<string, OutgoingMessage[]>();
    for (const e of events) byTopic.set(e.topic, [...(byTopic.get(e.topic) ?? []), message(e.event)]);
    await producer.sendBatch([...byTopic].map(([topic, messages]) => ({ topic, messages })));
    await o.waitConsumed();
    for (const p of probes) {
      armed = p.index;
      const beat = makeHeartbeat({ id: `BENCH-${o.runTag}-beat-${p.index}`, facility: 'AVC', system: 'bench', time: new Date(p.deadline).toISOString() });
      const sentAt = performance.now();
      await producer.send(TOPICS.downtime, [message(beat)]);
      const keys = Object.values(p.patientKeys);
      const deadline = sentAt + (o.timeoutMs ?? 60_000);
      while (!keys.every((k) => arrivals.has(k)) && performance.now() < deadline) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 200);
        });
        wake = null;
      }
      for (const [domain, key] of Object.entries(p.patientKeys)) {
        const a = arrivals.get(key);
        if (a) result.samples.push({ probe: p.index, domain: domain as ReconcilerDomain, ms: a.at - sentAt });
        else result.missing++;
      }
    }
  } finally {
    unsubscribe();
    await producer.disconnect();
  }
  result.premature = premature;
  return result;
}
