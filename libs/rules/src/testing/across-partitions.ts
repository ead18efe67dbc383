import type { ParsedEvent } from '@continuity/contracts';
import { eventRef } from '../lib/ids';
import type { Instant, RuleSet, TaskChange, TaskRecord } from '../lib/model';
import { PartitionEngine } from '../lib/partition-engine';
import { SharedStageEngine, type FactChange } from '../lib/shared-stage';
import { toInstant } from './parsed-event';

/** One arrival of a live run across partitions: an event of a partition, or a declared downtime. */
export type Arrival =
  | { partition: number; event: ParsedEvent; now: Instant | string }
  | { downtime: ParsedEvent; now: Instant | string };

/** What a run across partitions decided: per-patient tasks and the shared stage's. */
export interface AcrossPartitionsOutcome {
  /** The shared stage's changes, in decision order. */
  sharedChanges: TaskChange[];
  /** The shared stage's tasks in their final state, by id. */
  sharedTasks: TaskRecord[];
  /** The fact changes the shared stage decided from, in order: its stored log. */
  facts: FactChange[];
  /** Every partition engine's tasks in their final state, by partition then patient then id. */
  patientTasks: TaskRecord[];
}

/**
 * The reconciler's two stages without I/O: each event is folded into its partition's engine,
 * which is ticked at the arrival's time; a downtime reaches every engine, and each is ticked.
 * The facts each tick states go to one shared stage, in that order, as the reconciler appends
 * them. What `Reconciler` does with a store and a broker, for rule tests.
 */
export function runAcrossPartitions<S>(ruleSet: RuleSet<S>, arrivals: readonly Arrival[]): AcrossPartitionsOutcome {
  const stage = ruleSet.shared;
  if (!stage) throw new Error(`${ruleSet.version} has no shared stage`);
  const engines = new Map<number, PartitionEngine<S>>();
  const shared = new SharedStageEngine(stage, { version: ruleSet.version, configHash: ruleSet.configHash });
  const sharedChanges: TaskChange[] = [];
  const facts: FactChange[] = [];
  const downtimes: ParsedEvent[] = [];
  const seenDowntimes = new Set<string>();
  const upTo = (): string | null => (downtimes.length === 0 ? null : String(downtimes.length));
  const engineOf = (partition: number): PartitionEngine<S> => {
    let engine = engines.get(partition);
    if (!engine) {
      engine = new PartitionEngine(ruleSet);
      downtimes.forEach((d, i) => engine?.applyDowntime(String(i + 1), d));
      engines.set(partition, engine);
    }
    return engine;
  };
  const tick = (partitions: readonly number[], now: Instant): void => {
    for (const p of [...partitions].sort((a, b) => a - b)) {
      const engine = engineOf(p);
      engine.tick(Math.max(engine.now() ?? now, now), upTo());
      for (const fact of engine.factChangesOfLastTick()) {
        facts.push(fact);
        sharedChanges.push(...shared.apply(fact));
      }
    }
  };
  for (const a of arrivals) {
    const now = toInstant(a.now);
    if ('downtime' in a) {
      if (seenDowntimes.has(eventRef(a.downtime))) continue;
      seenDowntimes.add(eventRef(a.downtime));
      downtimes.push(a.downtime);
      for (const engine of engines.values()) engine.applyDowntime(String(downtimes.length), a.downtime);
      tick([...engines.keys()], now);
    } else {
      engineOf(a.partition).applyEvent(a.event);
      tick([a.partition], now);
    }
  }
  const patientTasks = [...engines.entries()].sort(([a], [b]) => a - b).flatMap(([, e]) => e.allTasks());
  return { sharedChanges, sharedTasks: shared.allTasks(), facts, patientTasks };
}
