import type { RuleCode } from './model';

/** Code system of the discrepancy codes (CONTRACT.md §4). */
export const DISCREPANCY_SYSTEM = 'urn:continuity:discrepancy';

/** Human-readable name of each rule of DESIGN.md's catalogue, used as `Task.code.coding[0].display`. */
export const RULE_DISPLAY: Readonly<Record<RuleCode, string>> = {
  'rx-duplicate-order': 'Duplicate medication order',
  'rx-therapeutic-duplication': 'Therapeutic duplication',
  'rx-double-administration': 'Double administration',
  'rx-orphan-administration': 'Administration without an order',
  'rx-omitted-dose': 'Omitted dose',
  'lab-duplicate-order': 'Duplicate lab order',
  'lab-not-collected': 'Lab specimen not collected',
  'lab-orphan-result': 'Lab specimen or result without an order',
  'lab-result-not-received': 'Lab result not received',
  'lab-result-after-cancel': 'Lab result after cancellation',
  'sched-not-on-planning': 'Booking missing from planning',
  'sched-double-booking': 'Double booking',
  'sched-unresolved-appointment': 'Unresolved appointment',
  'sched-orphan-arrival': 'Arrival without a booking',
};
