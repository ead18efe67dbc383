import { readTopic } from '@continuity/testing';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the simulator is a tool, not a lib (see scenario.ts)
import { taskFromMessage, type ObservedTask } from '../../../simulator/src/score';
import type { ExpectedTask } from './scenario';

export type { ObservedTask };

/** What a reader of the tasks topic ends up with. */
export interface PublishedTasks {
  /** Latest version of each task id (the CloudEvent id is `<task id>-<version>`). */
  latest: Map<string, ObservedTask>;
  /** Every version seen of each task id, in version order: its status history. */
  history: Map<string, string[]>;
  records: number;
}

/** Reads the whole tasks topic as a consumer of CONTRACT.md §4 would. */
export async function readPublishedTasks(brokers: string[], topic: string): Promise<PublishedTasks> {
  const records = await readTopic(brokers, topic);
  const versions = new Map<string, Map<number, ObservedTask>>();
  for (const r of records) {
    const task = taskFromMessage(r.value);
    if (!task) throw new Error(`${topic} ${r.partition}/${r.offset}: not a FHIR Task CloudEvent`);
    const ceId = String((JSON.parse(r.value?.toString('utf8') ?? '{}') as { id?: unknown }).id);
    const version = Number(ceId.slice(ceId.lastIndexOf('-') + 1));
    if (!ceId.startsWith(`${task.id}-`) || !Number.isInteger(version)) throw new Error(`unexpected task event id ${ceId}`);
    const byVersion = versions.get(task.id) ?? new Map<number, ObservedTask>();
    // The same version twice (a relay re-send) is the same event: readers drop it.
    byVersion.set(version, task);
    versions.set(task.id, byVersion);
  }
  const latest = new Map<string, ObservedTask>();
  const history = new Map<string, string[]>();
  for (const [id, byVersion] of versions) {
    const ordered = [...byVersion.entries()].sort(([a], [b]) => a - b).map(([, t]) => t);
    latest.set(id, ordered[ordered.length - 1]);
    history.set(id, ordered.map((t) => t.status));
  }
  return { latest, history, records: records.length };
}

/** `rule patient focus`: how a task is matched to the ground truth. */
export const matchKey = (t: { rule: string; patientKey: string; focus: { system: string; value: string } }): string =>
  `${t.rule} ${t.patientKey} ${t.focus.system}|${t.focus.value}`;

/** Id → status of every task. */
export function statusById(tasks: Map<string, ObservedTask>): Map<string, string> {
  return new Map([...tasks].map(([id, t]) => [id, t.status]).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) as Array<[string, string]>);
}

/** The tasks whose latest status is `requested` (open, untouched by any officer in these runs). */
export function openTasks(tasks: Map<string, ObservedTask>): ObservedTask[] {
  return [...tasks.values()].filter((t) => t.status === 'requested');
}

/**
 * Per-rule difference between expected and observed open tasks, as lines a reader can act on
 * (empty when they are equal as multisets).
 */
export function diffByRule(expected: readonly ExpectedTask[], open: readonly ObservedTask[]): string[] {
  const want = new Map<string, number>();
  for (const e of expected) want.set(matchKey(e), (want.get(matchKey(e)) ?? 0) + 1);
  const got = new Map<string, number>();
  for (const t of open) got.set(matchKey(t), (got.get(matchKey(t)) ?? 0) + 1);
  const lines: string[] = [];
  const rules = [...new Set([...expected.map((e) => e.rule), ...open.map((t) => t.rule)])].sort();
  for (const rule of rules) {
    const keys = [...new Set([...want.keys(), ...got.keys()])].filter((k) => k.startsWith(`${rule} `)).sort();
    for (const k of keys) {
      const w = want.get(k) ?? 0;
      const g = got.get(k) ?? 0;
      if (w > g) lines.push(`missing ×${w - g}: ${k}${caseOf(expected, k)}`);
      if (g > w) lines.push(`unexpected ×${g - w}: ${k}`);
    }
  }
  return lines;
}

function caseOf(expected: readonly ExpectedTask[], key: string): string {
  const e = expected.find((x) => matchKey(x) === key);
  return e ? ` (${e.case})` : '';
}
