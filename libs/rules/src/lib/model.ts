import type { BusinessId, ParsedEvent } from '@continuity/contracts';
import type { SharedStage } from './shared-stage';

/** Milliseconds since the epoch, always read from a stored event, never from a wall clock. */
export type Instant = number;

export type Severity = 'minor' | 'significant' | 'considerable' | 'major' | 'catastrophic';
export type Priority = 'routine' | 'urgent' | 'asap' | 'stat';

export type RuleCode =
  | 'rx-duplicate-order'
  | 'rx-therapeutic-duplication'
  | 'rx-double-administration'
  | 'rx-orphan-administration'
  | 'rx-omitted-dose'
  | 'lab-duplicate-order'
  | 'lab-not-collected'
  | 'lab-orphan-result'
  | 'lab-result-not-received'
  | 'lab-result-after-cancel'
  | 'sched-not-on-planning'
  | 'sched-double-booking'
  | 'sched-unresolved-appointment'
  | 'sched-orphan-arrival';

/** A declared degraded period of one facility ('*' for all) and some systems (empty: all). */
export interface Downtime {
  /** Stable id: the `source`+`id` of the started event. */
  id: string;
  facility: string;
  systems: readonly string[];
  start: Instant;
  /** null while still open: nothing fires while staff are on paper. */
  end: Instant | null;
}

/** What a rule found, before the engine gives it an id and a lifecycle. */
export interface Finding {
  rule: RuleCode;
  severity: Severity;
  priority: Priority;
  patientKey: string;
  facility: string;
  /** The order at fault. */
  focus: BusinessId;
  /** Every other order involved (sorted by the engine for the id). */
  related: readonly BusinessId[];
  /** Event ids (`source`#`id`) that are evidence. */
  evidence: readonly string[];
  /** One sentence a clinician understands. No patient names: keys only. */
  description: string;
}

/** What a domain evaluation returns for one patient at `now`. */
export interface Evaluation {
  findings: readonly Finding[];
  /** The earliest instant at which the answer could change with no new event; null if none. */
  nextWake: Instant | null;
}

/** Context handed to a rule set at evaluation: time and the known degraded periods only. */
export interface EvalContext {
  now: Instant;
  downtimes: readonly Downtime[];
}

/**
 * A domain's rule set: data plus pure functions, shaped as a decider over one patient's state.
 * `evolve` folds an event into the state; `evaluate` says which discrepancies hold at `now`.
 */
export interface RuleSet<S> {
  domain: 'prescriptions' | 'lab' | 'scheduling';
  /** e.g. "prescriptions@1.0.0"; a replay names it. */
  version: string;
  /** Hash of the configuration (windows, tables) in force. */
  configHash: string;
  initialState(): S;
  evolve(state: S, event: ParsedEvent): S;
  evaluate(state: S, ctx: EvalContext): Evaluation;
  /** A rule across patients, decided from the facts each patient's evaluation states. */
  shared?: SharedStage<S>;
}

export type TaskStatus = 'requested' | 'cancelled';

/** The engine's view of a task it opened: lifecycle beyond these two belongs to officers (API). */
export interface TaskRecord {
  id: string;
  status: TaskStatus;
  finding: Finding;
  /** Decision time of the first opening. */
  authoredOn: Instant;
  /** Decision time of the latest change. */
  lastModified: Instant;
  ruleSetVersion: string;
  configHash: string;
}

export interface TaskChange {
  kind: 'opened' | 'cancelled' | 'reopened';
  task: TaskRecord;
}
