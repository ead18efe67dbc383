import type { Domain } from '@continuity/contracts';
import type { Caller } from '../auth/caller';
import { statusAfterSystemChange, type SystemStatus, type TaskStatus } from './task-lifecycle';
import { orderKeysOf, type IncomingTask, type ServedTask, type TaskNote } from './task-resource';

/** One row of the task read model: the latest state of a task, and the columns search filters on. */
export interface TaskRow {
  id: string;
  domain: Domain;
  status: TaskStatus;
  /** The reconciler's latest decision, whatever officers did since. */
  systemStatus: SystemStatus;
  code: string;
  priority: string;
  severity: string;
  facility: string;
  patientKey: string;
  orderKeys: string[];
  authoredOn: string;
  lastModified: string;
  /** Changes applied to this task so far (the served `meta.versionId`). */
  version: number;
  resource: ServedTask;
}

/** Who the read model names as the author of the notes it adds itself. */
export const SYSTEM_AUTHOR = 'continuity';

/** A reconciler's decision applied to the read model, and the note it left if it was not applied. */
export interface SystemProjection {
  row: TaskRow;
  /** Set when an officer had taken the task, so the reconciler's status was kept as an event only. */
  note: TaskNote | null;
}

/**
 * Folds a reconciler's Task into the read model: a new task, a cancellation or a reopening.
 * A task an officer has taken keeps its status; the decision is noted on the task instead.
 */
export function projectSystemChange(current: TaskRow | undefined, incoming: IncomingTask): SystemProjection {
  const { task } = incoming;
  const { status, applied } = statusAfterSystemChange(current?.status, task.status);
  const version = (current?.version ?? 0) + 1;
  const lastModified = latest(current?.lastModified, task.lastModified);
  const note: TaskNote | null = applied
    ? null
    : {
        time: task.lastModified,
        authorString: SYSTEM_AUTHOR,
        text:
          task.status === 'cancelled'
            ? `The reconciler found this discrepancy resolved by later events; the task stays ${status} because an officer has taken it.`
            : `The reconciler found this discrepancy again; the task stays ${status} because an officer has taken it.`,
      };
  const notes = [...(current?.resource.note ?? []), ...(note ? [note] : [])];
  const resource: ServedTask = {
    ...task,
    status,
    authoredOn: current?.authoredOn ?? task.authoredOn,
    lastModified,
    meta: { versionId: String(version), lastUpdated: lastModified },
    ...(current?.resource.statusReason ? { statusReason: current.resource.statusReason } : {}),
    ...(notes.length > 0 ? { note: notes } : {}),
  };
  return {
    row: {
      id: task.id,
      domain: incoming.domain,
      status,
      systemStatus: task.status,
      code: incoming.rule,
      priority: task.priority,
      severity: incoming.severity,
      facility: incoming.facility,
      patientKey: incoming.patientKey,
      orderKeys: orderKeysOf(task),
      authoredOn: resource.authoredOn,
      lastModified,
      version,
      resource,
    },
    note,
  };
}

/** An officer's (already checked) transition applied to the read model, at the API's time `at`. */
export function projectTransition(current: TaskRow, to: TaskStatus, reason: string | undefined, by: Caller, at: string): TaskRow {
  const version = current.version + 1;
  const notes = [...(current.resource.note ?? [])];
  if (reason !== undefined && reason.trim() !== '') notes.push({ time: at, authorString: by.name, text: `${current.status} → ${to}: ${reason.trim()}` });
  const resource: ServedTask = {
    ...current.resource,
    status: to,
    lastModified: at,
    meta: { versionId: String(version), lastUpdated: at },
    ...(to === 'rejected' && reason !== undefined ? { statusReason: { text: reason.trim() } } : {}),
    ...(notes.length > 0 ? { note: notes } : {}),
  };
  return { ...current, status: to, lastModified: at, version, resource };
}

function latest(a: string | undefined, b: string): string {
  return a !== undefined && Date.parse(a) > Date.parse(b) ? a : b;
}
