import type { Domain } from '@continuity/contracts';
import { canonicalJson, toFhirTask, type FhirTask, type TaskChange } from '@continuity/rules';

/** One task decision (opened, cancelled, reopened) of one partition, replayed or recorded. */
export interface Decision {
  domain: Domain;
  topic: string;
  partition: number;
  change: TaskChange['kind'];
  taskId: string;
  /** Decision time (the Task's lastModified). */
  decidedAt: string;
  task: FhirTask;
}

/** How a replay and the recorded log disagree about one decision. */
export interface Difference {
  problem: 'not-recorded' | 'not-replayed' | 'differs';
  domain: Domain;
  topic: string;
  partition: number;
  change: TaskChange['kind'];
  taskId: string;
  decidedAt: string;
  replayed?: FhirTask;
  recorded?: FhirTask;
}

/** A TaskChange as a Decision of one partition. */
export function decisionOf(domain: Domain, topic: string, partition: number, change: TaskChange): Decision {
  const task = toFhirTask(change.task);
  return { domain, topic, partition, change: change.kind, taskId: change.task.id, decidedAt: task.lastModified, task };
}

/** True when a decision time falls in the window [from, to] (both ends included). */
export function decidedWithin(decision: Pick<Decision, 'decidedAt'>, from: Date, to: Date): boolean {
  const at = Date.parse(decision.decidedAt);
  return at >= from.getTime() && at <= to.getTime();
}

/**
 * Matches replayed decisions with recorded ones, as multisets keyed by partition, task, kind and
 * decision time: what only one side has, and pairs whose Task differs (canonical JSON). Empty
 * when the replay yields exactly what was recorded.
 */
export function compareDecisions(replayed: readonly Decision[], recorded: readonly Decision[]): Difference[] {
  const pending = new Map<string, Decision[]>();
  for (const d of recorded) {
    const list = pending.get(keyOf(d)) ?? [];
    list.push(d);
    pending.set(keyOf(d), list);
  }
  const differences: Difference[] = [];
  for (const r of replayed) {
    const match = pending.get(keyOf(r))?.shift();
    if (match === undefined) differences.push({ ...where(r), problem: 'not-recorded', replayed: r.task });
    else if (canonicalJson(match.task) !== canonicalJson(r.task)) differences.push({ ...where(r), problem: 'differs', replayed: r.task, recorded: match.task });
  }
  for (const left of pending.values()) for (const d of left) differences.push({ ...where(d), problem: 'not-replayed', recorded: d.task });
  return differences;
}

function keyOf(d: Decision): string {
  return JSON.stringify([d.domain, d.topic, d.partition, d.taskId, d.change, d.decidedAt]);
}

function where(d: Decision) {
  return { domain: d.domain, topic: d.topic, partition: d.partition, change: d.change, taskId: d.taskId, decidedAt: d.decidedAt };
}
