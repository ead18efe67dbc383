import type { ParsedEvent } from '@continuity/contracts';
import { degradedWindowOf } from './scope';
import { expectation } from './expectation';
import { earliestAfter } from './wake';
import { eventRef } from './ids';
import type { Finding, RuleSet } from './model';

/**
 * A tiny rule set to test the engine on its own (not a clinical one):
 * - `test.flag` {key}: a "lab-result-after-cancel" finding while no `test.resolve` {key} arrived;
 * - `test.expect` {key}: a "lab-not-collected" finding 1 h after its time unless `test.done` {key};
 * - `test.scoped` {key}: a "lab-duplicate-order" finding only inside a declared downtime.
 */
export interface ToyState {
  events: ParsedEvent[];
}

const H = 3_600_000;
const keyOf = (e: ParsedEvent): string => (e.data as { key: string }).key;

export const toyRuleSet: RuleSet<ToyState> = {
  domain: 'lab',
  version: 'toy@1',
  configHash: 'toy',
  initialState: () => ({ events: [] }),
  evolve: (s, e) => (e.known ? { events: [...s.events, e] } : s),
  evaluate: (s, ctx) => {
    const findings: Finding[] = [];
    const wakes: number[] = [];
    const has = (type: string, key: string) => s.events.some((e) => e.type === type && keyOf(e) === key);
    const finding = (rule: Finding['rule'], e: ParsedEvent): Finding => ({
      rule,
      severity: 'significant',
      priority: 'urgent',
      patientKey: e.patientKey ?? '',
      facility: e.facility,
      focus: { system: 'urn:test', value: keyOf(e) },
      related: [],
      evidence: [eventRef(e)],
      description: `toy ${rule} on ${keyOf(e)}`,
    });
    for (const e of s.events) {
      const key = keyOf(e);
      if (e.type === 'test.flag' && !has('test.resolve', key)) findings.push(finding('lab-result-after-cancel', e));
      if (e.type === 'test.expect') {
        const r = expectation({ anchor: e.timeMs, window: null, delayMs: H, satisfied: has('test.done', key), now: ctx.now });
        if (r.fires) findings.push(finding('lab-not-collected', e));
        else if (r.due !== null) wakes.push(r.due);
      }
      if (e.type === 'test.scoped') {
        const w = degradedWindowOf(
          { facility: e.facility, time: e.timeMs, recordedTime: e.recordedTimeMs, entryMode: e.entryMode },
          ctx.downtimes,
          { lateEntryThresholdMs: 2 * H, systems: ['lis'] },
        );
        if (w?.cause === 'declared') findings.push(finding('lab-duplicate-order', e));
      }
    }
    return { findings, nextWake: earliestAfter(ctx.now, wakes) };
  },
};
