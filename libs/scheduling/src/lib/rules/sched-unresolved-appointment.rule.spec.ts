import { at, given } from '@continuity/rules';
import { schedulingRuleSet } from '../scheduling-rule-set';
import { APPOINTMENT_SYSTEM, booked, downtimeEvents, cancelled, checkedIn, downtime, ms, rescheduled, SCHED_SOURCES } from '../../testing/scheduling-events.factory';
import { evaluateScheduling, findingsOf } from '../../testing/scheduling-scenario';

// The EHR of AVC is down from Saturday 08:00 to Sunday 20:00 (T1).
const D = downtime('2024-08-03T08:00Z', '2024-08-04T20:00Z');
const DOWNTIME = downtimeEvents('2024-08-03T08:00Z', '2024-08-04T20:00Z');
const bookedFriday = (start: string) => booked('APT-1', { at: '2024-08-02T10:00Z', start });
const unresolved = (events: Parameters<typeof evaluateScheduling>[0], now: string, downtimes = [D]) =>
  findingsOf('sched-unresolved-appointment', evaluateScheduling(events, now, downtimes));

describe('sched-unresolved-appointment', () => {
  it('fires 24 h after T1 for an appointment in the downtime with no check-in and no cancel', () => {
    const b = bookedFriday('2024-08-03T14:00Z');
    expect(unresolved([b], '2024-08-05T20:00Z')).toEqual([
      {
        rule: 'sched-unresolved-appointment',
        severity: 'considerable',
        priority: 'urgent',
        patientKey: 'P1',
        facility: 'AVC',
        focus: { system: APPOINTMENT_SYSTEM, value: 'APT-1' },
        related: [],
        evidence: [`${SCHED_SOURCES.booking}#${b.id}`],
        description:
          'Appointment APT-1 for service 394609007 (General surgery) at 2024-08-03 14:00 UTC, around the downtime, is still booked 24 h later with no check-in and no cancellation; the patient may not have been seen.',
      },
    ]);
  });

  // Given APT-1 booked online on Friday for `start`; due = max(start, T1) + 24 h:
  it.each`
    case                                                     | start                  | now                    | fires
    ${'Saturday 14:00, one minute before T1 + 24 h'}         | ${'2024-08-03T14:00Z'} | ${'2024-08-05T19:59Z'} | ${false}
    ${'Monday 19:59 (T1 + 23 h 59), 24 h after its start'}   | ${'2024-08-05T19:59Z'} | ${'2024-08-06T19:59Z'} | ${true}
    ${'Monday 20:00 (T1 + 24 h), not in scope'}              | ${'2024-08-05T20:00Z'} | ${'2024-08-08T00:00Z'} | ${false}
    ${'Saturday 07:59, before the downtime'}                 | ${'2024-08-03T07:59Z'} | ${'2024-08-08T00:00Z'} | ${false}
  `('$case → fires: $fires', ({ start, now, fires }) => {
    expect(unresolved([bookedFriday(start)], now)).toHaveLength(fires ? 1 : 0);
  });

  // Given APT-1 booked online on Friday for Saturday 14:00, then on Tuesday:
  it.each`
    case                                                | extra                                                                                  | downtimes                                | fires
    ${'checked in'}                                     | ${[checkedIn('APT-1', { at: '2024-08-03T13:50Z' })]}                                   | ${[D]}                                   | ${false}
    ${'cancelled'}                                      | ${[cancelled('APT-1', { at: '2024-08-03T09:00Z' })]}                                   | ${[D]}                                   | ${false}
    ${'marked no-show'}                                 | ${[cancelled('APT-1', { at: '2024-08-03T15:00Z', status: 'noshow' })]}                 | ${[D]}                                   | ${false}
    ${'moved out to next Friday'}                       | ${[rescheduled('APT-1', { at: '2024-08-02T12:00Z', start: '2024-08-09T14:00Z' })]}     | ${[D]}                                   | ${false}
    ${'nothing, the downtime still open'}               | ${[]}                                                                                  | ${[downtime('2024-08-03T08:00Z', null)]} | ${false}
    ${'nothing'}                                        | ${[]}                                                                                  | ${[D]}                                   | ${true}
  `('$case → fires: $fires', ({ extra, downtimes, fires }) => {
    expect(unresolved([bookedFriday('2024-08-03T14:00Z'), ...extra], '2024-08-06T09:00Z', downtimes)).toHaveLength(fires ? 1 : 0);
  });

  it('wakes at the deadline', () => {
    expect(evaluateScheduling([bookedFriday('2024-08-03T14:00Z')], '2024-08-05T00:00Z', [D]).nextWake).toBe(ms('2024-08-05T20:00Z'));
  });

  it('cancels itself when the paper check-in is back-entered late', () => {
    given(schedulingRuleSet(), [...DOWNTIME, bookedFriday('2024-08-03T14:00Z')])
      .when(at('2024-08-05T20:00Z'))
      .thenChanges({ kind: 'opened', rule: 'sched-unresolved-appointment', focus: 'APT-1' })
      .when(checkedIn('APT-1', { at: '2024-08-03T13:50Z', entryMode: 'backentry', recordedAt: '2024-08-06T08:00Z' }), at('2024-08-06T08:00Z'))
      .thenChanges({ kind: 'cancelled', rule: 'sched-unresolved-appointment', focus: 'APT-1' })
      .thenNoTasks();
  });

  it('gives the same answer when the EHR check-in is delivered before the booking', () => {
    const b = bookedFriday('2024-08-03T14:00Z');
    const c = checkedIn('APT-1', { at: '2024-08-03T13:50Z' });
    expect(unresolved([c, b], '2024-08-06T09:00Z')).toEqual(unresolved([b, c], '2024-08-06T09:00Z'));
    expect(unresolved([c, b], '2024-08-06T09:00Z')).toEqual([]);
  });
});
