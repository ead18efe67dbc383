import { randomUUID } from 'node:crypto';
import { TASK_EVENT_TYPE, type Domain } from '@continuity/contracts';
import type { NewEvent, StoredEvent } from '@continuity/event-store';
import type { OutboxRow } from '@continuity/messaging';
import { toFhirTask, type FactChange, type Instant, type TaskChange } from '@continuity/rules';

/** Type of a stored clock advance of one partition (DESIGN.md: time is an event). */
export const CLOCK_TICKED = 'continuity.clock.ticked';

/** Type of a stored fact change of a shared stage (a patient's slots with one practitioner). */
export const SHARED_FACT_CHANGED = 'continuity.shared.fact-changed';

/** Types of the stored task decisions, one per TaskChange kind. */
export const TASK_CHANGE_TYPES = {
  opened: 'continuity.task.opened',
  cancelled: 'continuity.task.cancelled',
  reopened: 'continuity.task.reopened',
} as const satisfies Record<TaskChange['kind'], string>;

/** Data of a stored tick: replaying a partition re-applies it as a LogEntry of kind 'tick'. */
export interface TickData {
  topic: string;
  partition: number;
  now: Instant;
  downtimeUpTo: string | null;
}

/** Data of a stored task decision. */
export interface TaskChangeData {
  topic: string;
  partition: number;
  change: TaskChange;
}

export const reconcilerSource = (domain: Domain): string => `urn:continuity:reconciler:${domain}`;
export const clockStreamOf = (topic: string, partition: number): string => `clock-${topic}-${partition}`;
export const taskStreamOf = (taskId: string): string => `task-${taskId}`;
export const sharedStreamOf = (stage: string, group: string): string => `shared-${stage}-${group}`;
/**
 * Where a shared stage's decisions are filed in place of a Kafka partition: it decides across all
 * of them, so its log is the schema's fact changes in position order.
 */
export const sharedStageTopic = (stage: string): string => `stage:${stage}`;
export const SHARED_STAGE_PARTITION = 0;

/** A fact change as a store row. Its id is random: like a tick, it is never re-sent, only re-read. */
export function factEvent(domain: Domain, fact: FactChange): NewEvent {
  return {
    streamId: sharedStreamOf(fact.stage, fact.group),
    source: reconcilerSource(domain),
    eventId: randomUUID(),
    type: SHARED_FACT_CHANGED,
    clinicalTime: new Date(fact.now),
    recordedTime: new Date(fact.now),
    data: fact,
    tags: [`patient:${fact.patientKey}`],
  };
}

/** A tick as a store row. Its id is random: a tick is never re-sent, only re-read. */
export function tickEvent(domain: Domain, tick: TickData): NewEvent {
  return {
    streamId: clockStreamOf(tick.topic, tick.partition),
    source: reconcilerSource(domain),
    eventId: randomUUID(),
    type: CLOCK_TICKED,
    clinicalTime: new Date(tick.now),
    recordedTime: new Date(tick.now),
    data: tick,
  };
}

/** A task decision as a store row, in the task's own stream (its versions number the changes). */
export function taskChangeEvent(domain: Domain, topic: string, partition: number, change: TaskChange): NewEvent {
  const task = change.task;
  const data: TaskChangeData = { topic, partition, change };
  return {
    streamId: taskStreamOf(task.id),
    source: reconcilerSource(domain),
    eventId: randomUUID(),
    type: TASK_CHANGE_TYPES[change.kind],
    clinicalTime: new Date(task.lastModified),
    recordedTime: new Date(task.lastModified),
    data,
    tags: [`task:${task.id}`, `patient:${task.finding.patientKey}`],
  };
}

/**
 * The CloudEvent announcing a stored task decision on `reconciliation.tasks.v1` (CONTRACT.md §4),
 * keyed by patient. Its id is the task id and the decision's version in the task stream, so a
 * relay that publishes twice after a crash publishes the same event twice, which readers drop.
 */
export function taskOutboxRow(domain: Domain, tasksTopic: string, stored: StoredEvent): OutboxRow {
  const { change } = stored.data as TaskChangeData;
  const task = change.task;
  const event = {
    specversion: '1.0',
    id: `${task.id}-${stored.streamVersion}`,
    source: reconcilerSource(domain),
    type: TASK_EVENT_TYPE,
    time: new Date(task.lastModified).toISOString(),
    subject: `Patient/${task.finding.patientKey}`,
    datacontenttype: 'application/fhir+json',
    facility: task.finding.facility,
    data: toFhirTask(task),
  };
  return {
    topic: tasksTopic,
    key: task.finding.patientKey,
    value: Buffer.from(JSON.stringify(event), 'utf8'),
    headers: { 'content-type': 'application/cloudevents+json; charset=utf-8' },
  };
}
