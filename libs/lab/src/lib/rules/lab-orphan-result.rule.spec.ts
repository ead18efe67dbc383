import { at, given } from '@continuity/rules';
import { labRuleSet } from '../lab-rule-set';
import { downtime, downtimeEvents, labCancelled, labOrdered, labResulted, LAB_SOURCES, ms, ORDER_SYSTEM, specimenCollected } from '../../testing/lab-events.factory';
import { evaluateLab, findingsOf } from '../../testing/lab-scenario';

// The EHR of AVC is down from Saturday 08:00 to Sunday 20:00 (T1); the LIS kept running.
const D = downtime('2024-08-03T08:00Z', '2024-08-04T20:00Z');
const DOWNTIME = downtimeEvents('2024-08-03T08:00Z', '2024-08-04T20:00Z');
const DEADLINE = '2024-08-05T20:00Z'; // T1 + 24 h
const specimen = specimenCollected('ORD-9', { at: '2024-08-03T11:00Z' });
const result = labResulted('ORD-9', { at: '2024-08-03T13:00Z' });
const orphans = (events: Parameters<typeof evaluateLab>[0], now = DEADLINE, downtimes = [D]) =>
  findingsOf('lab-orphan-result', evaluateLab(events, now, downtimes));

describe('lab-orphan-result', () => {
  it('fires at T1 + 24 h, one task for the missing order with its specimen and result as evidence', () => {
    expect(orphans([specimen, result])).toEqual([
      {
        rule: 'lab-orphan-result',
        severity: 'considerable',
        priority: 'urgent',
        patientKey: 'P1',
        facility: 'AVC',
        focus: { system: ORDER_SYSTEM, value: 'ORD-9' },
        related: [],
        evidence: [`${LAB_SOURCES.lis}#${specimen.id}`, `${LAB_SOURCES.lis}#${result.id}`].sort(),
        description:
          '1 specimen and 1 result name lab order ORD-9, which was still not entered 24 h after the downtime; the paper order may be lost.',
      },
    ]);
  });

  it('opens one task per missing order', () => {
    const other = specimenCollected('ORD-8', { at: '2024-08-03T12:00Z' });
    expect(orphans([specimen, result, other]).map((f) => f.focus.value)).toEqual(['ORD-8', 'ORD-9']);
  });

  it('treats a specimen that names no order as its own orphan', () => {
    const [f] = orphans([specimenCollected(null, { at: '2024-08-03T11:00Z', specimen: 'SPC-1' })]);
    expect(f.focus.system).toBe('urn:continuity:event');
    expect(f.description).toBe('1 specimen names no lab order at all, 24 h after the downtime; the paper order may be lost.');
  });

  // Given the specimen (Saturday 11:00) and result (13:00) of ORD-9, then at `now`:
  it.each`
    case                                              | extra                                                     | now                    | downtimes | fires
    ${'one minute before T1 + 24 h'}                  | ${[]}                                                     | ${'2024-08-05T19:59Z'} | ${[D]}    | ${false}
    ${'at T1 + 24 h'}                                 | ${[]}                                                     | ${DEADLINE}            | ${[D]}    | ${true}
    ${'the order entered'}                            | ${[labOrdered('ORD-9', { at: '2024-08-03T10:00Z' })]}     | ${DEADLINE}            | ${[D]}    | ${false}
    ${'the order known only by its cancel'}           | ${[labCancelled('ORD-9', { at: '2024-08-03T10:00Z' })]}   | ${DEADLINE}            | ${[D]}    | ${false}
    ${'no downtime (not in scope)'}                   | ${[]}                                                     | ${DEADLINE}            | ${[]}     | ${false}
  `('$case → fires: $fires', ({ extra, now, downtimes, fires }) => {
    expect(orphans([specimen, result, ...extra], now, downtimes)).toHaveLength(fires ? 1 : 0);
  });

  it('wakes at T1 + 24 h', () => {
    expect(evaluateLab([specimen], '2024-08-05T00:00Z', [D]).nextWake).toBe(ms(DEADLINE));
  });

  it('cancels itself when the paper order is back-entered late', () => {
    given(labRuleSet(), [...DOWNTIME, specimen, result])
      .when(at(DEADLINE))
      .thenChanges(
        { kind: 'opened', rule: 'lab-orphan-result', focus: 'ORD-9' },
        // Released in the downtime and never received: its own discrepancy, which the order does not resolve.
        { kind: 'opened', rule: 'lab-result-not-received', focus: 'ORD-9' },
      )
      .when(labOrdered('ORD-9', { at: '2024-08-03T10:00Z', entryMode: 'backentry', recordedAt: '2024-08-06T09:00Z' }), at('2024-08-06T09:00Z'))
      .thenChanges({ kind: 'cancelled', rule: 'lab-orphan-result', focus: 'ORD-9' })
      .thenTasks({ rule: 'lab-result-not-received', focus: 'ORD-9' });
  });

  it('gives the same answer whether the order or the LIS events arrive first', () => {
    const order = labOrdered('ORD-9', { at: '2024-08-03T10:00Z', entryMode: 'backentry', recordedAt: '2024-08-05T09:00Z' });
    const other = specimenCollected('ORD-8', { at: '2024-08-03T12:00Z' });
    const a = orphans([order, specimen, other, result]);
    expect(orphans([specimen, other, result, order])).toEqual(a);
    expect(a.map((f) => f.focus.value)).toEqual(['ORD-8']);
  });
});
