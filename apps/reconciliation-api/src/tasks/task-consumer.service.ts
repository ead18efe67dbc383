import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { TASK_EVENT_TYPE, type ParsedEvent } from '@continuity/contracts';
import { EventStore, type NewEvent, type StoredEvent } from '@continuity/event-store';
import { ConsumerRunner, type BatchContext, type MessagingClient } from '@continuity/messaging';
import { Metrics } from '@continuity/service-kit';
import type { Counter, Gauge } from 'prom-client';
import type { DataSource } from 'typeorm';
import { API_SOURCE, type ResolvedApiOptions } from '../config/api-options';
import { API_DATA_SOURCE, API_MESSAGING, API_OPTIONS } from '../config/tokens';
import { nestMessagingLogger } from '../messaging/nest-messaging-logger';
import { TaskReadModel } from './task-read-model';
import { projectSystemChange, type TaskRow } from './task-projection';
import { readIncomingTask, type IncomingTask, type TaskNote } from './task-resource';
import { taskStreamOf, TASK_CHANGE_KEPT, type TaskChangeKeptData } from './task-events';

type Outcome = 'applied' | 'kept' | 'ignored' | 'echo';

/**
 * Consumes `reconciliation.tasks.v1` into the read model, exactly once: each chunk of messages
 * is ONE transaction holding the Task CloudEvents as events of the `api` store (idempotent on
 * source + id, so a redelivery changes nothing), the read model rows they change, and the
 * consumer's offsets. The API's own transitions come back on the topic with the source and id
 * they were stored with, so the store drops them as duplicates.
 */
@Injectable()
export class TaskConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(TaskConsumer.name);
  private readonly runner: ConsumerRunner;
  private readonly readModel = new TaskReadModel();
  private readonly outcomes: Counter<'outcome'>;
  private readonly lag: Gauge<'partition'>;

  constructor(
    @Inject(API_MESSAGING) client: MessagingClient,
    @Inject(API_DATA_SOURCE) dataSource: DataSource,
    @Inject(API_OPTIONS) options: ResolvedApiOptions,
    private readonly store: EventStore,
    metrics: Metrics,
  ) {
    this.outcomes = metrics.counter({ name: 'continuity_api_task_events_total', help: 'Task CloudEvents consumed, by what they did to the read model', labelNames: ['outcome'] });
    this.lag = metrics.gauge({ name: 'continuity_api_tasks_consumer_lag', help: 'Task messages waiting after the last chunk', labelNames: ['partition'] });
    this.runner = new ConsumerRunner(client, {
      groupId: options.tasksGroupId,
      topics: [options.topics.tasks],
      dataSource,
      store,
      streamIdOf: (event) => taskStreamOf(taskIdOf(event)),
      tagsOf: (event) => [`task:${taskIdOf(event)}`, ...(event.subject?.startsWith('Patient/') ? [`patient:${event.subject.slice(8)}`] : [])],
      // parseMessage knows the four input topics; on any other it needs a domain to check the
      // envelope. Tasks are not one of its §3 types, so their payload is checked here instead
      // (readIncomingTask); 'downtime' is the domain whose subject is not a §3 patient subject.
      parseOptionsFor: () => ({ domain: 'downtime' }),
      handler: (ctx) => this.onChunk(ctx),
      onChunk: (m) => this.lag.set({ partition: String(m.partition) }, m.lag),
      logger: nestMessagingLogger(this.logger),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.runner.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }

  isHealthy(): boolean {
    return this.runner.isHealthy();
  }

  private async onChunk(ctx: BatchContext): Promise<void> {
    const incoming: Array<{ stored: StoredEvent; value: IncomingTask }> = [];
    for (const stored of ctx.accepted) {
      const event = stored.data as ParsedEvent;
      if (event.source === API_SOURCE) {
        this.outcomes.inc({ outcome: 'echo' });
        continue;
      }
      const reading = event.type === TASK_EVENT_TYPE ? readIncomingTask(event.data, event.subject) : { ok: false as const, reason: `type: not ${TASK_EVENT_TYPE}` };
      if (!reading.ok) {
        // Kept in the store as received; only the read model ignores it.
        this.outcomes.inc({ outcome: 'ignored' });
        this.logger.warn({ msg: 'task event not projected', reason: reading.reason, topic: ctx.topic, partition: ctx.partition, position: stored.position });
        continue;
      }
      incoming.push({ stored, value: reading.value });
    }
    if (incoming.length === 0) return;
    const rows = await this.readModel.lock(ctx.em, incoming.map((i) => i.value.task.id));
    const changed = new Map<string, TaskRow>();
    const notes: NewEvent[] = [];
    for (const { stored, value } of incoming) {
      const { row, note } = projectSystemChange(rows.get(value.task.id), value);
      rows.set(row.id, row);
      changed.set(row.id, row);
      this.outcomes.inc({ outcome: (note ? 'kept' : 'applied') satisfies Outcome });
      if (note) notes.push(keptEvent(stored, row, note));
    }
    await this.readModel.upsert(ctx.em, [...changed.values()]);
    await this.store.append(ctx.em, notes);
  }
}

function taskIdOf(event: ParsedEvent): string {
  const id = (event.data as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id !== '' ? id.slice(0, 128) : 'unidentified';
}

/** The event recording that a reconciler's decision was kept as history only. */
function keptEvent(cause: StoredEvent, row: TaskRow, note: TaskNote): NewEvent {
  const data: TaskChangeKeptData = {
    taskId: row.id,
    systemStatus: row.systemStatus,
    keptStatus: row.status,
    cause: { source: cause.source, id: cause.eventId, position: cause.position },
    note: note.text,
  };
  return {
    streamId: taskStreamOf(row.id),
    source: API_SOURCE,
    // One per consumed event: its position in this store is unique.
    eventId: `kept-${cause.position}`,
    type: TASK_CHANGE_KEPT,
    clinicalTime: new Date(note.time),
    recordedTime: new Date(note.time),
    data,
    tags: [`task:${row.id}`, `patient:${row.patientKey}`],
  };
}
