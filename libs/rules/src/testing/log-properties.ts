import type fcModule from 'fast-check';
import { canonicalJson } from '../lib/ids';
import type { RuleCode, RuleSet, TaskChange, TaskRecord } from '../lib/model';
import { replay, type LogEntry } from '../lib/partition-engine';
import { runLive, withTransportCopies } from './live-log';

/*
 * The properties every domain's rule set must keep over a live log (issue: replay equals live;
 * transport duplicates never make a clinical duplicate task), and the arbitraries that vary the log.
 */

/**
 * The arbitraries that vary a live log, built with the caller's fast-check (this module is reachable
 * from `@continuity/rules`, which services load: it must not load a test library itself).
 * `ticks`: after some events a tick, hours after the latest recorded time (null: none); `lags`:
 * whether a tick's view of the downtime topic lags behind what the partition stored; `copies`:
 * which messages are delivered again, and where after their first delivery.
 */
export function logArbitraries(fc: typeof fcModule) {
  return {
    ticks: fc.array(fc.option(fc.integer({ min: 0, max: 40 }), { nil: null, freq: 2 }), { minLength: 1, maxLength: 20 }),
    lags: fc.array(fc.boolean(), { minLength: 1, maxLength: 10 }),
    copies: fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 6 }),
  };
}

/**
 * Which discrepancy a task is and where it stands. An open task keeps the finding it was opened
 * with, so with earlier ticks its wording may predate later versions.
 */
export const taskIdentity = (t: TaskRecord): string => `${t.id} ${t.status} ${t.finding.rule} ${t.finding.patientKey}`;
/** Everything a clinician reads on it. */
export const taskContent = (t: TaskRecord): string =>
  `${taskIdentity(t)} ${t.finding.focus.value} [${t.finding.related.map((r) => r.value).join(',')}] ${t.finding.severity}/${t.finding.priority} ` +
  `${t.finding.facility} ${t.finding.evidence.join(',')} ${t.finding.description}`;

function sameOrThrow(what: string, actual: readonly unknown[], expected: readonly unknown[]): void {
  const a = actual.map(canonicalJson);
  const e = expected.map(canonicalJson);
  const i = a.findIndex((x, k) => x !== e[k]);
  if (a.length === e.length && i < 0) return;
  const at = i < 0 ? Math.min(a.length, e.length) : i;
  throw new Error(`${what} differ at ${at} (${a.length} vs ${e.length} expected)\nactual:   ${a[at] ?? '(none)'}\nexpected: ${e[at] ?? '(none)'}`);
}

/** Replaying the log takes exactly the live decisions and ends with the same tasks. Returns the live changes. */
export function checkReplayEqualsLive<S>(ruleSet: RuleSet<S>, log: readonly LogEntry[]): TaskChange[] {
  const live = runLive(ruleSet, log);
  const replayed = replay(ruleSet, log);
  sameOrThrow('replayed changes', replayed.changes, live.changes);
  sameOrThrow('replayed tasks', replayed.tasks, live.engine.allTasks());
  return live.changes;
}

/**
 * Exact copies of messages (same source and id) change no task, and every task of the domain's
 * duplicate rule cites two distinct events and never its focus as related. Returns how many such
 * tasks were checked, so a caller can show the property is not vacuous.
 */
export function checkTransportCopies<S>(ruleSet: RuleSet<S>, log: readonly LogEntry[], copies: ReadonlyArray<readonly [number, number]>, duplicateRule: RuleCode): number {
  const clean = runLive(ruleSet, log).engine;
  const copied = runLive(ruleSet, withTransportCopies(log, copies)).engine;
  sameOrThrow('open tasks with copies', copied.openTasks().map(taskContent), clean.openTasks().map(taskContent));
  sameOrThrow('tasks with copies', copied.allTasks().map(taskIdentity), clean.allTasks().map(taskIdentity));
  const duplicates = copied.allTasks().filter((t) => t.finding.rule === duplicateRule);
  for (const t of duplicates) {
    if (new Set(t.finding.evidence).size < 2) throw new Error(`${taskIdentity(t)}: one event seen twice made a ${duplicateRule}`);
    if (t.finding.related.some((r) => r.value === t.finding.focus.value)) throw new Error(`${taskIdentity(t)}: its focus is also related`);
  }
  return duplicates.length;
}

/**
 * `checkReplayEqualsLive` over generated logs (fc.assert: a failure shrinks and throws). Returns
 * the kinds of change the live runs made, so a caller can show the property is not vacuous.
 */
export function assertReplayEqualsLive<S>(fc: typeof fcModule, ruleSet: RuleSet<S>, logs: fcModule.Arbitrary<LogEntry[]>, numRuns = 200): Set<TaskChange['kind']> {
  const kinds = new Set<TaskChange['kind']>();
  fc.assert(
    fc.property(logs, (log) => {
      for (const c of checkReplayEqualsLive(ruleSet, log)) kinds.add(c.kind);
    }),
    { numRuns },
  );
  return kinds;
}

/** `checkTransportCopies` over generated logs and copies; returns how many duplicate-rule tasks were checked. */
export function assertTransportCopies<S>(fc: typeof fcModule, ruleSet: RuleSet<S>, logs: fcModule.Arbitrary<LogEntry[]>, duplicateRule: RuleCode, numRuns = 200): number {
  let checked = 0;
  fc.assert(
    fc.property(logs, logArbitraries(fc).copies, (log, copies) => {
      checked += checkTransportCopies(ruleSet, log, copies, duplicateRule);
    }),
    { numRuns },
  );
  return checked;
}
