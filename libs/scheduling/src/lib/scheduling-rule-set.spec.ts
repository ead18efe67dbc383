import { configHash } from '@continuity/rules';
import { booked, checkedIn, downtime, ms, rescheduled } from '../testing/scheduling-events.factory';
import { evaluateScheduling } from '../testing/scheduling-scenario';
import { SCHEDULING_CONFIG_V1 } from './scheduling-config';
import { schedulingRuleSet } from './scheduling-rule-set';
import { currentSchedule } from './scheduling-state';

const D = downtime('2024-08-03T08:00Z', '2024-08-04T20:00Z');

describe('schedulingRuleSet', () => {
  it('names its version and the hash of the configuration in force', () => {
    const rs = schedulingRuleSet();
    expect([rs.domain, rs.version, rs.configHash]).toEqual(['scheduling', 'scheduling@1.0.0', configHash(SCHEDULING_CONFIG_V1)]);
    expect(schedulingRuleSet({ ...SCHEDULING_CONFIG_V1, doubleBookingWindowMs: 86_400_000 }).configHash).not.toBe(rs.configHash);
  });

  it('ignores unknown types and events of other domains', () => {
    const rs = schedulingRuleSet();
    const b = booked('APT-1', { at: '2024-08-03T10:00Z', start: '2024-08-05T09:00Z' });
    for (const e of [{ ...b, known: false }, { ...b, domain: 'lab' as const }, { ...b, type: 'continuity.scheduling.waitlisted' }]) {
      expect(rs.evolve(rs.initialState(), e)).toEqual(rs.initialState());
    }
  });

  it('identifies an appointment by its PLAC identifier, else by its first one', () => {
    const rs = schedulingRuleSet();
    const b = booked('APT-1', { at: '2024-08-03T10:00Z', start: '2024-08-05T09:00Z' });
    const data = b.data as { identifier: Array<Record<string, unknown>> };
    const typed = { ...b, data: { ...data, identifier: [{ system: 'urn:other', value: 'X-9' }, ...data.identifier] } };
    const untyped = { ...b, data: { ...data, identifier: [{ system: 'urn:other', value: 'X-9' }, { system: 'urn:more', value: 'Y' }] } };
    expect(Object.keys(rs.evolve(rs.initialState(), typed).appointments)).toEqual(['urn:continuity:avc:appointment|APT-1']);
    expect(Object.keys(rs.evolve(rs.initialState(), untyped).appointments)).toEqual(['urn:other|X-9']);
  });

  it('takes the slot of the latest reschedule by clinical time, whatever the arrival order', () => {
    const rs = schedulingRuleSet();
    const b = booked('APT-1', { at: '2024-08-03T10:00Z', start: '2024-08-05T09:00Z' });
    const r = rescheduled('APT-1', { at: '2024-08-03T11:00Z', start: '2024-08-06T09:00Z' });
    for (const order of [[b, r], [r, b]]) {
      const state = order.reduce((s, e) => rs.evolve(s, e), rs.initialState());
      expect(currentSchedule(Object.values(state.appointments)[0])?.start).toBe(ms('2024-08-06T09:00Z'));
    }
  });

  it('wakes at the earliest pending deadline of any rule, never in the past', () => {
    const events = [booked('APT-1', { at: '2024-08-03T10:00Z', start: '2024-08-06T09:00Z' }), checkedIn('APT-9', { at: '2024-08-03T14:00Z' })];
    // orphan arrival at T1 + 12 h (Mon 08:00), not-on-planning at start − 12 h (Mon 21:00).
    expect(evaluateScheduling(events, '2024-08-05T00:00Z', [D]).nextWake).toBe(ms('2024-08-05T08:00Z'));
    expect(evaluateScheduling(events, '2024-08-05T08:00Z', [D]).nextWake).toBe(ms('2024-08-05T21:00Z'));
  });
});
