import { configHash } from '@continuity/rules';
import { downtime, labOrdered, labResulted, ms } from '../testing/lab-events.factory';
import { evaluateLab } from '../testing/lab-scenario';
import { LAB_CONFIG_V1, minRetestMsOf } from './lab-config';
import { labRuleSet } from './lab-rule-set';

const D = downtime('2024-08-03T08:00Z', '2024-08-04T20:00Z');

describe('labRuleSet', () => {
  it('names its version and the hash of the configuration in force', () => {
    const rs = labRuleSet();
    expect([rs.domain, rs.version, rs.configHash]).toEqual(['lab', 'lab@1.0.0', configHash(LAB_CONFIG_V1)]);
    const shorter = { ...LAB_CONFIG_V1, orphanResultDelayMs: 12 * 3_600_000 };
    expect(labRuleSet(shorter).configHash).not.toBe(rs.configHash);
  });

  it('reads the retest interval table with its default', () => {
    expect(minRetestMsOf(LAB_CONFIG_V1, '4548-4')).toBe(90 * 86_400_000);
    expect(minRetestMsOf(LAB_CONFIG_V1, '718-7')).toBe(24 * 3_600_000);
  });

  it('ignores unknown types and events of other domains', () => {
    const rs = labRuleSet();
    const order = labOrdered('ORD-1', { at: '2024-08-03T10:00Z' });
    for (const e of [{ ...order, known: false }, { ...order, domain: 'prescriptions' as const }, { ...order, type: 'continuity.lab.something-new' }]) {
      expect(rs.evolve(rs.initialState(), e)).toEqual(rs.initialState());
    }
  });

  it('wakes at the earliest pending deadline of any rule, never in the past', () => {
    const events = [labOrdered('ORD-1', { at: '2024-08-03T10:00Z', priority: 'stat' }), labResulted('ORD-2', { at: '2024-08-03T12:00Z', critical: true })];
    // not-collected (stat) and result-not-received (critical) are both due at T1 + 1 h; orphan at T1 + 24 h.
    expect(evaluateLab(events, '2024-08-04T12:00Z', [D]).nextWake).toBe(ms('2024-08-04T21:00Z'));
    expect(evaluateLab(events, '2024-08-04T21:00Z', [D]).nextWake).toBe(ms('2024-08-05T20:00Z'));
    expect(evaluateLab(events, '2024-08-05T20:00Z', [D]).nextWake).toBeNull();
  });
});
