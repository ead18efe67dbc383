import fc from 'fast-check';
import { booked, cancelled, downtime, ms } from '../testing/scheduling-events.factory';
import { practitionerOverlapFinding, practitionerOverlaps, practitionerSlotsOf, type PractitionerSlot } from './practitioner-overlaps';
import { SCHEDULING_CONFIG_V1 } from './scheduling-config';
import { schedulingRuleSet } from './scheduling-rule-set';

const APT = 'urn:continuity:avc:appointment';
const slot = (appointment: string, patientKey: string, start: string, minutes: number, over: Partial<PractitionerSlot> = {}): PractitionerSlot => ({
  practitioner: 'RPPS|DR-1',
  appointment: { system: APT, value: appointment },
  patientKey,
  facility: 'AVC',
  start: ms(start),
  end: ms(start) + minutes * 60_000,
  live: true,
  touched: false,
  evidence: [`booking#${appointment}`],
  ...over,
});

describe('practitionerOverlaps', () => {
  const a = slot('APT-1', 'P1', '2024-08-05T09:00Z', 60);

  // Given APT-1 of P1 with DR-1 on Monday 09:00–10:00, then APT-2:
  it.each`
    case                                                          | b                                                                                         | pairs
    ${'P2, 09:30–10:30, booked in the downtime'}                  | ${slot('APT-2', 'P2', '2024-08-05T09:30Z', 60, { touched: true })}                        | ${1}
    ${'P2, 10:00–11:00 (back to back, no overlap)'}               | ${slot('APT-2', 'P2', '2024-08-05T10:00Z', 60, { touched: true })}                        | ${0}
    ${'P2, 09:30, another practitioner'}                          | ${slot('APT-2', 'P2', '2024-08-05T09:30Z', 60, { touched: true, practitioner: 'RPPS|DR-2' })} | ${0}
    ${'P1 again, 09:30 (same patient: the per-patient rule set)'} | ${slot('APT-2', 'P1', '2024-08-05T09:30Z', 60, { touched: true })}                        | ${0}
    ${'P2, 09:30, cancelled'}                                     | ${slot('APT-2', 'P2', '2024-08-05T09:30Z', 60, { touched: true, live: false })}           | ${0}
    ${'P2, 09:30, neither touched by a downtime'}                 | ${slot('APT-2', 'P2', '2024-08-05T09:30Z', 60)}                                           | ${0}
  `('$case → $pairs pair(s)', ({ b, pairs }) => {
    expect(practitionerOverlaps([a, b])).toHaveLength(pairs);
  });

  it('finds a slot nested inside a long one after a shorter slot that does not overlap it', () => {
    const long = slot('APT-L', 'P1', '2024-08-05T08:00Z', 240, { touched: true });
    const early = slot('APT-E', 'P2', '2024-08-05T07:00Z', 30);
    const nested = slot('APT-N', 'P3', '2024-08-05T11:00Z', 30);
    expect(practitionerOverlaps([nested, early, long]).map(([x, y]) => [x.appointment.value, y.appointment.value])).toEqual([['APT-L', 'APT-N']]);
  });

  it('builds a sched-double-booking finding focused on the slot booked in the downtime', () => {
    const b = slot('APT-2', 'P2', '2024-08-05T09:30Z', 60, { touched: true });
    const f = practitionerOverlapFinding(practitionerOverlaps([a, b])[0]);
    expect(f).toMatchObject({
      rule: 'sched-double-booking',
      severity: 'considerable',
      priority: 'urgent',
      patientKey: 'P2',
      focus: { system: APT, value: 'APT-2' },
      related: [{ system: APT, value: 'APT-1' }],
      evidence: ['booking#APT-1', 'booking#APT-2'],
    });
  });

  it('gives the same pairs whatever the input order', () => {
    const arb = fc.array(
      fc.record({
        p: fc.constantFrom('RPPS|DR-1', 'RPPS|DR-2'),
        patient: fc.constantFrom('P1', 'P2', 'P3'),
        startMin: fc.integer({ min: 0, max: 600 }),
        minutes: fc.integer({ min: 5, max: 120 }),
        touched: fc.boolean(),
        live: fc.boolean(),
      }),
      { maxLength: 12 },
    );
    fc.assert(
      fc.property(arb, fc.integer(), (specs, seed) => {
        const slots = specs.map((s, i) =>
          slot(`APT-${i}`, s.patient, new Date(ms('2024-08-05T08:00Z') + s.startMin * 60_000).toISOString(), s.minutes, { practitioner: s.p, touched: s.touched, live: s.live }),
        );
        const shuffled = [...slots].sort((x, y) => ((x.start * 31 + seed) % 97) - ((y.start * 31 + seed) % 97));
        const ids = (ps: Array<[PractitionerSlot, PractitionerSlot]>) => ps.map(([x, y]) => `${x.appointment.value}/${y.appointment.value}`);
        expect(ids(practitionerOverlaps(shuffled))).toEqual(ids(practitionerOverlaps(slots)));
        // Brute force: every overlapping pair of different patients, same practitioner, live, one touched.
        const expected = new Set<string>();
        for (const x of slots) for (const y of slots) {
          if (x === y || x.practitioner !== y.practitioner || x.patientKey === y.patientKey || !x.live || !y.live) continue;
          if (x.start < y.end && y.start < x.end && (x.touched || y.touched)) expected.add([x.appointment.value, y.appointment.value].sort().join('/'));
        }
        expect(new Set(practitionerOverlaps(slots).map(([x, y]) => [x.appointment.value, y.appointment.value].sort().join('/')))).toEqual(expected);
      }),
    );
  });
});

describe('practitionerSlotsOf', () => {
  it("reads one patient's live and cancelled slots with their practitioner and scope", () => {
    const D = downtime('2024-08-03T08:00Z', '2024-08-04T20:00Z');
    const rs = schedulingRuleSet();
    const events = [
      booked('APT-1', { at: '2024-08-03T10:00Z', start: '2024-08-05T09:00Z', minutes: 60, practitioner: 'DR-7' }),
      booked('APT-2', { at: '2024-08-02T10:00Z', start: '2024-08-06T09:00Z' }),
      cancelled('APT-2', { at: '2024-08-02T11:00Z' }),
    ];
    const state = events.reduce((s, e) => rs.evolve(s, e), rs.initialState());
    expect(practitionerSlotsOf(state, [D], SCHEDULING_CONFIG_V1).map((s) => [s.appointment.value, s.practitioner.split('|')[1], s.end - s.start, s.live, s.touched])).toEqual([
      ['APT-1', 'DR-7', 3_600_000, true, true],
      ['APT-2', 'DR-1', 1_800_000, false, false],
    ]);
  });
});
