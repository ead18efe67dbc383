import type { ParsedEvent } from '@continuity/contracts';
import { PartitionEngine, type LogEntry } from '../lib/partition-engine';
import type { Instant, Priority, RuleCode, RuleSet, Severity, TaskChange, TaskRecord } from '../lib/model';
import { toInstant } from './parsed-event';

/** "The clock reads `now`": a tick that applies every downtime given so far. */
export interface AtEntry {
  kind: 'at';
  now: Instant;
}

/** What a scenario is written with: log entries, bare events (downtime events are positioned for you), clock ticks. */
export type GivenEntry = LogEntry | ParsedEvent | AtEntry;

/** A tick at an ISO time or epoch ms, applying all downtimes given before it. */
export function at(now: Instant | string): AtEntry {
  return { kind: 'at', now: toInstant(now) };
}

/** What a task is expected to look like; unset fields are not checked. Ids match by `value` or `system|value`. */
export interface ExpectedTask {
  rule: RuleCode;
  severity?: Severity;
  priority?: Priority;
  focus?: string;
  /** Exactly these related ids, in any order. */
  related?: readonly string[];
  /** At least these evidence refs (`source#id`, or just the event id). */
  evidence?: readonly string[];
  description?: string | RegExp;
  facility?: string;
  patientKey?: string;
  authoredOn?: Instant | string;
}

/** An expected change: its kind and, optionally, the task it concerns. */
export interface ExpectedChange extends Partial<ExpectedTask> {
  kind: TaskChange['kind'];
}

function idMatches(expected: string, id: { system: string; value: string }): boolean {
  return expected === id.value || expected === `${id.system}|${id.value}`;
}

function taskMatches(e: Partial<ExpectedTask>, t: TaskRecord): boolean {
  const f = t.finding;
  if (e.rule !== undefined && e.rule !== f.rule) return false;
  if (e.severity !== undefined && e.severity !== f.severity) return false;
  if (e.priority !== undefined && e.priority !== f.priority) return false;
  if (e.focus !== undefined && !idMatches(e.focus, f.focus)) return false;
  if (e.facility !== undefined && e.facility !== f.facility) return false;
  if (e.patientKey !== undefined && e.patientKey !== f.patientKey) return false;
  if (e.authoredOn !== undefined && toInstant(e.authoredOn) !== t.authoredOn) return false;
  if (e.related !== undefined) {
    if (e.related.length !== f.related.length) return false;
    const used = new Set<number>();
    for (const r of e.related) {
      const i = f.related.findIndex((id, k) => !used.has(k) && idMatches(r, id));
      if (i < 0) return false;
      used.add(i);
    }
  }
  if (e.evidence !== undefined && !e.evidence.every((ev) => f.evidence.some((ref) => ref === ev || ref.endsWith(`#${ev}`)))) return false;
  if (e.description !== undefined) {
    if (typeof e.description === 'string' ? f.description !== e.description : !e.description.test(f.description)) return false;
  }
  return true;
}

function describeTask(t: TaskRecord): string {
  const f = t.finding;
  return JSON.stringify({
    status: t.status,
    rule: f.rule,
    severity: f.severity,
    priority: f.priority,
    focus: `${f.focus.system}|${f.focus.value}`,
    related: f.related.map((r) => `${r.system}|${r.value}`),
    evidence: f.evidence,
    description: f.description,
    authoredOn: new Date(t.authoredOn).toISOString(),
  });
}

function describeExpected(e: object): string {
  return JSON.stringify(e, (_k, v: unknown) => (v instanceof RegExp ? v.toString() : v));
}

/** True when each expectation can be paired with a distinct actual task, one to one (backtracking: lists are small). */
function matchAll<T>(expected: readonly T[], actual: readonly TaskRecord[], match: (e: T, a: TaskRecord, i: number) => boolean): boolean {
  if (expected.length !== actual.length) return false;
  const used = new Array<boolean>(actual.length).fill(false);
  const place = (k: number): boolean => {
    if (k === expected.length) return true;
    for (let i = 0; i < actual.length; i++) {
      if (used[i] || !match(expected[k], actual[i], i)) continue;
      used[i] = true;
      if (place(k + 1)) return true;
      used[i] = false;
    }
    return false;
  };
  return place(0);
}

/** The outcome of `when`, with assertions that throw a readable error. */
export class Then<S> {
  constructor(
    private readonly scenario: Scenario<S>,
    /** The engine after the scenario, for further steps or checks. */
    readonly engine: PartitionEngine<S>,
    /** The changes produced by the `when` entries only. */
    readonly changes: readonly TaskChange[],
  ) {}

  /** Tasks open after the scenario. */
  get open(): TaskRecord[] {
    return this.engine.openTasks();
  }

  /** Exactly these tasks are open (in any order). */
  thenTasks(...expected: ExpectedTask[]): this {
    const open = this.open;
    if (!matchAll(expected, open, (e, a) => taskMatches(e, a))) {
      throw new Error(
        `open tasks do not match\nexpected:\n  ${expected.map(describeExpected).join('\n  ') || '(none)'}\nactual:\n  ${open.map(describeTask).join('\n  ') || '(none)'}`,
      );
    }
    return this;
  }

  /** No task is open. */
  thenNoTasks(): this {
    return this.thenTasks();
  }

  /** The `when` entries produced exactly these changes (in any order). */
  thenChanges(...expected: ExpectedChange[]): this {
    const tasks = this.changes.map((c) => c.task);
    if (!matchAll(expected, tasks, (e, _a, i) => e.kind === this.changes[i].kind && taskMatches(e, tasks[i]))) {
      throw new Error(
        `changes do not match\nexpected:\n  ${expected.map(describeExpected).join('\n  ') || '(none)'}\nactual:\n  ${
          this.changes.map((c) => `${c.kind} ${describeTask(c.task)}`).join('\n  ') || '(none)'
        }`,
      );
    }
    return this;
  }

  /** Continues the scenario with more entries; changes are those of the new entries only. */
  when(...entries: Array<GivenEntry | GivenEntry[]>): Then<S> {
    return this.scenario.run(entries.flat());
  }
}

/** A scenario under construction: feeds entries to a fresh engine, positioning downtimes and ticks. */
export class Scenario<S> {
  private readonly engine: PartitionEngine<S>;
  private position = 0;
  private lastTick: Instant | null = null;
  private latestRecorded: Instant | null = null;

  constructor(ruleSet: RuleSet<S>, history: readonly GivenEntry[]) {
    this.engine = new PartitionEngine(ruleSet);
    this.feed(history, true);
  }

  /** Checks the tasks open after the `given` entries alone; chain `.when(...)` after it. */
  thenTasks(...expected: ExpectedTask[]): Then<S> {
    return new Then(this, this.engine, []).thenTasks(...expected);
  }

  /** No task is open after the `given` entries alone. */
  thenNoTasks(): Then<S> {
    return this.thenTasks();
  }

  /** Applies the entries; if they hold no tick, ticks once at the latest recorded time seen. */
  when(...entries: Array<GivenEntry | GivenEntry[]>): Then<S> {
    return this.run(entries.flat());
  }

  /** @internal */
  run(entries: readonly GivenEntry[]): Then<S> {
    const changes = this.feed(entries, false);
    return new Then(this, this.engine, changes);
  }

  private feed(entries: readonly GivenEntry[], isHistory: boolean): TaskChange[] {
    const changes: TaskChange[] = [];
    let ticked = false;
    for (const entry of entries) {
      if ('kind' in entry) {
        switch (entry.kind) {
          case 'at':
            changes.push(...this.tick(entry.now));
            ticked = true;
            break;
          case 'tick':
            this.lastTick = Math.max(this.lastTick ?? entry.now, entry.now);
            changes.push(...this.engine.tick(entry.now, entry.downtimeUpTo));
            ticked = true;
            break;
          case 'event':
            this.event(entry.event);
            break;
          case 'downtime':
            this.position = Math.max(this.position, Number(entry.position));
            this.engine.applyDowntime(entry.position, entry.event);
            break;
        }
      } else {
        this.event(entry);
      }
    }
    if (!ticked && (!isHistory || entries.length > 0)) {
      const now = Math.max(this.latestRecorded ?? 0, this.lastTick ?? 0);
      changes.push(...this.tick(now));
    }
    return changes;
  }

  private event(e: ParsedEvent): void {
    this.latestRecorded = Math.max(this.latestRecorded ?? e.recordedTimeMs, e.recordedTimeMs);
    if (e.domain === 'downtime') this.engine.applyDowntime(String(++this.position), e);
    else this.engine.applyEvent(e);
  }

  private tick(now: Instant): TaskChange[] {
    this.lastTick = Math.max(this.lastTick ?? now, now);
    return this.engine.tick(now, this.position > 0 ? String(this.position) : null);
  }
}

/**
 * Given/when/then for rule sets, after Emmett's DeciderSpecification:
 * `given(ruleSet, [order, at(t)]).when(lateOrder).thenTasks({ rule: 'rx-duplicate-order', ... })`.
 * Bare downtime events are positioned in the order written; `at(t)` ticks with every downtime so
 * far; a `given` or `when` without a tick ticks once at the latest recorded time seen.
 */
export function given<S>(ruleSet: RuleSet<S>, history: ReadonlyArray<GivenEntry | GivenEntry[]> = []): Scenario<S> {
  return new Scenario(ruleSet, history.flat());
}
