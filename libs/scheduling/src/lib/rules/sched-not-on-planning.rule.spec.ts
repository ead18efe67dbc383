import { at, given } from '@continuity/rules';
import { schedulingRuleSet } from '../scheduling-rule-set';
import { APPOINTMENT_SYSTEM, booked, downtimeEvents, cancelled, downtime, ms, rescheduled, SCHED_SOURCES, synced } from '../../testing/scheduling-events.factory';
import { evaluateScheduling, findingsOf } from '../../testing/scheduling-scenario';

// The EHR of AVC (and so the practitioners' planning) is down from Saturday 08:00 to Sunday 20:00 (T1).
const D = downtime('2024-08-03T08:00Z', '2024-08-04T20:00Z');
const DOWNTIME = downtimeEvents('2024-08-03T08:00Z', '2024-08-04T20:00Z');
const bookedInD = (start: string) => booked('APT-1', { at: '2024-08-03T10:00Z', start });
const notOnPlanning = (events: Parameters<typeof evaluateScheduling>[0], now: string, downtimes = [D]) =>
  findingsOf('sched-not-on-planning', evaluateScheduling(events, now, downtimes));

describe('sched-not-on-planning', () => {
  it('fires 12 h before the start for a booking made in the downtime that never reached the planning', () => {
    const b = bookedInD('2024-08-06T09:00Z');
    expect(notOnPlanning([b], '2024-08-05T21:00Z')).toEqual([
      {
        rule: 'sched-not-on-planning',
        severity: 'major',
        priority: 'asap',
        patientKey: 'P1',
        facility: 'AVC',
        focus: { system: APPOINTMENT_SYSTEM, value: 'APT-1' },
        related: [],
        evidence: [`${SCHED_SOURCES.booking}#${b.id}`],
        description:
          "Appointment APT-1 for service 394609007 (General surgery) at 2024-08-06 09:00 UTC, booked during a declared downtime, is not on the practitioner's planning.",
      },
    ]);
  });

  // Given APT-1 booked on Saturday 10:00 during the downtime for `start`; due = max(start − 12 h, T1 + 1 h):
  it.each`
    case                                                   | start                  | dueAt                  | priority
    ${'Tuesday 09:00 → due Monday 21:00'}                  | ${'2024-08-06T09:00Z'} | ${'2024-08-05T21:00Z'} | ${'asap'}
    ${'Monday 09:00 → due Sunday 21:00 (T1 + 1 h)'}        | ${'2024-08-05T09:00Z'} | ${'2024-08-04T21:00Z'} | ${'asap'}
    ${'Sunday 23:01 → due T1 + 1 h, starts 2 h 01 later'}  | ${'2024-08-04T23:01Z'} | ${'2024-08-04T21:00Z'} | ${'asap'}
    ${'Sunday 23:00 → due T1 + 1 h, starts 2 h later'}     | ${'2024-08-04T23:00Z'} | ${'2024-08-04T21:00Z'} | ${'stat'}
    ${'Saturday 15:00, already past at T1 + 1 h'}          | ${'2024-08-03T15:00Z'} | ${'2024-08-04T21:00Z'} | ${'stat'}
  `('$case, priority $priority', ({ start, dueAt, priority }) => {
    expect(notOnPlanning([bookedInD(start)], new Date(ms(dueAt) - 60_000).toISOString())).toEqual([]);
    expect(evaluateScheduling([bookedInD(start)], new Date(ms(dueAt) - 60_000).toISOString(), [D]).nextWake).toBe(ms(dueAt));
    expect(notOnPlanning([bookedInD(start)], dueAt).map((f) => f.priority)).toEqual([priority]);
  });

  // Given APT-1 for Tuesday 09:00, then on Tuesday 08:00:
  it.each`
    case                                                          | events                                                                                                                                                  | downtimes                                | fires
    ${'booked in the downtime, synced on Monday'}                 | ${[bookedInD('2024-08-06T09:00Z'), synced('APT-1', { at: '2024-08-05T07:00Z' })]}                                                                     | ${[D]}                                   | ${false}
    ${'booked in the downtime, then cancelled'}                   | ${[bookedInD('2024-08-06T09:00Z'), cancelled('APT-1', { at: '2024-08-03T11:00Z' })]}                                                                  | ${[D]}                                   | ${false}
    ${'booked on Friday online, never synced (not in scope)'}     | ${[booked('APT-1', { at: '2024-08-02T10:00Z', start: '2024-08-06T09:00Z' })]}                                                                         | ${[D]}                                   | ${false}
    ${'synced on Friday, moved on paper during the downtime'}     | ${[booked('APT-1', { at: '2024-08-02T10:00Z', start: '2024-08-06T09:00Z' }), synced('APT-1', { at: '2024-08-02T10:05Z' }), rescheduled('APT-1', { at: '2024-08-03T10:00Z', start: '2024-08-06T14:00Z', entryMode: 'backentry', recordedAt: '2024-08-05T08:00Z' })]} | ${[D]} | ${true}
    ${'booked in a downtime that is still open'}                  | ${[bookedInD('2024-08-06T09:00Z')]}                                                                                                                    | ${[downtime('2024-08-03T08:00Z', null)]} | ${false}
  `('$case → fires: $fires', ({ events, downtimes, fires }) => {
    expect(notOnPlanning(events, '2024-08-06T08:00Z', downtimes)).toHaveLength(fires ? 1 : 0);
  });

  it('cancels itself when the planning sync arrives late', () => {
    given(schedulingRuleSet(), [...DOWNTIME, bookedInD('2024-08-06T09:00Z')])
      .when(at('2024-08-05T21:00Z'))
      .thenChanges({ kind: 'opened', rule: 'sched-not-on-planning', focus: 'APT-1', priority: 'asap' })
      .when(synced('APT-1', { at: '2024-08-05T22:00Z' }), at('2024-08-05T22:00Z'))
      .thenChanges({ kind: 'cancelled', rule: 'sched-not-on-planning', focus: 'APT-1' })
      .thenNoTasks();
  });

  it('gives the same answer when the planning sync is delivered before the booking', () => {
    const b = bookedInD('2024-08-06T09:00Z');
    const s = synced('APT-1', { at: '2024-08-05T07:00Z' });
    expect(notOnPlanning([s, b], '2024-08-06T08:00Z')).toEqual([]);
    expect(notOnPlanning([s, b], '2024-08-06T08:00Z')).toEqual(notOnPlanning([b, s], '2024-08-06T08:00Z'));
  });
});
