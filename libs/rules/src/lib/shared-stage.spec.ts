import fc from 'fast-check';
import { interleave } from '../testing/arrivals';
import type { Finding } from './model';
import { diffFacts, SharedStageEngine, type FactChange, type SharedStage, type StatedFacts } from './shared-stage';

// A toy stage: a patient states the rooms it holds at each hour; two patients in one room at one hour clash.
type Holds = ReadonlyArray<{ room: string; hour: number }>;
interface Booking {
  patient: string;
  hour: number;
}

const clash = (a: Booking, b: Booking): Finding => ({
  rule: 'sched-double-booking',
  severity: 'considerable',
  priority: 'urgent',
  patientKey: b.patient,
  facility: 'AVC',
  focus: { system: 'hour', value: String(b.hour) },
  related: [{ system: 'patient', value: a.patient }],
  evidence: [],
  description: `${a.patient} and ${b.patient} at ${b.hour}`,
});

// The facts carry the patient, as practitioner slots do.
const stage: SharedStage<{ patient: string; holds: Holds }> = {
  name: 'room',
  factsOf: (s) => s.holds.map((h) => ({ group: h.room, value: { patient: s.patient, hour: h.hour } })),
  evaluate: (_room, facts) => {
    const bookings = facts as Booking[];
    const found: Array<{ taskId: string; finding: Finding }> = [];
    for (let i = 0; i < bookings.length; i++) {
      for (let j = i + 1; j < bookings.length; j++) {
        const [a, b] = [bookings[i], bookings[j]];
        // The id names patients and hour, not the room: two rooms may find one clash.
        if (a.patient !== b.patient && a.hour === b.hour) found.push({ taskId: `${[a.patient, b.patient].sort().join('+')}@${a.hour}`, finding: clash(a, b) });
      }
    }
    return found;
  },
};
const STAMP = { version: 'toy@1', configHash: 'h' };
const CTX = { now: 100, downtimes: [] };

const fact = (group: string, patientKey: string, hours: number[], now = 100): FactChange => ({
  stage: 'room',
  group,
  patientKey,
  values: hours.map((hour) => ({ patient: patientKey, hour })),
  now,
});

describe('diffFacts', () => {
  it('states every group first, then only what changed, and withdraws a group with an empty list', () => {
    const stated: StatedFacts = new Map();
    const p = (holds: Holds) => diffFacts(stage, 'P1', { patient: 'P1', holds }, CTX, stated);
    expect(p([{ room: 'A', hour: 9 }, { room: 'B', hour: 10 }]).map((c) => [c.group, c.values])).toEqual([
      ['A', [{ patient: 'P1', hour: 9 }]],
      ['B', [{ patient: 'P1', hour: 10 }]],
    ]);
    expect(p([{ room: 'A', hour: 9 }, { room: 'B', hour: 10 }])).toEqual([]);
    expect(p([{ room: 'B', hour: 11 }]).map((c) => [c.group, c.values])).toEqual([
      ['A', []],
      ['B', [{ patient: 'P1', hour: 11 }]],
    ]);
    expect([...stated.keys()]).toEqual(['B']);
  });
});

describe('SharedStageEngine', () => {
  it('opens a task when two patients clash, cancels it when one leaves, reopens it when they clash again', () => {
    const engine = new SharedStageEngine(stage, STAMP);
    expect(engine.apply(fact('A', 'P1', [9]))).toEqual([]);
    const [opened] = engine.apply(fact('A', 'P2', [9], 110));
    expect(opened).toMatchObject({ kind: 'opened', task: { id: 'P1+P2@9', status: 'requested', authoredOn: 110, ruleSetVersion: 'toy@1', configHash: 'h' } });
    expect(engine.apply(fact('A', 'P2', [], 120)).map((c) => [c.kind, c.task.lastModified])).toEqual([['cancelled', 120]]);
    expect(engine.apply(fact('A', 'P2', [9], 130)).map((c) => [c.kind, c.task.authoredOn, c.task.lastModified])).toEqual([['reopened', 110, 130]]);
    expect(engine.openTasks().map((t) => t.id)).toEqual(['P1+P2@9']);
  });

  it('keeps one task found by two groups open until neither holds it', () => {
    const engine = new SharedStageEngine(stage, STAMP);
    engine.apply(fact('A', 'P1', [9]));
    expect(engine.apply(fact('A', 'P2', [9])).map((c) => c.kind)).toEqual(['opened']);
    engine.apply(fact('B', 'P1', [9]));
    expect(engine.apply(fact('B', 'P2', [9]))).toEqual([]);
    expect(engine.apply(fact('A', 'P1', []))).toEqual([]);
    expect(engine.openTasks()).toHaveLength(1);
    expect(engine.apply(fact('B', 'P2', [])).map((c) => c.kind)).toEqual(['cancelled']);
    expect(engine.openTasks()).toEqual([]);
  });

  it('ignores the facts of another stage', () => {
    const engine = new SharedStageEngine(stage, STAMP);
    engine.apply(fact('A', 'P1', [9]));
    expect(engine.apply({ ...fact('A', 'P2', [9]), stage: 'practitioner' })).toEqual([]);
    expect(engine.allTasks()).toEqual([]);
  });

  it('ends with the same tasks whatever the interleaving of the patients’ own sequences', () => {
    const patients = ['P1', 'P2', 'P3'];
    const sequence = fc.array(fc.tuple(fc.constantFrom('A', 'B'), fc.subarray([9, 10, 11])), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(fc.tuple(sequence, sequence, sequence), fc.array(fc.nat(2), { maxLength: 12 }), (seqs, choices) => {
        const perPatient = seqs.map((seq, i) => seq.map(([room, hours]) => fact(room, patients[i], hours)));
        const final = (facts: readonly FactChange[]) => {
          const engine = new SharedStageEngine(stage, STAMP);
          facts.forEach((f) => engine.apply(f));
          return engine.openTasks().map((t) => t.id);
        };
        expect(final(interleave(perPatient, choices))).toEqual(final(perPatient.flat()));
      }),
      { numRuns: 300 },
    );
  });
});
