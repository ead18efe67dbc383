import { createHash } from 'node:crypto';
import { CLOUDEVENTS_JSON, encodeCloudEvent, EVENT_TYPES, parseMessage, TOPICS, type AppointmentPayload, type ParsedEvent } from '@continuity/contracts';
import { ALL_CASES } from './cases';
import { encodeValue } from './encode';
import { RULE_CODES } from './ground-truth';
import { Simulation, type SimulationOptions } from './simulation';
import type { FeedMessage, SimEvent } from './sim-event';
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
    // Two per injected case: sched-double-booking has two (one patient twice, one practitioner twice).
    const injected = (r: string) => ALL_CASES.filter((c) => c.kind === 'inject' && c.rule === r).length;
    expect(Object.fromEntries(byRule)).toEqual(Object.fromEntries(RULE_CODES.map((r) => [r, 2 * injected(r)])));
    expect(injected('sched-double-booking')).toBe(2);
    expect(gt.nearMisses).toHaveLength(ALL_CASES.filter((c) => c.kind === 'near-miss').length);
    // Staged patients are their own: none shares a key with another case or a clean patient.
    const keys = [...gt.tasks, ...gt.nearMisses].flatMap((t) => (t.otherPatientKey === undefined ? [t.patientKey] : [t.patientKey, t.otherPatientKey]));
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

/** One booking of a staged case's feed, read back from the CloudEvent. */
function bookingsOf(events: readonly SimEvent[]) {
  return events
    .filter((e) => e.kind === 'event' && e.type === EVENT_TYPES.schedulingBooked)
    .map((e) => {
      const ce = e.build();
      const ap = ce.data as AppointmentPayload;
      const practitioner = ap.participant?.find((p) => p.actor?.type === 'Practitioner')?.actor?.identifier?.value;
      return {
        patientKey: (ce.subject ?? '').replace('Patient/', ''),
        facility: ce.facility,
        appointment: ap.identifier?.[0]?.value,
        practitioner,
        start: Date.parse(ap.start as string),
        end: Date.parse(ap.end as string),
        entrymode: ce.entrymode,
        time: Date.parse(ce.time),
      };
    });
}

describe('staged cases of one practitioner with two patients (sched-double-booking across patients)', () => {
  const sim = new Simulation({ ...SMALL, seed: 31, injectPerRule: 3, nearMissesPerCase: 3 });
  const tl = sim.timeline;
  const gt = sim.groundTruth();
  const staged = Array.from({ length: sim.stagedCases }, (_, seq) => sim.stagedCase(seq));
  const casesNamed = (prefix: string) => staged.filter((c) => c.name.startsWith(`${prefix}#`));
  const overlap = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;
  const touched = (b: { entrymode?: string; time: number }) => b.entrymode !== 'realtime' || (b.time >= tl.t0 && b.time < tl.t1);

  /** The two bookings of a case across patients: the other patient's (A), then the case patient's (B). */
  function pairOf(c: ReturnType<Simulation['stagedCase']>) {
    const bookings = bookingsOf(c.events);
    expect(bookings).toHaveLength(2);
    expect(c.otherPatientKey).not.toBeNull();
    const a = bookings.find((b) => b.patientKey === c.otherPatientKey);
    const b = bookings.find((x) => x.patientKey === c.patientKey);
    if (!a || !b) throw new Error(`${c.name}: a booking of each patient expected`);
    expect(a.patientKey).not.toBe(b.patientKey);
    expect([a.facility, b.facility]).toEqual([c.facility, c.facility]);
    expect(b.practitioner).toBe(a.practitioner);
    // Both on the planning (sched-not-on-planning quiet), far past T1 + 24 h (sched-unresolved-appointment quiet).
    const synced = c.events.filter((e) => e.kind === 'event' && e.type === EVENT_TYPES.schedulingSynced).map((e) => e.build().subject);
    expect(synced.sort()).toEqual([`Patient/${a.patientKey}`, `Patient/${b.patientKey}`].sort());
    for (const x of [a, b]) expect(x.start).toBeGreaterThan(tl.t1 + 24 * HOUR);
    return { a, b };
  }

  it('injects the other patient first, untouched, then the case patient on paper in D in an overlapping slot', () => {
    const cases = casesNamed('sched-double-booking-practitioner');
    expect(cases).toHaveLength(3);
    for (const c of cases) {
      const { a, b } = pairOf(c);
      expect(overlap(a, b)).toBe(true);
      expect({ entrymode: a.entrymode, touched: touched(a) }).toEqual({ entrymode: 'realtime', touched: false });
      expect(a.time).toBeLessThan(tl.t0);
      expect({ entrymode: b.entrymode, touched: touched(b) }).toEqual({ entrymode: 'backentry', touched: true });
      expect(b.time).toBeGreaterThanOrEqual(tl.t0);
      expect(b.time).toBeLessThan(tl.t1);
    }
  });

  it('expects one considerable task per case, focused on the paper booking, for its patient', () => {
    for (const c of casesNamed('sched-double-booking-practitioner')) {
      const { a, b } = pairOf(c);
      const expected = gt.tasks.filter((t) => t.case === c.name);
      expect(expected).toEqual([
        {
          rule: 'sched-double-booking',
          patientKey: b.patientKey,
          otherPatientKey: a.patientKey,
          facility: c.facility,
          focus: { system: `urn:continuity:${c.facility.toLowerCase()}:appointment`, value: b.appointment },
          severity: 'considerable',
          case: c.name,
        },
      ]);
    }
    // Cases of one patient name no other.
    for (const t of gt.tasks.filter((x) => !x.case.startsWith('sched-double-booking-practitioner#'))) expect(t).not.toHaveProperty('otherPatientKey');
  });

  it('stages the near-misses: back-to-back slots with one on paper, and an overlap booked before the outage', () => {
    const backToBack = casesNamed('near-miss:sched-practitioner-back-to-back');
    const beforeOutage = casesNamed('near-miss:sched-practitioner-overlap-before-outage');
    expect([backToBack.length, beforeOutage.length]).toEqual([3, 3]);
    for (const c of backToBack) {
      const { a, b } = pairOf(c);
      expect(b.start).toBe(a.end);
      expect([touched(a), touched(b)]).toEqual([false, true]);
    }
    for (const c of beforeOutage) {
      const { a, b } = pairOf(c);
      expect(overlap(a, b)).toBe(true);
      expect([touched(a), touched(b)]).toEqual([false, false]);
      for (const x of [a, b]) expect(x.time).toBeLessThan(tl.t0);
    }
    for (const c of [...backToBack, ...beforeOutage]) {
      const near = gt.nearMisses.filter((n) => n.case === c.name);
      expect(near.map((n) => [n.rule, n.patientKey, n.otherPatientKey])).toEqual([['sched-double-booking', c.patientKey, c.otherPatientKey]]);
    }
  });

  it('gives each case its own practitioner: across the whole feed, only these cases share one between patients', () => {
    const patientsOf = new Map<string, Set<string>>();
    for (const m of sim.messages()) {
      if (m.kind !== 'event' || m.topic !== TOPICS.scheduling) continue;
      const r = parse(m);
      if (!r.ok) continue;
      const ap = r.event.data as AppointmentPayload;
      const pr = ap.participant?.find((p) => p.actor?.type === 'Practitioner')?.actor?.identifier?.value as string;
      patientsOf.set(pr, (patientsOf.get(pr) ?? new Set()).add(r.event.patientKey as string));
    }
    const shared = [...patientsOf].filter(([, keys]) => keys.size > 1).map(([pr, keys]) => [pr, [...keys].sort()]);
    const acrossPatients = staged.filter((c) => c.otherPatientKey !== null);
    expect(acrossPatients).toHaveLength(9);
    expect(shared.sort()).toEqual(acrossPatients.map((c) => [bookingsOf(c.events)[0].practitioner, [c.patientKey, c.otherPatientKey].sort()]).sort());
  });

  it('stages the same cases for the same seed, other ones for another seed', () => {
    const values = (o: Partial<SimulationOptions>) => {
      const other = new Simulation({ ...SMALL, injectPerRule: 3, nearMissesPerCase: 3, ...o });
      return Array.from({ length: other.stagedCases }, (_, seq) => other.stagedCase(seq))
        .filter((c) => c.otherPatientKey !== null)
        .map((c) => c.events.map((e) => encodeValue(e.build())));
    };
    expect(values({ seed: 31 })).toEqual(values({ seed: 31 }));
    expect(values({ seed: 32 })).not.toEqual(values({ seed: 31 }));
  });
});
