import { at, given } from '@continuity/rules';
import { labRuleSet } from '../lab-rule-set';
import { downtime, downtimeEvents, labOrdered, labResulted, LAB_SOURCES, ms, ORDER_SYSTEM, REPORT_SYSTEM, resultReceived } from '../../testing/lab-events.factory';
import { evaluateLab, findingsOf } from '../../testing/lab-scenario';

// The EHR of AVC is down from Saturday 08:00 to Sunday 20:00 (T1); the LIS kept releasing results.
const D = downtime('2024-08-03T08:00Z', '2024-08-04T20:00Z');
const DOWNTIME = downtimeEvents('2024-08-03T08:00Z', '2024-08-04T20:00Z');
const order = labOrdered('ORD-1', { at: '2024-08-03T10:00Z' });
const result = (critical = false, issued = '2024-08-03T13:00Z') => labResulted('ORD-1', { at: issued, report: 'RPT-1', critical });
const notReceived = (events: Parameters<typeof evaluateLab>[0], now: string, downtimes = [D]) =>
  findingsOf('lab-result-not-received', evaluateLab(events, now, downtimes));

describe('lab-result-not-received', () => {
  it('fires at T1 + 1 h, major and stat, for a critical result released in the downtime that never reached the EHR', () => {
    const released = result(true);
    expect(notReceived([order, released], '2024-08-04T21:00Z')).toEqual([
      {
        rule: 'lab-result-not-received',
        severity: 'major',
        priority: 'stat',
        patientKey: 'P1',
        facility: 'AVC',
        focus: { system: ORDER_SYSTEM, value: 'ORD-1' },
        related: [{ system: REPORT_SYSTEM, value: 'RPT-1' }],
        evidence: [`${LAB_SOURCES.lis}#${released.id}`],
        description: 'The critical result RPT-1 of order ORD-1, released by the laboratory during the downtime, has not reached the EHR 1 h later.',
      },
    ]);
  });

  it('fires at T1 + 24 h, significant and urgent, for a non-critical one', () => {
    expect(notReceived([order, result()], '2024-08-05T19:59Z')).toEqual([]);
    const [f] = notReceived([order, result()], '2024-08-05T20:00Z');
    expect([f.severity, f.priority]).toEqual(['significant', 'urgent']);
  });

  // Given ORD-1 and its result RPT-1, then at `now`:
  it.each`
    case                                                              | critical | issued                 | receivedAt             | now                    | fires
    ${'critical, one minute before T1 + 1 h'}                         | ${true}  | ${'2024-08-03T13:00Z'} | ${null}                | ${'2024-08-04T20:59Z'} | ${false}
    ${'critical, received on Sunday evening'}                         | ${true}  | ${'2024-08-03T13:00Z'} | ${'2024-08-04T20:30Z'} | ${'2024-08-05T00:00Z'} | ${false}
    ${'released before the downtime (not in scope)'}                  | ${false} | ${'2024-08-03T07:00Z'} | ${null}                | ${'2024-08-07T00:00Z'} | ${false}
    ${'released in the backlog, Monday 10:00, 24 h later'}            | ${false} | ${'2024-08-05T10:00Z'} | ${null}                | ${'2024-08-06T10:00Z'} | ${true}
    ${'released in the backlog, Monday 10:00, 23 h 59 later'}         | ${false} | ${'2024-08-05T10:00Z'} | ${null}                | ${'2024-08-06T09:59Z'} | ${false}
    ${'released after the backlog (T1 + 24 h), not in scope'}         | ${false} | ${'2024-08-05T20:01Z'} | ${null}                | ${'2024-08-08T00:00Z'} | ${false}
  `('$case → fires: $fires', ({ critical, issued, receivedAt, now, fires }) => {
    const events = [order, result(critical, issued), ...(receivedAt ? [resultReceived('RPT-1', { at: receivedAt })] : [])];
    expect(notReceived(events, now)).toHaveLength(fires ? 1 : 0);
  });

  it('says the result was released in the backlog when it was', () => {
    const [f] = notReceived([order, result(false, '2024-08-05T10:00Z')], '2024-08-06T10:00Z');
    expect(f.description).toBe('The result RPT-1 of order ORD-1, released by the laboratory in the backlog after the downtime, has not reached the EHR 24 h later.');
  });

  it('wakes at the deadline and stays quiet while the downtime is open', () => {
    expect(evaluateLab([order, result(true)], '2024-08-04T20:10Z', [D]).nextWake).toBe(ms('2024-08-04T21:00Z'));
    expect(notReceived([order, result(true)], '2024-08-09T00:00Z', [downtime('2024-08-03T08:00Z', null)])).toEqual([]);
  });

  it('cancels itself when the receipt arrives late', () => {
    given(labRuleSet(), [...DOWNTIME, order, result(true)])
      .when(at('2024-08-04T21:00Z'))
      .thenChanges({ kind: 'opened', rule: 'lab-result-not-received', focus: 'ORD-1', related: ['RPT-1'], priority: 'stat' })
      .when(resultReceived('RPT-1', { at: '2024-08-04T22:00Z' }), at('2024-08-04T22:00Z'))
      .thenChanges({ kind: 'cancelled', rule: 'lab-result-not-received', focus: 'ORD-1' })
      .thenNoTasks();
  });

  it('gives the same answer when the EHR receipt is delivered before the LIS result', () => {
    const receipt = resultReceived('RPT-1', { at: '2024-08-04T20:30Z' });
    const released = result(true);
    expect(notReceived([receipt, order, released], '2024-08-05T00:00Z')).toEqual([]);
    expect(notReceived([order, released, receipt], '2024-08-05T00:00Z')).toEqual([]);
  });
});
