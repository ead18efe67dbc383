import fc from 'fast-check';
import type { ParsedEvent } from '@continuity/contracts';
import { interleave, liveLog, logArbitraries, PartitionEngine, replay, taskContent as content, taskIdentity as identity, type LogEntry, type TaskChange } from '@continuity/rules';
import { prescriptionsRuleSet } from './prescriptions-rule-set';
import { rxScenario } from '../testing/rx-scenario.arbitrary';

/**
 * Properties of the engine with the prescriptions rule set, over random histories of two patients
 * (orders, stops, doses, corrections, back-entries, one declared downtime).
 */
const rx = prescriptionsRuleSet();
const { ticks, lags } = logArbitraries(fc);
const H = 3_600_000;
const RUNS = { numRuns: 150, ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED), path: process.env.FC_PATH } : {}) };

const choices = fc.array(fc.nat({ max: 5 }), { minLength: 1, maxLength: 40 });

/** Runs a log as a reconciler does live: entry by entry, collecting each tick's changes. */
function runLive(log: readonly LogEntry[], engine = new PartitionEngine(rx)): { changes: TaskChange[]; engine: PartitionEngine<unknown> } {
  const changes: TaskChange[] = [];
  for (const e of log) {
    if (e.kind === 'event') engine.applyEvent(e.event);
    else if (e.kind === 'downtime') engine.applyDowntime(e.position, e.event);
    else changes.push(...engine.tick(e.now, e.downtimeUpTo));
  }
  return { changes, engine: engine as PartitionEngine<unknown> };
}

describe('prescriptions rule set on the partition engine (properties)', () => {
  it('(a) replaying the stored log gives exactly the live changes and tasks', () => {
    fc.assert(
      fc.property(rxScenario, choices, ticks, lags, (scenario, c, t, l) => {
        const log = liveLog(interleave(scenario.sources, c), t, l, scenario.horizon + 50 * H);
        const live = runLive(log);
        const replayed = replay(rx, log);
        expect(replayed.changes).toEqual(live.changes);
        expect(replayed.tasks).toEqual(live.engine.allTasks());
      }),
      RUNS,
    );
  });

  it('(a′) a partition rebuilt from any prefix of its log continues exactly as the live one', () => {
    fc.assert(
      fc.property(rxScenario, choices, ticks, lags, fc.nat(), (scenario, c, t, l, cut) => {
        const log = liveLog(interleave(scenario.sources, c), t, l, scenario.horizon + 50 * H);
        const k = cut % (log.length + 1);
        const original = new PartitionEngine(rx);
        runLive(log.slice(0, k), original);
        const afterCut = runLive(log.slice(k), original).changes;
        const rebuilt = new PartitionEngine(rx);
        runLive(log.slice(0, k), rebuilt);
        expect(runLive(log.slice(k), rebuilt).changes).toEqual(afterCut);
      }),
      RUNS,
    );
  });

  it('(b) re-delivering any message later changes nothing', () => {
    fc.assert(
      fc.property(rxScenario, choices, ticks, lags, fc.nat(), fc.nat(), (scenario, c, t, l, pick, where) => {
        const log = liveLog(interleave(scenario.sources, c), t, l, scenario.horizon + 50 * H);
        const messages = log.map((e, i) => [e, i] as const).filter(([e]) => e.kind !== 'tick');
        fc.pre(messages.length > 0);
        const [again, at] = messages[pick % messages.length];
        const insertAt = at + 1 + (where % (log.length - at));
        const redelivered = [...log.slice(0, insertAt), again, ...log.slice(insertAt)];
        const expected = runLive(log);
        const actual = runLive(redelivered);
        expect(actual.changes).toEqual(expected.changes);
        expect(actual.engine.allTasks()).toEqual(expected.engine.allTasks());
      }),
      RUNS,
    );
  });

  it('(c) transport duplicates (same source and id) never make a clinical duplicate task', () => {
    fc.assert(
      fc.property(rxScenario, choices, fc.array(fc.nat(), { maxLength: 6 }), (scenario, c, dupPicks) => {
        const arrivals = interleave(scenario.sources, c);
        fc.pre(arrivals.length > 0);
        const withDuplicates: ParsedEvent[] = [...arrivals];
        for (const p of dupPicks) {
          const original = arrivals[p % arrivals.length];
          // A copy of the same message, delivered again somewhere after the first.
          const from = withDuplicates.indexOf(original) + 1;
          withDuplicates.splice(from + (p % (withDuplicates.length - from + 1)), 0, { ...original });
        }
        const now = scenario.horizon + 50 * H;
        const clean = runLive(liveLog(arrivals, [null], [false], now)).engine.openTasks();
        const duplicated = runLive(liveLog(withDuplicates, [null], [false], now)).engine.openTasks();
        expect(duplicated.map(content)).toEqual(clean.map(content));
        for (const task of duplicated) {
          if (['rx-duplicate-order', 'rx-therapeutic-duplication', 'rx-double-administration'].includes(task.finding.rule)) {
            expect(new Set(task.finding.evidence).size).toBeGreaterThanOrEqual(2);
          }
        }
      }),
      RUNS,
    );
  });

  it('(d) any arrival order that keeps each source\'s own order, then the same final tick, gives the same open tasks', () => {
    fc.assert(
      fc.property(rxScenario, choices, choices, (scenario, c1, c2) => {
        const now = scenario.horizon + 50 * H;
        const a = runLive(liveLog(interleave(scenario.sources, c1), [null], [false], now)).engine.openTasks();
        const b = runLive(liveLog(interleave(scenario.sources, c2), [null], [false], now)).engine.openTasks();
        expect(b.map(content)).toEqual(a.map(content));
      }),
      RUNS,
    );
  });

  it('(d′) with ticks interleaved too, the same tasks are open at the end (deadlines wake on time)', () => {
    fc.assert(
      fc.property(rxScenario, choices, ticks, lags, choices, (scenario, c1, t, l, c2) => {
        const now = scenario.horizon + 50 * H;
        const withTicks = runLive(liveLog(interleave(scenario.sources, c1), t, l, now)).engine.openTasks();
        const oneTick = runLive(liveLog(interleave(scenario.sources, c2), [null], [false], now)).engine.openTasks();
        expect(withTicks.map(identity)).toEqual(oneTick.map(identity));
      }),
      RUNS,
    );
  });
});
