import { downtime, labCancelled, labOrdered, labResulted, LAB_SOURCES, ORDER_SYSTEM, REPORT_SYSTEM } from '../../testing/lab-events.factory';
import { evaluateLab, findingsOf } from '../../testing/lab-scenario';

// The EHR of AVC is down from Saturday 08:00 to Sunday 20:00.
const D = downtime('2024-08-03T08:00Z', '2024-08-04T20:00Z');
const order = labOrdered('ORD-1', { at: '2024-08-03T10:00Z' });
const cancel = labCancelled('ORD-1', { at: '2024-08-03T10:30Z', entryMode: 'backentry', recordedAt: '2024-08-05T08:00Z' });
const result = labResulted('ORD-1', { at: '2024-08-03T14:00Z', report: 'RPT-1' });
const afterCancel = (events: Parameters<typeof evaluateLab>[0], downtimes = [D]) =>
  findingsOf('lab-result-after-cancel', evaluateLab(events, '2024-08-05T09:00Z', downtimes));

describe('lab-result-after-cancel', () => {
  it('fires at once for a result of an order cancelled on paper', () => {
    expect(afterCancel([order, cancel, result])).toEqual([
      {
        rule: 'lab-result-after-cancel',
        severity: 'significant',
        priority: 'urgent',
        patientKey: 'P1',
        facility: 'AVC',
        focus: { system: ORDER_SYSTEM, value: 'ORD-1' },
        related: [{ system: REPORT_SYSTEM, value: 'RPT-1' }],
        evidence: [`${LAB_SOURCES.ehr}#${cancel.id}`, `${LAB_SOURCES.lis}#${result.id}`].sort(),
        description:
          'The laboratory released result RPT-1 for order ORD-1 of LOINC 2823-3 (Potassium), which had been cancelled; check whether the test was wanted.',
      },
    ]);
  });

  // Given ORD-1 ordered Saturday 10:00, then:
  it.each`
    case                                                    | events                                                                                                                   | downtimes | fires
    ${'a result, no cancel'}                                | ${[result]}                                                                                                              | ${[D]}    | ${false}
    ${'a cancel, no result'}                                | ${[cancel]}                                                                                                              | ${[D]}    | ${false}
    ${'a cancel and a result of another order'}             | ${[cancel, labResulted('ORD-2', { at: '2024-08-03T14:00Z' })]}                                                          | ${[D]}    | ${false}
    ${'cancel and result, all online outside any downtime'} | ${[labCancelled('ORD-1', { at: '2024-08-03T10:30Z' }), result]}                                                          | ${[]}     | ${false}
    ${'cancel and result online, during the downtime'}     | ${[labCancelled('ORD-1', { at: '2024-08-03T10:30Z' }), result]}                                                          | ${[D]}    | ${true}
  `('$case → fires: $fires', ({ events, downtimes, fires }) => {
    expect(afterCancel([order, ...events], downtimes)).toHaveLength(fires ? 1 : 0);
  });

  it('gives the same task whichever of the cancel and the result arrives first', () => {
    expect(afterCancel([result, order, cancel])).toEqual(afterCancel([order, cancel, result]));
  });
});
