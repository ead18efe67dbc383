import { at, given } from '@continuity/rules';
import { labRuleSet } from '../lab-rule-set';
import { downtime, downtimeEvents, labCancelled, labOrdered, LAB_SOURCES, ORDER_SYSTEM } from '../../testing/lab-events.factory';
import { evaluateLab, findingsOf } from '../../testing/lab-scenario';

// The weekend outage: the EHR of AVC is down from Saturday 08:00 to Sunday 20:00.
const D = downtime('2024-08-03T08:00Z', '2024-08-04T20:00Z');
const DOWNTIME = downtimeEvents('2024-08-03T08:00Z', '2024-08-04T20:00Z');
const MONDAY = '2024-08-05T09:00Z';
const paper = { entryMode: 'backentry' as const, recordedAt: '2024-08-05T08:00Z' };
const dup = (events: Parameters<typeof evaluateLab>[0], now = MONDAY) => findingsOf('lab-duplicate-order', evaluateLab(events, now, [D]));

describe('lab-duplicate-order', () => {
  it('fires when a paper order repeats an electronic one within the minimum retest interval', () => {
    const electronic = labOrdered('ORD-1', { at: '2024-08-03T07:30Z' });
    const fromPaper = labOrdered('ORD-2', { at: '2024-08-03T08:30Z', ...paper });
    expect(dup([electronic, fromPaper])).toEqual([
      {
        rule: 'lab-duplicate-order',
        severity: 'significant',
        priority: 'urgent',
        patientKey: 'P1',
        facility: 'AVC',
        focus: { system: ORDER_SYSTEM, value: 'ORD-2' },
        related: [{ system: ORDER_SYSTEM, value: 'ORD-1' }],
        evidence: [`${LAB_SOURCES.ehr}#${electronic.id}`, `${LAB_SOURCES.ehr}#${fromPaper.id}`].sort(),
        description:
          'Two live orders of LOINC 2823-3 (Potassium) were placed 1 h apart, within its 2 h minimum retest interval; order ORD-2 was entered during a declared downtime.',
      },
    ]);
  });

  // Given ORD-1 ordered electronically on Saturday 07:30 and ORD-2 of the same test, then:
  it.each`
    case                                                    | loinc       | secondAt               | secondEntry  | fires
    ${'potassium 1 h 59 later, from paper'}                 | ${'2823-3'} | ${'2024-08-03T09:29Z'} | ${'paper'}   | ${true}
    ${'potassium exactly 2 h later (a legitimate recheck)'} | ${'2823-3'} | ${'2024-08-03T09:30Z'} | ${'paper'}   | ${false}
    ${'troponin T 2 h later'}                               | ${'6598-7'} | ${'2024-08-03T09:30Z'} | ${'paper'}   | ${true}
    ${'troponin T 3 h later (serial protocol)'}             | ${'6598-7'} | ${'2024-08-03T10:30Z'} | ${'paper'}   | ${false}
    ${'HbA1c 30 days later'}                                | ${'4548-4'} | ${'2024-09-02T07:30Z'} | ${'paper'}   | ${true}
    ${'haemoglobin (table default 24 h) 23 h later'}        | ${'718-7'}  | ${'2024-08-04T06:30Z'} | ${'paper'}   | ${true}
    ${'haemoglobin (table default 24 h) 24 h later'}        | ${'718-7'}  | ${'2024-08-04T07:30Z'} | ${'paper'}   | ${false}
    ${'potassium 10 min later, both before the downtime'}   | ${'2823-3'} | ${'2024-08-03T07:40Z'} | ${'online'}  | ${false}
  `('$case → fires: $fires', ({ loinc, secondAt, secondEntry, fires }) => {
    const first = labOrdered('ORD-1', { at: '2024-08-03T07:30Z', loinc });
    const second = labOrdered('ORD-2', { at: secondAt, loinc, ...(secondEntry === 'paper' ? { entryMode: 'backentry', recordedAt: '2024-09-05T08:00Z' } : {}) });
    expect(dup([first, second], '2024-09-05T09:00Z')).toHaveLength(fires ? 1 : 0);
  });

  it('stays quiet for two orders of different tests', () => {
    expect(dup([labOrdered('ORD-1', { at: '2024-08-03T07:30Z' }), labOrdered('ORD-2', { at: '2024-08-03T08:30Z', loinc: '6598-7', ...paper })])).toEqual([]);
  });

  it('cancels itself when the cancel of the paper duplicate arrives late', () => {
    given(labRuleSet(), [...DOWNTIME, labOrdered('ORD-1', { at: '2024-08-03T07:30Z' })])
      .when(labOrdered('ORD-2', { at: '2024-08-03T08:30Z', ...paper }), at(MONDAY))
      .thenChanges({ kind: 'opened', rule: 'lab-duplicate-order', focus: 'ORD-2', related: ['ORD-1'], authoredOn: MONDAY })
      .when(labCancelled('ORD-2', { at: '2024-08-05T10:00Z' }), at('2024-08-05T10:00Z'))
      .thenChanges({ kind: 'cancelled', rule: 'lab-duplicate-order', focus: 'ORD-2' })
      .thenNoTasks();
  });

  it('gives the same task whichever source delivers first', () => {
    const electronic = labOrdered('ORD-1', { at: '2024-08-03T07:30Z' });
    const fromTool = labOrdered('ORD-2', { at: '2024-08-03T08:30Z', entryMode: 'downtime-tool', source: 'urn:continuity:system:standby:AVC' });
    expect(dup([fromTool, electronic])).toEqual(dup([electronic, fromTool]));
    expect(dup([fromTool, electronic])[0].focus.value).toBe('ORD-2');
  });
});
