import { at, given } from '@continuity/rules';
import { schedulingRuleSet } from '../scheduling-rule-set';
import { APPOINTMENT_SYSTEM, booked, downtimeEvents, cancelled, downtime, SCHED_SOURCES } from '../../testing/scheduling-events.factory';
import { evaluateScheduling, findingsOf } from '../../testing/scheduling-scenario';

// The EHR of AVC is down from Saturday 08:00 to Sunday 20:00.
const D = downtime('2024-08-03T08:00Z', '2024-08-04T20:00Z');
const DOWNTIME = downtimeEvents('2024-08-03T08:00Z', '2024-08-04T20:00Z');
const online = booked('APT-1', { at: '2024-08-02T10:00Z', start: '2024-08-06T09:00Z' });
const onPaper = (start: string, service?: string) =>
  booked('APT-2', { at: '2024-08-03T10:00Z', start, service, entryMode: 'backentry', recordedAt: '2024-08-05T08:00Z' });
const doubles = (events: Parameters<typeof evaluateScheduling>[0], downtimes = [D]) =>
  findingsOf('sched-double-booking', evaluateScheduling(events, '2024-08-05T09:00Z', downtimes));

describe('sched-double-booking (same patient)', () => {
  it('fires at once when a paper booking repeats an online one for the same service within 7 days', () => {
    const paper = onPaper('2024-08-08T14:00Z');
    expect(doubles([online, paper])).toEqual([
      {
        rule: 'sched-double-booking',
        severity: 'considerable',
        priority: 'urgent',
        patientKey: 'P1',
        facility: 'AVC',
        focus: { system: APPOINTMENT_SYSTEM, value: 'APT-2' },
        related: [{ system: APPOINTMENT_SYSTEM, value: 'APT-1' }],
        evidence: [`${SCHED_SOURCES.booking}#${online.id}`, `${SCHED_SOURCES.booking}#${paper.id}`].sort(),
        description:
          'Two live appointments for service 394609007 (General surgery), APT-1 at 2024-08-06 09:00 UTC and APT-2 at 2024-08-08 14:00 UTC, are within 7 d; APT-2 was booked during a declared downtime.',
      },
    ]);
  });

  it('focuses on the paper booking even when it is the earlier slot', () => {
    const [f] = doubles([online, onPaper('2024-08-05T14:00Z')]);
    expect([f.focus.value, f.related[0].value]).toEqual(['APT-2', 'APT-1']);
  });

  // Given APT-1 booked online on Friday for Tuesday 09:00, then APT-2:
  it.each`
    case                                                       | events                                                                                                   | downtimes | fires
    ${'on paper, same service, exactly 7 days later'}          | ${[onPaper('2024-08-13T09:00Z')]}                                                                        | ${[D]}    | ${true}
    ${'on paper, same service, 7 days and 1 minute later'}     | ${[onPaper('2024-08-13T09:01Z')]}                                                                        | ${[D]}    | ${false}
    ${'on paper, another service'}                             | ${[onPaper('2024-08-08T14:00Z', '394802001')]}                                                           | ${[D]}    | ${false}
    ${'on paper, same service, APT-1 cancelled'}               | ${[onPaper('2024-08-08T14:00Z'), cancelled('APT-1', { at: '2024-08-03T11:00Z' })]}                       | ${[D]}    | ${false}
    ${'online on Friday too (not in scope)'}                   | ${[booked('APT-2', { at: '2024-08-02T11:00Z', start: '2024-08-08T14:00Z' })]}                            | ${[D]}    | ${false}
  `('$case → fires: $fires', ({ events, downtimes, fires }) => {
    expect(doubles([online, ...events], downtimes)).toHaveLength(fires ? 1 : 0);
  });

  it('cancels itself when the cancel of the duplicate arrives late', () => {
    given(schedulingRuleSet(), [...DOWNTIME, online])
      .when(onPaper('2024-08-08T14:00Z'), at('2024-08-05T08:00Z'))
      .thenChanges({ kind: 'opened', rule: 'sched-double-booking', focus: 'APT-2', related: ['APT-1'] })
      .when(cancelled('APT-2', { at: '2024-08-05T08:30Z' }), at('2024-08-05T08:30Z'))
      .thenChanges({ kind: 'cancelled', rule: 'sched-double-booking', focus: 'APT-2' })
      .thenNoTasks();
  });

  it('gives the same task whichever booking arrives first', () => {
    const paper = onPaper('2024-08-08T14:00Z');
    expect(doubles([paper, online])).toEqual(doubles([online, paper]));
  });
});
