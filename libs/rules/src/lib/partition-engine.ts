import type { ParsedEvent } from '@continuity/contracts';
import { comparePositions, downtimesFrom, type PositionedEvent } from './downtimes';
import { eventRef, patientTaskIdOf } from './ids';
import type { Downtime, Finding, Instant, RuleSet, TaskChange, TaskRecord } from './model';
import { diffFacts, type FactChange, type StatedFacts } from './shared-stage';

/**
 * One entry of a partition's stored log, in global position order. Replaying these entries
 * rebuilds exactly the decisions taken live.
 */
export type LogEntry =
  /** A clinical event of this partition. */
  | { kind: 'event'; event: ParsedEvent }
  /** A `continuity.downtime.*` event, with its stored position (bigint as a decimal string). */
  | { kind: 'downtime'; position: string; event: ParsedEvent }
  /** A stored clock advance of this partition: the time, and the last downtime position seen. */
  | { kind: 'tick'; now: Instant; downtimeUpTo: string | null };

interface Patient<S> {
  state: S;
  nextWake: Instant | null;
  facilities: Set<string>;
  /** Ids of every task ever opened for this patient. */
  taskIds: Set<string>;
  /** Facts last stated to the rule set's shared stage, by group. */
  stated: StatedFacts;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function snapshot(t: TaskRecord): TaskRecord {
  return { ...t };
}

/** Fingerprint of a downtime, to see which facilities' windows changed between two ticks. */
function fingerprint(d: Downtime): string {
  return JSON.stringify([d.facility, d.systems, d.start, d.end]);
}

/**
 * The patients of one Kafka partition and the tasks their rules opened.
 *
 * Pure and deterministic: events are folded as they arrive (idempotent on source + id), and
 * decisions are taken only at `tick`, whose time comes from the log. Feeding the same entries
 * yields the same changes, which is what makes a replay match the live run.
 */
export class PartitionEngine<S> {
  private readonly seen = new Set<string>();
  private readonly patients = new Map<string, Patient<S>>();
  private readonly byFacility = new Map<string, Set<string>>();
  private readonly dirty = new Set<string>();
  private readonly tasks = new Map<string, TaskRecord>();
  private readonly downtimeEvents = new Map<string, PositionedEvent>();
  private readonly applied: PositionedEvent[] = [];
  private effective: Downtime[] = [];
  private clock: Instant | null = null;
  private factChanges: FactChange[] = [];

  constructor(private readonly ruleSet: RuleSet<S>) {}

  /** Folds a clinical event into its patient's state. A second delivery of the same source + id is ignored. */
  applyEvent(event: ParsedEvent): void {
    const ref = eventRef(event);
    if (this.seen.has(ref) || event.patientKey === null) return;
    this.seen.add(ref);
    const key = event.patientKey;
    let p = this.patients.get(key);
    if (!p) {
      p = { state: this.ruleSet.initialState(), nextWake: null, facilities: new Set(), taskIds: new Set(), stated: new Map() };
      this.patients.set(key, p);
    }
    p.state = this.ruleSet.evolve(p.state, event);
    if (!p.facilities.has(event.facility)) {
      p.facilities.add(event.facility);
      const set = this.byFacility.get(event.facility) ?? new Set<string>();
      set.add(key);
      this.byFacility.set(event.facility, set);
    }
    this.dirty.add(key);
  }

  /**
   * Records a downtime event. It takes effect at the first tick whose `downtimeUpTo` reaches its
   * position, so that a replay applies it at the same decision as the live run did.
   */
  applyDowntime(position: string, event: ParsedEvent): void {
    const ref = eventRef(event);
    if (this.downtimeEvents.has(ref)) return;
    this.downtimeEvents.set(ref, { position, event });
  }

  /**
   * Advances the clock (never backwards), applies the downtimes up to `downtimeUpTo`, re-evaluates
   * the patients that need it and returns the task changes, sorted by patient key then task id.
   */
  tick(now: Instant, downtimeUpTo: string | null): TaskChange[] {
    this.clock = this.clock === null ? now : Math.max(this.clock, now);
    const at = this.clock;
    this.factChanges = [];
    const toEvaluate = new Set<string>(this.dirty);
    this.dirty.clear();
    for (const key of this.applyDowntimesUpTo(downtimeUpTo)) toEvaluate.add(key);
    for (const [key, p] of this.patients) if (p.nextWake !== null && p.nextWake <= at) toEvaluate.add(key);

    const changes: TaskChange[] = [];
    for (const key of [...toEvaluate].sort(compareStrings)) changes.push(...this.evaluate(key, at));
    return changes;
  }

  /**
   * What the last tick's evaluations stated to the shared stage that changed, in evaluation order
   * (patient key, then group). Empty when the rule set has none.
   */
  factChangesOfLastTick(): readonly FactChange[] {
    return this.factChanges;
  }

  /** Tasks currently `requested`, by patient key then id. */
  openTasks(): TaskRecord[] {
    return this.allTasks().filter((t) => t.status === 'requested');
  }

  /** Every task this engine ever opened, in its latest state, by patient key then id. */
  allTasks(): TaskRecord[] {
    return [...this.tasks.values()]
      .sort((a, b) => compareStrings(a.finding.patientKey, b.finding.patientKey) || compareStrings(a.id, b.id))
      .map(snapshot);
  }

  /** The declared downtimes in effect (those applied by a tick). */
  downtimes(): Downtime[] {
    return this.effective.map((d) => ({ ...d, systems: [...d.systems] }));
  }

  /** The engine's clock: the largest tick time seen, null before the first tick. */
  now(): Instant | null {
    return this.clock;
  }

  /** The earliest instant at which some patient's answer changes with no new event; null if none. */
  nextWake(): Instant | null {
    let best: Instant | null = null;
    for (const p of this.patients.values()) if (p.nextWake !== null && (best === null || p.nextWake < best)) best = p.nextWake;
    return best;
  }

  /** Number of patients held (for metrics). */
  patientCount(): number {
    return this.patients.size;
  }

  /** Applies pending downtime events up to a position; returns the patients whose facilities changed. */
  private applyDowntimesUpTo(upTo: string | null): Set<string> {
    const affected = new Set<string>();
    if (upTo === null) return affected;
    const appliedRefs = new Set(this.applied.map((a) => eventRef(a.event)));
    const newly = [...this.downtimeEvents.values()].filter(
      (d) => !appliedRefs.has(eventRef(d.event)) && comparePositions(d.position, upTo) <= 0,
    );
    if (newly.length === 0) return affected;
    this.applied.push(...newly);
    const before = new Map(this.effective.map((d) => [d.id, d]));
    this.effective = downtimesFrom(this.applied);
    const after = new Map(this.effective.map((d) => [d.id, d]));
    const facilities = new Set<string>();
    for (const d of this.effective) {
      const old = before.get(d.id);
      if (!old || fingerprint(old) !== fingerprint(d)) facilities.add(d.facility);
    }
    for (const d of before.values()) if (!after.has(d.id)) facilities.add(d.facility);
    if (facilities.has('*')) {
      for (const key of this.patients.keys()) affected.add(key);
      return affected;
    }
    for (const f of facilities) for (const key of this.byFacility.get(f) ?? []) affected.add(key);
    return affected;
  }

  /** Evaluates one patient and diffs its findings against its tasks. */
  private evaluate(key: string, now: Instant): TaskChange[] {
    const p = this.patients.get(key);
    if (!p) return [];
    const evaluation = this.ruleSet.evaluate(p.state, { now, downtimes: this.effective });
    p.nextWake = evaluation.nextWake;
    if (this.ruleSet.shared) this.factChanges.push(...diffFacts(this.ruleSet.shared, key, p.state, { now, downtimes: this.effective }, p.stated));

    const holding = new Map<string, Finding>();
    for (const f of evaluation.findings) {
      const id = patientTaskIdOf(f.rule, key, f.focus, f.related);
      // Two findings with one id are one discrepancy: the first stated wins, deterministically.
      if (!holding.has(id)) holding.set(id, f);
    }

    const changes: TaskChange[] = [];
    for (const id of [...new Set([...holding.keys(), ...p.taskIds])].sort(compareStrings)) {
      const finding = holding.get(id);
      const task = this.tasks.get(id);
      if (finding && !task) {
        const record: TaskRecord = {
          id,
          status: 'requested',
          finding: { ...finding, patientKey: key },
          authoredOn: now,
          lastModified: now,
          ruleSetVersion: this.ruleSet.version,
          configHash: this.ruleSet.configHash,
        };
        this.tasks.set(id, record);
        p.taskIds.add(id);
        changes.push({ kind: 'opened', task: snapshot(record) });
      } else if (finding && task && task.status === 'cancelled') {
        task.status = 'requested';
        task.finding = { ...finding, patientKey: key };
        task.lastModified = now;
        task.ruleSetVersion = this.ruleSet.version;
        task.configHash = this.ruleSet.configHash;
        changes.push({ kind: 'reopened', task: snapshot(task) });
      } else if (!finding && task && task.status === 'requested') {
        task.status = 'cancelled';
        task.lastModified = now;
        changes.push({ kind: 'cancelled', task: snapshot(task) });
      }
      // A finding that still holds keeps its task as opened: what was published stays true.
    }
    return changes;
  }
}

/**
 * Re-runs a partition's stored log. Yields the same changes, in the same order, as the live run
 * that recorded it, and the tasks in their final state.
 */
export function replay<S>(ruleSet: RuleSet<S>, entries: Iterable<LogEntry>): { changes: TaskChange[]; tasks: TaskRecord[] } {
  const engine = new PartitionEngine(ruleSet);
  const changes: TaskChange[] = [];
  for (const entry of entries) {
    switch (entry.kind) {
      case 'event':
        engine.applyEvent(entry.event);
        break;
      case 'downtime':
        engine.applyDowntime(entry.position, entry.event);
        break;
      case 'tick':
        changes.push(...engine.tick(entry.now, entry.downtimeUpTo));
        break;
      default: {
        const never: never = entry;
        throw new Error(`unknown log entry ${JSON.stringify(never)}`);
      }
    }
  }
  return { changes, tasks: engine.allTasks() };
}
