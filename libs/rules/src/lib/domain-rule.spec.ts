import { evaluateRules, formatDelay, howTouched, type DomainRule } from './domain-rule';
import type { EvalContext, Finding } from './model';

const H = 3_600_000;
const finding = (focus: string): Finding => ({
  rule: 'lab-not-collected',
  severity: 'minor',
  priority: 'routine',
  patientKey: 'P1',
  facility: 'AVC',
  focus: { system: 'urn:test', value: focus },
  related: [],
  evidence: [],
  description: focus,
});

describe('evaluateRules', () => {
  const ctx: EvalContext = { now: 10 * H, downtimes: [] };

  it('lists the findings in catalogue order and wakes at the earliest deadline still ahead', () => {
    const rules: Array<DomainRule<string[], number>> = [
      (state) => ({ findings: state.map(finding), wakes: [5 * H, 14 * H, null] }),
      (_s, c, config) => ({ findings: [finding(`config ${config} at ${c.now}`)], wakes: [12 * H, 10 * H] }),
    ];
    const out = evaluateRules(rules, ['A', 'B'], ctx, 7);
    expect(out.findings.map((f) => f.description)).toEqual(['A', 'B', `config 7 at ${10 * H}`]);
    expect(out.nextWake).toBe(12 * H);
  });

  it('has no wake when no deadline lies ahead', () => {
    expect(evaluateRules([() => ({ findings: [], wakes: [null, 10 * H] })], null, ctx, null)).toEqual({ findings: [], nextWake: null });
  });
});

describe('wording', () => {
  it.each([
    [90 * 24 * H, '90 d'],
    [48 * H, '2 d'],
    [24 * H, '24 h'],
    [H, '1 h'],
    [90 * 60_000, '90 min'],
    [45 * 60_000, '45 min'],
  ])('formatDelay(%i) = %s', (ms, text) => expect(formatDelay(ms)).toBe(text));

  it('says how a degraded period touched an item', () => {
    const w = { start: 0, end: 1, downtimeId: null };
    expect(howTouched({ ...w, cause: 'declared' })).toBe('during a declared downtime');
    expect(howTouched({ ...w, cause: 'entrymode' })).toBe('from paper after the downtime');
    expect(howTouched({ ...w, cause: 'late-entry' })).toBe('late, long after it happened');
  });
});
