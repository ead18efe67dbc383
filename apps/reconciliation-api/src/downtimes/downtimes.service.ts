import { Inject, Injectable } from '@nestjs/common';
import { EventStore } from '@continuity/event-store';
import { enqueueOutbox } from '@continuity/messaging';
import { RequestValidationException, type FieldError } from '@continuity/service-kit';
import type { DataSource } from 'typeorm';
import { AuditLog } from '../audit/audit-log';
import type { RequestContext } from '../auth/caller';
import { API_SCHEMA, type ResolvedApiOptions } from '../config/api-options';
import { API_DATA_SOURCE, API_OPTIONS } from '../config/tokens';
import { downtimeEvents, operationsOutboxRow, type DowntimeDeclaration } from './downtime-events';

/** Tolerated difference between the caller's clock and ours. */
const CLOCK_SKEW_MS = 5 * 60_000;

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
    const now = Date.now();
    const problems: FieldError[] = [];
    for (const field of ['start', 'end'] as const) {
      const at = declaration[field];
      // A time ahead of the clock would drive the reconcilers' clocks into the future.
      if (at !== undefined && Date.parse(at) > now + CLOCK_SKEW_MS) problems.push({ field, detail: 'must not be in the future' });
    }
    if (declaration.end !== undefined && Date.parse(declaration.end) < Date.parse(declaration.start)) {
      problems.push({ field: 'end', detail: 'must not be before start' });
    }
    if (problems.length > 0) throw new RequestValidationException(problems);
    const events = downtimeEvents(declaration);
    const declaredAt = new Date(now);
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
          recordedTime: declaredAt,
          data: e,
          metadata: { declaredBy: ctx.caller.name, declaredAt: declaredAt.toISOString() },
        })),
      );
    });
    return { facility: declaration.facility, events: events.map((e) => ({ id: e.id, type: e.type, time: e.time })) };
  }
}
