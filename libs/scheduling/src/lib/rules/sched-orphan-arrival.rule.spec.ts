import { at, given } from '@continuity/rules';
import { schedulingRuleSet } from '../scheduling-rule-set';
import { APPOINTMENT_SYSTEM, booked, downtimeEvents, checkedIn, downtime, ms, SCHED_SOURCES, synced } from '../../testing/scheduling-events.factory';
import { evaluateScheduling, findingsOf } from '../../testing/scheduling-scenario';

// The EHR of AVC is down from Saturday 08:00 to Sunday 20:00 (T1).
const D = downtime('2024-08-03T08:00Z', '2024-08-04T20:00Z');
const DOWNTIME = downtimeEvents('2024-08-03T08:00Z', '2024-08-04T20:00Z');
const DEADLINE = '2024-08-05T08:00Z'; // T1 + 12 h
const arrival = checkedIn('APT-9', { at: '2024-08-03T14:00Z' });
const orphans = (events: Parameters<typeof evaluateScheduling>[0], now = DEADLINE, downtimes = [D]) =>
  findingsOf('sched-orphan-arrival', evaluateScheduling(events, now, downtimes));

describe('sched-orphan-arrival', () => {
  it('fires at T1 + 12 h for a check-in during the downtime of an appointment never booked', () => {
    expect(orphans([arrival])).toEqual([
      {
        rule: 'sched-orphan-arrival',
        severity: 'considerable',
        priority: 'urgent',
        patientKey: 'P1',
        facility: 'AVC',
        focus: { system: APPOINTMENT_SYSTEM, value: 'APT-9' },
        related: [],
        evidence: [`${SCHED_SOURCES.ehr}#${arrival.id}`],
        description: 'The patient checked in for appointment APT-9, which was still not booked 12 h after the downtime; the paper booking may be lost.',
      },
    ]);
  });

  // Given the check-in for APT-9 on Saturday 14:00, then:
  it.each`
    case                                            | extra                                                                             | now                    | downtimes | fires
    ${'one minute before T1 + 12 h'}                | ${[]}                                                                             | ${'2024-08-05T07:59Z'} | ${[D]}    | ${false}
    ${'the booking entered'}                        | ${[booked('APT-9', { at: '2024-08-03T09:00Z', start: '2024-08-03T14:00Z' })]}     | ${DEADLINE}            | ${[D]}    | ${false}
    ${'no downtime (not in scope)'}                 | ${[]}                                                                             | ${DEADLINE}            | ${[]}     | ${false}
  `('$case → fires: $fires', ({ extra, now, downtimes, fires }) => {
    expect(orphans([arrival, ...extra], now, downtimes)).toHaveLength(fires ? 1 : 0);
  });

  it('wakes at T1 + 12 h', () => {
    expect(evaluateScheduling([arrival], '2024-08-05T00:00Z', [D]).nextWake).toBe(ms(DEADLINE));
  });

  it('cancels itself when the paper booking is back-entered late', () => {
    given(schedulingRuleSet(), [...DOWNTIME, arrival])
      .when(at(DEADLINE))
      .thenChanges({ kind: 'opened', rule: 'sched-orphan-arrival', focus: 'APT-9' })
      .when(
        booked('APT-9', { at: '2024-08-03T09:00Z', start: '2024-08-03T14:00Z', entryMode: 'backentry', recordedAt: '2024-08-05T10:00Z' }),
        synced('APT-9', { at: '2024-08-05T10:01Z' }),
        at('2024-08-05T10:01Z'),
      )
      .thenChanges({ kind: 'cancelled', rule: 'sched-orphan-arrival', focus: 'APT-9' })
      .thenNoTasks();
  });

  it('gives the same answer whether the booking or the check-in arrives first', () => {
    const b = booked('APT-9', { at: '2024-08-03T09:00Z', start: '2024-08-03T14:00Z', entryMode: 'backentry', recordedAt: '2024-08-05T10:00Z' });
    expect(orphans([b, arrival], '2024-08-05T10:00Z')).toEqual(orphans([arrival, b], '2024-08-05T10:00Z'));
  });
});
