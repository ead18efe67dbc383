import type { FhirTask } from '@continuity/rules';

/** A Task's status (CONTRACT.md §4). */
export type TaskStatus = FhirTask['status'];

export const TASK_STATUSES: readonly TaskStatus[] = ['requested', 'accepted', 'in-progress', 'completed', 'rejected', 'cancelled'];

/** The two statuses a reconciler decides; everything else belongs to officers. */
export type SystemStatus = 'requested' | 'cancelled';

/**
 * The lifecycle officers drive: requested → accepted | rejected; accepted → in-progress |
 * completed | rejected; in-progress → completed | rejected. completed, rejected and cancelled
 * are final; `cancelled` is the reconcilers' alone (the discrepancy resolved itself).
 */
export const OFFICER_TRANSITIONS: Readonly<Record<TaskStatus, readonly TaskStatus[]>> = {
  requested: ['accepted', 'rejected'],
  accepted: ['in-progress', 'completed', 'rejected'],
  'in-progress': ['completed', 'rejected'],
  completed: [],
  rejected: [],
  cancelled: [],
};

/** Statuses only an officer can have given: once there, the reconcilers no longer move the task. */
export const OFFICER_TAKEN: ReadonlySet<TaskStatus> = new Set(['accepted', 'in-progress', 'completed', 'rejected']);

export const isTaskStatus = (value: unknown): value is TaskStatus => (TASK_STATUSES as readonly unknown[]).includes(value);

/** Why an officer's transition is refused; `kind` picks the HTTP status at the edge. */
export type TransitionRefusal =
  | { kind: 'illegal'; detail: string; allowed: readonly TaskStatus[] }
  | { kind: 'reason-required'; detail: string };

/** Checks an officer's transition; null when it is allowed. */
export function refuseTransition(from: TaskStatus, to: TaskStatus, reason: string | undefined): TransitionRefusal | null {
  const allowed = OFFICER_TRANSITIONS[from];
  if (!allowed.includes(to)) {
    const why = to === 'cancelled' ? 'only a reconciler cancels a task' : allowed.length === 0 ? `${from} is final` : `allowed: ${allowed.join(', ')}`;
    return { kind: 'illegal', detail: `status: a ${from} task cannot become ${to} (${why})`, allowed };
  }
  if (to === 'rejected' && (reason === undefined || reason.trim() === '')) {
    return { kind: 'reason-required', detail: 'reason: required to reject a task' };
  }
  return null;
}

/**
 * The status after a reconciler's decision: a task an officer has taken keeps its status
 * (DESIGN.md: "cancelled by itself … unless an officer has already taken it"); otherwise the
 * reconciler's status applies (including a reopening of a task it had cancelled).
 */
export function statusAfterSystemChange(current: TaskStatus | undefined, incoming: SystemStatus): { status: TaskStatus; applied: boolean } {
  if (current !== undefined && OFFICER_TAKEN.has(current)) return { status: current, applied: false };
  return { status: incoming, applied: true };
}
