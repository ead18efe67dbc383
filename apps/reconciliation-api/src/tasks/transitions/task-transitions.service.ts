import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EventStore } from '@continuity/event-store';
import { enqueueOutbox } from '@continuity/messaging';
import { DomainError, Metrics, RequestValidationException } from '@continuity/service-kit';
import type { Counter } from 'prom-client';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditLog } from '../../audit/audit-log';
import type { RequestContext } from '../../auth/caller';
import { API_SCHEMA, API_SOURCE, type ResolvedApiOptions } from '../../config/api-options';
import { API_DATA_SOURCE, API_OPTIONS } from '../../config/tokens';
import { taskCloudEventRow } from '../task-cloud-event';
import { TASK_TRANSITIONED, taskStreamOf, type TaskTransitionedData } from '../task-events';
import { refuseTransition, type TaskStatus } from '../task-lifecycle';
import { projectTransition } from '../task-projection';
import { TaskReadModel } from '../task-read-model';
import type { ServedTask } from '../task-resource';

/**
 * An officer's transition, in one transaction: checked against the lifecycle under the task's
 * row lock, stored as an event, applied to the read model, audited, and queued for publication
 * as a new Task version on the tasks topic.
 */
@Injectable()
export class TaskTransitions {
  private readonly readModel = new TaskReadModel();
  private readonly counted: Counter<'to' | 'outcome'>;

  constructor(
    @Inject(API_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(API_OPTIONS) private readonly options: ResolvedApiOptions,
    private readonly store: EventStore,
    private readonly audit: AuditLog,
    metrics: Metrics,
  ) {
    this.counted = metrics.counter({ name: 'continuity_api_task_transitions_total', help: 'Officer transitions, by target status and outcome', labelNames: ['to', 'outcome'] });
  }

  async transition(taskId: string, to: TaskStatus, reason: string | undefined, ctx: RequestContext): Promise<ServedTask> {
    try {
      const task = await this.dataSource.transaction((em) => this.apply(em, taskId, to, reason, ctx));
      this.counted.inc({ to, outcome: 'done' });
      return task;
    } catch (error) {
      if (error instanceof DomainError && error.code === 'TASK.ILLEGAL_TRANSITION') {
        this.counted.inc({ to, outcome: 'refused' });
        await this.audit.record({
          caller: ctx.caller,
          requestId: ctx.requestId,
          action: 'task.transition',
          outcome: 'denied',
          resourceType: 'Task',
          resourceIds: [taskId],
          patientKeys: typeof error.extensions.patientKey === 'string' ? [error.extensions.patientKey] : [],
          detail: { to, from: error.extensions.currentStatus },
        });
        // The patient key was carried for the audit only.
        const { patientKey: _key, ...extensions } = error.extensions;
        throw new DomainError({ code: error.code, kind: error.kind, detail: error.detail, extensions });
      }
      throw error;
    }
  }

  private async apply(em: EntityManager, taskId: string, to: TaskStatus, reason: string | undefined, ctx: RequestContext): Promise<ServedTask> {
    // The append lock first, as the consumer takes it: the two writers never wait on each other crosswise.
    await this.store.lockAppends(em);
    const current = (await this.readModel.lock(em, [taskId])).get(taskId);
    if (!current) throw new DomainError({ code: 'TASK.NOT_FOUND', kind: 'not-found', detail: `id: no task ${taskId}` });
    const refusal = refuseTransition(current.status, to, reason);
    if (refusal?.kind === 'reason-required') throw new RequestValidationException([{ field: 'reason', detail: 'is required to reject a task' }]);
    if (refusal?.kind === 'illegal') {
      throw new DomainError({
        code: 'TASK.ILLEGAL_TRANSITION',
        kind: 'conflict',
        title: 'Illegal task transition',
        detail: refusal.detail,
        extensions: { currentStatus: current.status, allowed: refusal.allowed, patientKey: current.patientKey },
      });
    }
    const at = new Date().toISOString();
    const row = projectTransition(current, to, reason, ctx.caller, at);
    const eventId = randomUUID();
    const data: TaskTransitionedData = {
      taskId,
      from: current.status,
      to,
      ...(reason !== undefined ? { reason } : {}),
      by: { name: ctx.caller.name, role: ctx.caller.role },
      at,
      version: row.version,
    };
    await this.readModel.upsert(em, [row]);
    await this.audit.record(
      {
        caller: ctx.caller,
        requestId: ctx.requestId,
        action: 'task.transition',
        outcome: 'ok',
        resourceType: 'Task',
        resourceIds: [taskId],
        patientKeys: [row.patientKey],
        detail: { from: current.status, to, version: row.version },
      },
      em,
    );
    await enqueueOutbox(em, API_SCHEMA, [taskCloudEventRow(this.options.topics.tasks, row.resource, eventId, row.facility)]);
    // Last: the append holds the store's lock until commit anyway.
    await this.store.append(em, [
      {
        streamId: taskStreamOf(taskId),
        source: API_SOURCE,
        eventId,
        type: TASK_TRANSITIONED,
        clinicalTime: new Date(at),
        recordedTime: new Date(at),
        data,
        tags: [`task:${taskId}`, `patient:${row.patientKey}`],
      },
    ]);
    return row.resource;
  }
}
