import fc from 'fast-check';
import { toyRuleSet } from '../lib/toy-rule-set.fixture';
import type { LogEntry, RuleSet } from '../index';
import { assertReplayEqualsLive, assertTransportCopies, checkReplayEqualsLive, checkTransportCopies } from './log-properties';
import { parsedEvent } from './parsed-event';

const flag = parsedEvent({ type: 'test.flag', data: { key: 'K1' } });
const LOG: LogEntry[] = [
  { kind: 'event', event: flag },
  { kind: 'tick', now: flag.timeMs + 1, downtimeUpTo: null },
];

/** What a property failed on: fast-check reports it as the cause of its own error. */
function causeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    const cause = (error as Error).cause;
    return cause instanceof Error ? cause.message : `no cause: ${String(error)}`;
  }
  return 'it passed';
}

describe('checkReplayEqualsLive', () => {
  it('returns the live changes when the replay takes the same decisions', () => {
    expect(checkReplayEqualsLive(toyRuleSet, LOG).map((c) => c.kind)).toEqual(['opened']);
  });

  it('throws when the rule set decides differently the second time it runs the log', () => {
    let runs = 0;
    // Wording that depends on how often it was evaluated: a replay cannot match it.
    const drifting: RuleSet<unknown> = {
      ...(toyRuleSet as RuleSet<unknown>),
      evaluate: (s, ctx) => {
        const out = toyRuleSet.evaluate(s as never, ctx);
        runs += 1;
        return { ...out, findings: out.findings.map((f) => ({ ...f, description: `run ${runs}` })) };
      },
    };
    expect(() => checkReplayEqualsLive(drifting, LOG)).toThrow(/replayed changes differ at 0/);
    expect(causeOf(() => assertReplayEqualsLive(fc, drifting, fc.constant(LOG), 5))).toMatch(/replayed changes differ at 0/);
  });

  it('over generated logs, reports the kinds of change the live runs made', () => {
    expect([...assertReplayEqualsLive(fc, toyRuleSet, fc.constant(LOG), 5)]).toEqual(['opened']);
  });
});

describe('checkTransportCopies', () => {
  it('counts the tasks of the duplicate rule when copies change nothing', () => {
    expect(checkTransportCopies(toyRuleSet, LOG, [[0, 0]], 'lab-duplicate-order')).toBe(0);
  });

  it('throws for a task of the duplicate rule that cites a single event', () => {
    // The toy's flag task cites one event: were its rule the duplicate one, that is one event seen twice.
    expect(() => checkTransportCopies(toyRuleSet, LOG, [[0, 0]], 'lab-result-after-cancel')).toThrow(/one event seen twice/);
    expect(causeOf(() => assertTransportCopies(fc, toyRuleSet, fc.constant(LOG), 'lab-result-after-cancel', 5))).toMatch(/one event seen twice/);
  });
});
