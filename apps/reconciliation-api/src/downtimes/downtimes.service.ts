import { Inject, Injectable } from '@nestjs/common';
import { EventStore } from '@continuity/event-store';
import { enqueueOutbox } from '@continuity/messaging';
import { RequestValidationException } from '@continuity/service-kit';
import type { DataSource } from 'typeorm';
import { AuditLog } from '../audit/audit-log';
import type { RequestContext } from '../auth/caller';
import { API_SCHEMA, type ResolvedApiOptions } from '../config/api-options';
import { API_DATA_SOURCE, API_OPTIONS } from '../config/tokens';
import { downtimeEvents, operationsOutboxRow, type DowntimeDeclaration } from './downtime-events';

/** What a declaration published. */
export interface DeclaredDowntime {
  facility: string;
  events: Array<{ id: string; type: string; time: string }>;
}

/**
 * Declares a degraded period: in one transaction, the CloudEvents are stored in the API's log
 * (what it declared, and when), audited, and queued for `continuity.downtime.v1`, which every
 * reconciler instance reads.
 */
@Injectable()
export class Downtimes {
  constructor(
    @Inject(API_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(API_OPTIONS) private readonly options: ResolvedApiOptions,
    private readonly store: EventStore,
    private readonly audit: AuditLog,
  ) {}

  async declare(declaration: DowntimeDeclaration, ctx: RequestContext): Promise<DeclaredDowntime> {
    if (declaration.end !== undefined && Date.parse(declaration.end) < Date.parse(declaration.start)) {
      throw new RequestValidationException([{ field: 'end', detail: 'must not be before start' }]);
    }
    const events = downtimeEvents(declaration, new Date());
    await this.dataSource.transaction(async (em) => {
      await this.audit.record(
        {
          caller: ctx.caller,
          requestId: ctx.requestId,
          action: 'downtime.declare',
          outcome: 'ok',
          resourceType: 'Downtime',
          resourceIds: events.map((e) => e.id),
          detail: { facility: declaration.facility, systems: declaration.systems, start: declaration.start, end: declaration.end ?? null },
        },
        em,
      );
      await enqueueOutbox(em, API_SCHEMA, events.map((e) => operationsOutboxRow(this.options.topics.downtime, e)));
      await this.store.append(
        em,
        events.map((e) => ({
          streamId: `downtime-${declaration.facility}`,
          source: e.source,
          eventId: e.id,
          type: e.type,
          clinicalTime: new Date(e.time),
          recordedTime: new Date(e.recordedtime ?? e.time),
          data: e,
          metadata: { declaredBy: ctx.caller.name },
        })),
      );
    });
    return { facility: declaration.facility, events: events.map((e) => ({ id: e.id, type: e.type, time: e.time })) };
  }
}
