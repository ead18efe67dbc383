import { createHash } from 'node:crypto';
import { CLOUDEVENTS_JSON, encodeCloudEvent, EVENT_TYPES, parseMessage, TOPICS, type ParsedEvent } from '@continuity/contracts';
import { encodeValue } from './encode';
import { RULE_CODES } from './ground-truth';
import { Simulation, type SimulationOptions } from './simulation';
import type { FeedMessage } from './sim-event';
import { HOUR } from './time';

const SMALL: Partial<SimulationOptions> = { facilities: 3, patientsPerFacility: 40, injectPerRule: 2, nearMissesPerCase: 1, heartbeatSeconds: 600 };

const parse = (m: FeedMessage) =>
  parseMessage({ topic: m.topic, key: Buffer.from(m.key), value: Buffer.from(m.value), headers: { 'content-type': CLOUDEVENTS_JSON } });

function digest(sim: Simulation): string {
  const h = createHash('sha256');
  for (const m of sim.messages()) h.update(`${m.topic}\n${m.key}\n${m.value}\n`);
  return h.digest('hex');
}

describe('Simulation', () => {
  // One run shared by the read-only checks below.
  const sim = new Simulation({ ...SMALL, seed: 11, duplicatesPct: 5, malformedPct: 5 });
  const messages = [...sim.messages()];
  const parsed = messages.map((m) => ({ m, r: parse(m) }));
  const valid = parsed.filter((p) => p.m.kind !== 'malformed').map((p) => p.r);
  const events = valid.flatMap((r) => (r.ok ? [r.event] : []));
  const gt = sim.groundTruth();

  it('gives the same bytes for the same seed, and other bytes for another seed', () => {
    const again = new Simulation({ ...SMALL, seed: 11, duplicatesPct: 5, malformedPct: 5 });
    expect(digest(again)).toBe(createHash('sha256').update(messages.map((m) => `${m.topic}\n${m.key}\n${m.value}\n`).join('')).digest('hex'));
    expect(digest(new Simulation({ ...SMALL, seed: 12, duplicatesPct: 5, malformedPct: 5 }))).not.toBe(digest(again));
    expect(new Simulation({ ...SMALL, seed: 11 }).groundTruth()).toEqual(new Simulation({ ...SMALL, seed: 11 }).groundTruth());
  });

  it('emits every valid message as a CloudEvent that parseMessage accepts', () => {
    const failures = valid.filter((r) => !r.ok);
    expect(failures).toEqual([]);
    expect(valid.length).toBeGreaterThan(1000);
  });

  it('emits malformed messages that parseMessage rejects with the intended code', () => {
    const malformed = parsed.filter((p) => p.m.kind === 'malformed');
    expect(malformed.length).toBeGreaterThan(20);
    for (const { m, r } of malformed) {
      expect(r.ok).toBe(false);
      if (!r.ok) expect({ code: r.error.code }).toEqual({ code: m.expectedError });
    }
    // Every §7 kind is exercised.
    expect(new Set(malformed.map((p) => p.m.expectedError)).size).toBe(8);
  });

  it('re-sends transport duplicates byte for byte, after their original', () => {
    const firstSeen = new Map<string, number>();
    let duplicates = 0;
    parsed.forEach(({ m, r }, i) => {
      if (!r.ok) return;
      const id = `${r.event.source}#${r.event.id}`;
      if (m.kind === 'duplicate') {
        duplicates++;
        const at = firstSeen.get(id);
        expect(at).toBeDefined();
        expect(messages[at as number].value).toBe(m.value);
      } else {
        expect(firstSeen.has(id)).toBe(false); // ids are unique per source
        firstSeen.set(id, i);
      }
    });
    expect(duplicates).toBeGreaterThan(20);
  });

  it('orders the feed by recorded time, each source of a patient in its own order', () => {
    expect(sim.outOfOrder).toBe(0);
    for (let i = 1; i < messages.length; i++) expect(messages[i].emitMs).toBeGreaterThanOrEqual(messages[i - 1].emitMs);
    const last = new Map<string, number>();
    for (const { m, r } of parsed) {
      if (m.kind !== 'event' || !r.ok) continue;
      const k = `${r.event.patientKey}|${r.event.source}`;
      expect(r.event.recordedTimeMs).toBeGreaterThanOrEqual(last.get(k) ?? 0);
      last.set(k, r.event.recordedTimeMs);
    }
  });

  it('keys clinical messages by a pseudonymous 13-digit patient key, with no names anywhere', () => {
    const clinical = events.filter((e) => e.domain !== 'downtime');
    for (const e of clinical) expect(e.patientKey).toMatch(/^9\d{12}$/);
    for (const { m } of parsed.filter((p) => p.m.kind === 'event' && p.m.topic !== TOPICS.downtime)) expect(m.key).toMatch(/^9\d{12}$/);
    expect(messages.some((m) => /"(name|given|family)":/.test(m.value))).toBe(false);
  });

  it('declares the outage per facility and sends heartbeats past the last deadline, none while down', () => {
    const tl = sim.timeline;
    const started = events.filter((e) => e.type === EVENT_TYPES.downtimeStarted);
    const ended = events.filter((e) => e.type === EVENT_TYPES.downtimeEnded);
    expect(started.map((e) => e.facility).sort()).toEqual([...sim.facilities].sort());
    expect(ended.map((e) => e.timeMs)).toEqual(sim.facilities.map(() => tl.t1));
    const beats = events.filter((e) => e.type === EVENT_TYPES.sourceHeartbeat);
    expect(Math.max(...beats.map((e) => e.timeMs))).toBeGreaterThan(tl.t1 + 48 * HOUR);
    expect(beats.filter((e) => e.timeMs >= tl.t0 && e.timeMs < tl.t1)).toEqual([]);
  });

  it('types paper back-entries as backentry, recorded after T1', () => {
    const tl = sim.timeline;
    const back = events.filter((e) => e.entryMode === 'backentry');
    expect(back.length).toBeGreaterThan(100);
    for (const e of back) expect(e.recordedTimeMs).toBeGreaterThan(tl.t1);
    const realtimeInD = events.filter((e: ParsedEvent) => e.domain !== 'downtime' && e.entryMode === 'realtime' && e.timeMs >= tl.t0 && e.timeMs < tl.t1);
    expect(realtimeInD).toEqual([]);
  });

  it('writes the asked number of expected tasks per rule and the near-misses', () => {
    const byRule = new Map<string, number>();
    for (const t of gt.tasks) byRule.set(t.rule, (byRule.get(t.rule) ?? 0) + 1);
    expect(Object.fromEntries(byRule)).toEqual(Object.fromEntries(RULE_CODES.map((r) => [r, 2])));
    expect(gt.nearMisses).toHaveLength(11);
    // Staged patients are their own: none shares a key with another case or a clean patient.
    const keys = [...gt.tasks, ...gt.nearMisses].map((t) => t.patientKey);
    expect(new Set(keys).size).toBe(keys.length);
    const clinicalKeys = new Set(events.filter((e) => e.patientKey !== null).map((e) => e.patientKey));
    for (const k of keys) expect(clinicalKeys.has(k)).toBe(true);
  });

  it('counts exactly the staged and operations messages it announces', () => {
    const small = new Simulation({ ...SMALL, patientsPerFacility: 0, duplicatesPct: 0 });
    expect([...small.messages()]).toHaveLength(small.operationsCount() + small.stagedMessages());
  });

  it('rebuilds a patient identically (what lets it drop and regenerate lists)', () => {
    const a = sim.cleanPatient(17).map((e) => ({ ...e, build: encodeValue(e.build()) }));
    const b = sim.cleanPatient(17).map((e) => ({ ...e, build: encodeValue(e.build()) }));
    expect(a).toEqual(b);
  });

  it('encodes exactly as encodeCloudEvent of contracts', () => {
    const e = sim.cleanPatient(3)[0].build();
    expect(encodeValue(e)).toBe(encodeCloudEvent(e).toString('utf8'));
  });

  it('refuses options outside their range, naming the option', () => {
    expect(() => new Simulation({ facilities: 39 })).toThrow(/facilities/);
    expect(() => new Simulation({ hours: 2 })).toThrow(/hours/);
    expect(() => new Simulation({ tailHours: 24 })).toThrow(/tail-hours/);
    expect(() => new Simulation({ duplicatesPct: -1 })).toThrow(/duplicates-pct/);
  });
});
