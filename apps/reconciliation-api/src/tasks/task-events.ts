import type { TaskStatus, SystemStatus } from './task-lifecycle';

/** Type of an officer's transition stored in the `api` event store (and republished as a Task CloudEvent). */
export const TASK_TRANSITIONED = 'continuity.api.task.transitioned';
/** Type of the note that a reconciler's decision did not change a task an officer had taken. */
export const TASK_CHANGE_KEPT = 'continuity.api.task.change-kept';

/** Every change of one task, in the `api` store, is in this stream. */
export const taskStreamOf = (taskId: string): string => `task-${taskId}`;

/** Data of a stored transition. */
export interface TaskTransitionedData {
  taskId: string;
  from: TaskStatus;
  to: TaskStatus;
  reason?: string;
  by: { name: string; role: string };
  at: string;
  /** The task's read-model version after the change. */
  version: number;
}

/** Data of a stored "kept" note. */
export interface TaskChangeKeptData {
  taskId: string;
  systemStatus: SystemStatus;
  keptStatus: TaskStatus;
  cause: { source: string; id: string; position: string };
  note: string;
}
