import type { BusinessId } from '@continuity/contracts';
import type { RuleCode, Severity } from '@continuity/rules';

/** Every rule of DESIGN.md's catalogue, in catalogue order. */
export const RULE_CODES: readonly RuleCode[] = [
  'rx-duplicate-order',
  'rx-therapeutic-duplication',
  'rx-double-administration',
  'rx-orphan-administration',
  'rx-omitted-dose',
  'lab-duplicate-order',
  'lab-not-collected',
  'lab-orphan-result',
  'lab-result-not-received',
  'lab-result-after-cancel',
  'sched-not-on-planning',
  'sched-double-booking',
  'sched-unresolved-appointment',
  'sched-orphan-arrival',
];

/**
 * What a rule uses as a Task's focus, per rule: the one place that aligns the ground truth with the
 * rule sets. `order`: the order at fault; `later-order`: of a duplicate pair, the later one (the one
 * entered from the degraded period); `missing-order`: the identifier administrations, specimens or
 * results name but no order carries; the same for appointments. Of one practitioner's two patients
 * in overlapping slots, `later-appointment` is the one booked in the degraded period, and the task
 * is that appointment's patient's.
 */
export type FocusRole = 'order' | 'later-order' | 'missing-order' | 'appointment' | 'later-appointment' | 'missing-appointment';

export const FOCUS_ROLE: Readonly<Record<RuleCode, FocusRole>> = {
  'rx-duplicate-order': 'later-order',
  'rx-therapeutic-duplication': 'later-order',
  'rx-double-administration': 'order',
  'rx-orphan-administration': 'missing-order',
  'rx-omitted-dose': 'order',
  'lab-duplicate-order': 'later-order',
  'lab-not-collected': 'order',
  'lab-orphan-result': 'missing-order',
  // libs/lab: the order is the focus, the report goes to `related`.
  'lab-result-not-received': 'order',
  'lab-result-after-cancel': 'order',
  'sched-not-on-planning': 'appointment',
  'sched-double-booking': 'later-appointment',
  'sched-unresolved-appointment': 'appointment',
  'sched-orphan-arrival': 'missing-appointment',
};

/** The business ids a staged case names, by role. */
export type CaseParts = Partial<Record<FocusRole, BusinessId>>;

/** The focus the rule's task must carry for a case. */
export function focusOf(rule: RuleCode, parts: CaseParts): BusinessId {
  const id = parts[FOCUS_ROLE[rule]];
  if (!id) throw new Error(`case of ${rule} does not name its ${FOCUS_ROLE[rule]}`);
  return id;
}

/** One task the reconcilers must open (and leave open) for an injected discrepancy. */
export interface ExpectedTask {
  rule: RuleCode;
  /** The task's patient (`Task.for`): the focus's. */
  patientKey: string;
  /** Cases across patients only: the other patient (one practitioner's other booking is the task's `input`). */
  otherPatientKey?: string;
  facility: string;
  focus: BusinessId;
  severity: Severity;
  /** Which staged case produced it, e.g. "rx-double-administration#3". */
  case: string;
}

/** A staged situation close to a rule that must NOT leave a task open. */
export interface NearMiss {
  rule: RuleCode;
  patientKey: string;
  /** Cases across patients only: the other patient, whose task it would be just as much a false positive. */
  otherPatientKey?: string;
  facility: string;
  focus: BusinessId;
  case: string;
  why: string;
}

/** Everything `ground-truth.json` holds. */
export interface GroundTruth {
  generator: 'continuity-simulator';
  version: string;
  seed: number;
  options: Record<string, unknown>;
  timeline: { start: string; t0: string; t1: string; end: string };
  facilities: string[];
  tasks: ExpectedTask[];
  nearMisses: NearMiss[];
}
