import { canonicalJson } from './ids';
import type { EvalContext, Finding, Instant, TaskChange, TaskRecord } from './model';

/**
 * A rule that needs state across patients (one practitioner with two patients in overlapping
 * slots). A partition keyed by patient does not hold that state, so each patient's evaluation
 * states facts about shared groups (a practitioner), and a second, pure stage decides per group
 * from the latest facts of every patient in it.
 */
export interface SharedStage<S> {
  /** Names the stage in stored facts and decisions, e.g. "practitioner". */
  name: string;
  /** What one patient's state says about each group it takes part in; values are plain JSON. */
  factsOf(state: S, ctx: EvalContext): ReadonlyArray<{ group: string; value: unknown }>;
  /**
   * The discrepancies a group holds, given every patient's latest facts in it (by patient key),
   * each with its task id, which must not depend on arrival order nor on the group that found it.
   */
  evaluate(group: string, facts: readonly unknown[]): Array<{ taskId: string; finding: Finding }>;
}

/** One patient's facts about one group changed (an empty list withdraws them). */
export interface FactChange {
  stage: string;
  group: string;
  patientKey: string;
  values: unknown[];
  /** Decision time: the clock of the patient partition whose evaluation stated the facts. */
  now: Instant;
}

/** Per patient and stage: the canonical JSON of the facts last stated, by group. */
export type StatedFacts = Map<string, string>;

/**
 * Diffs a patient's facts against those it last stated. Returns the changes, by group, and
 * updates `stated`. Pure: same state, same downtimes, same changes.
 */
export function diffFacts<S>(stage: SharedStage<S>, patientKey: string, state: S, ctx: EvalContext, stated: StatedFacts): FactChange[] {
  const byGroup = new Map<string, unknown[]>();
  for (const { group, value } of stage.factsOf(state, ctx)) {
    const list = byGroup.get(group) ?? [];
    list.push(value);
    byGroup.set(group, list);
  }
  const changes: FactChange[] = [];
  for (const group of [...new Set([...byGroup.keys(), ...stated.keys()])].sort()) {
    const values = byGroup.get(group) ?? [];
    const json = canonicalJson(values);
    if ((stated.get(group) ?? '[]') === json) continue;
    if (values.length === 0) stated.delete(group);
    else stated.set(group, json);
    changes.push({ stage: stage.name, group, patientKey, values, now: ctx.now });
  }
  return changes;
}

interface SharedTask {
  record: TaskRecord;
  /** Groups whose facts currently hold the finding: the task is open while one does. */
  holders: Set<string>;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The decisions of a shared stage. Fed the fact changes in stored order, it yields the same task
 * changes, which is what makes its replay match the live run. A task found by two groups (both
 * appointments share two practitioners) is one task, open while either still holds it.
 */
export class SharedStageEngine<S> {
  private readonly facts = new Map<string, Map<string, unknown[]>>();
  private readonly holdings = new Map<string, Set<string>>();
  private readonly tasks = new Map<string, SharedTask>();

  constructor(
    private readonly stage: SharedStage<S>,
    private readonly stamp: { version: string; configHash: string },
  ) {}

  /** Folds one fact change and returns the task changes of its group, by task id. */
  apply(change: FactChange): TaskChange[] {
    if (change.stage !== this.stage.name) return [];
    const group = this.facts.get(change.group) ?? new Map<string, unknown[]>();
    if (change.values.length === 0) group.delete(change.patientKey);
    else group.set(change.patientKey, change.values);
    if (group.size === 0) this.facts.delete(change.group);
    else this.facts.set(change.group, group);
    return this.decide(change.group, change.now);
  }

  /** Tasks currently `requested`, by id. */
  openTasks(): TaskRecord[] {
    return this.allTasks().filter((t) => t.status === 'requested');
  }

  /** Every task this stage ever opened, in its latest state, by id. */
  allTasks(): TaskRecord[] {
    return [...this.tasks.entries()].sort(([a], [b]) => compareStrings(a, b)).map(([, t]) => ({ ...t.record }));
  }

  private stampOf(): Pick<TaskRecord, 'ruleSetVersion' | 'configHash'> {
    return { ruleSetVersion: this.stamp.version, configHash: this.stamp.configHash };
  }

  private decide(group: string, now: Instant): TaskChange[] {
    const members = this.facts.get(group);
    const values = members ? [...members.keys()].sort(compareStrings).flatMap((k) => members.get(k) ?? []) : [];
    const holding = new Map<string, Finding>();
    for (const { taskId, finding } of values.length > 0 ? this.stage.evaluate(group, values) : []) {
      if (!holding.has(taskId)) holding.set(taskId, finding);
    }
    const before = this.holdings.get(group) ?? new Set<string>();
    const changes: TaskChange[] = [];
    for (const id of [...new Set([...holding.keys(), ...before])].sort(compareStrings)) {
      const finding = holding.get(id);
      const task = this.tasks.get(id);
      if (finding) {
        if (!task) {
          const record: TaskRecord = { id, status: 'requested', finding, authoredOn: now, lastModified: now, ...this.stampOf() };
          this.tasks.set(id, { record, holders: new Set([group]) });
          changes.push({ kind: 'opened', task: { ...record } });
          continue;
        }
        task.holders.add(group);
        if (task.record.status === 'cancelled') {
          task.record = { ...task.record, status: 'requested', finding, lastModified: now, ...this.stampOf() };
          changes.push({ kind: 'reopened', task: { ...task.record } });
        }
        // Still held: what was published stays true.
      } else if (task) {
        task.holders.delete(group);
        if (task.holders.size === 0 && task.record.status === 'requested') {
          task.record = { ...task.record, status: 'cancelled', lastModified: now };
          changes.push({ kind: 'cancelled', task: { ...task.record } });
        }
      }
    }
    if (holding.size === 0) this.holdings.delete(group);
    else this.holdings.set(group, new Set(holding.keys()));
    return changes;
  }
}

/** Re-runs a shared stage over its stored fact changes, in stored order. */
export function replayShared<S>(
  stage: SharedStage<S>,
  stamp: { version: string; configHash: string },
  facts: Iterable<FactChange>,
): { changes: TaskChange[]; tasks: TaskRecord[] } {
  const engine = new SharedStageEngine(stage, stamp);
  const changes: TaskChange[] = [];
  for (const f of facts) changes.push(...engine.apply(f));
  return { changes, tasks: engine.allTasks() };
}
