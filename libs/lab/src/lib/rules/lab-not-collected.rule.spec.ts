import { at, given } from '@continuity/rules';
import { labRuleSet } from '../lab-rule-set';
import { downtime, downtimeEvents, labCancelled, labOrdered, labResulted, ms, ORDER_SYSTEM, specimenCollected, LAB_SOURCES } from '../../testing/lab-events.factory';
import { evaluateLab, findingsOf } from '../../testing/lab-scenario';

// The EHR of AVC is down from Saturday 08:00 to Sunday 20:00 (T1).
const D = downtime('2024-08-03T08:00Z', '2024-08-04T20:00Z');
const DOWNTIME = downtimeEvents('2024-08-03T08:00Z', '2024-08-04T20:00Z');
const order = (priority: 'routine' | 'stat' = 'routine') => labOrdered('ORD-1', { at: '2024-08-03T10:00Z', priority });
const notCollected = (events: Parameters<typeof evaluateLab>[0], now: string, downtimes = [D]) =>
  findingsOf('lab-not-collected', evaluateLab(events, now, downtimes));

describe('lab-not-collected', () => {
  it('fires 24 h after T1 for a routine order placed in the downtime with no specimen', () => {
    const ordered = order();
    expect(notCollected([ordered], '2024-08-05T20:00Z')).toEqual([
      {
        rule: 'lab-not-collected',
        severity: 'considerable',
        priority: 'urgent',
        patientKey: 'P1',
        facility: 'AVC',
        focus: { system: ORDER_SYSTEM, value: 'ORD-1' },
        related: [],
        evidence: [`${LAB_SOURCES.ehr}#${ordered.id}`],
        description:
          'The order ORD-1 of LOINC 2823-3 (Potassium), placed during a declared downtime, still has no specimen 24 h after the downtime ended.',
      },
    ]);
  });

  it('fires 1 h after T1, as asap, for a stat order', () => {
    const [f] = notCollected([order('stat')], '2024-08-04T21:00Z');
    expect([f.severity, f.priority]).toEqual(['considerable', 'asap']);
    expect(f.description).toContain('The stat order ORD-1');
  });

  // Given ORD-1 (routine) ordered Saturday 10:00 during the downtime, then at `now`:
  it.each`
    case                                              | extra                                                                  | now                    | downtimes        | fires
    ${'nothing else, one minute before the deadline'} | ${[]}                                                                  | ${'2024-08-05T19:59Z'} | ${[D]}           | ${false}
    ${'nothing else, at the deadline'}                | ${[]}                                                                  | ${'2024-08-05T20:00Z'} | ${[D]}           | ${true}
    ${'a specimen collected'}                         | ${[specimenCollected('ORD-1', { at: '2024-08-03T11:00Z' })]}           | ${'2024-08-06T00:00Z'} | ${[D]}           | ${false}
    ${'a result, which implies a specimen'}           | ${[labResulted('ORD-1', { at: '2024-08-03T13:00Z' })]}                 | ${'2024-08-06T00:00Z'} | ${[D]}           | ${false}
    ${'the order cancelled'}                          | ${[labCancelled('ORD-1', { at: '2024-08-03T10:30Z' })]}                | ${'2024-08-06T00:00Z'} | ${[D]}           | ${false}
    ${'no downtime at all (not in scope)'}            | ${[]}                                                                  | ${'2024-08-06T00:00Z'} | ${[]}            | ${false}
    ${'the downtime still open (staff on paper)'}     | ${[]}                                                                  | ${'2024-08-09T00:00Z'} | ${[downtime('2024-08-03T08:00Z', null)]} | ${false}
  `('$case → fires: $fires', ({ extra, now, downtimes, fires }) => {
    expect(notCollected([order(), ...extra], now, downtimes)).toHaveLength(fires ? 1 : 0);
  });

  it('asks to be woken at the deadline while it is pending, and not while the downtime is open', () => {
    expect(evaluateLab([order()], '2024-08-05T12:00Z', [D]).nextWake).toBe(ms('2024-08-05T20:00Z'));
    expect(evaluateLab([order()], '2024-08-05T12:00Z', [downtime('2024-08-03T08:00Z', null)]).nextWake).toBeNull();
  });

  it('cancels itself when the specimen, back-entered from paper, arrives late', () => {
    given(labRuleSet(), [...DOWNTIME, order()])
      .when(at('2024-08-05T20:00Z'))
      .thenChanges({ kind: 'opened', rule: 'lab-not-collected', focus: 'ORD-1' })
      .when(specimenCollected('ORD-1', { at: '2024-08-03T11:00Z', entryMode: 'backentry', recordedAt: '2024-08-06T09:00Z' }), at('2024-08-06T09:00Z'))
      .thenChanges({ kind: 'cancelled', rule: 'lab-not-collected', focus: 'ORD-1' })
      .thenNoTasks();
  });

  it('gives the same answer when the LIS delivers the specimen before the EHR delivers the order', () => {
    const specimen = specimenCollected('ORD-1', { at: '2024-08-03T11:00Z' });
    expect(notCollected([specimen, order()], '2024-08-06T00:00Z')).toEqual(notCollected([order(), specimen], '2024-08-06T00:00Z'));
    expect(notCollected([specimen, order()], '2024-08-06T00:00Z')).toEqual([]);
  });
});
