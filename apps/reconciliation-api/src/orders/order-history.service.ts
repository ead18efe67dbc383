import { Inject, Injectable } from '@nestjs/common';
import type { Domain, ParsedEvent } from '@continuity/contracts';
import type { DataSource } from 'typeorm';
import { DOMAINS, type ResolvedApiOptions } from '../config/api-options';
import { API_DATA_SOURCE, API_OPTIONS, HISTORY_DATA_SOURCE } from '../config/tokens';
import { ReconcilerHistory, type HistoryRow } from '../history/reconciler-history';
import { TaskReadModel } from '../tasks/task-read-model';
import type { ServedTask } from '../tasks/task-resource';
import { orderStateAsOf, type OrderState } from './order-state';

/** One stored event of an order, from one reconciler's store. */
export interface OrderHistoryEntry {
  domain: Domain;
  position: string;
  id: string;
  source: string;
  type: string;
  time: string | null;
  recordedTime: string | null;
  entryMode: string | null;
  facility: string | null;
  patientKey: string | null;
  /** Recorded at or before `asOf`: part of the state below. */
  knownAsOf: boolean;
  data: unknown;
}

/** The answer of `GET /api/v1/orders/{system}/{value}/history`. */
export interface OrderHistory {
  order: { system: string; value: string };
  asOf: string;
  state: OrderState;
  events: OrderHistoryEntry[];
  /** Tasks naming the order (focus or related), as they stand now. */
  tasks: ServedTask[];
}

/**
 * Every event the reconcilers stored about one order (tagged `system|value` in their schemas,
 * read through the read-only history DataSource, in one snapshot), in recorded-time order, and
 * the order's state as known at a time.
 */
@Injectable()
export class OrderHistories {
  private readonly stores: ReconcilerHistory[];
  private readonly readModel = new TaskReadModel();

  constructor(
    @Inject(HISTORY_DATA_SOURCE) private readonly history: DataSource,
    @Inject(API_DATA_SOURCE) private readonly api: DataSource,
    @Inject(API_OPTIONS) options: ResolvedApiOptions,
  ) {
    this.stores = DOMAINS.map((d) => new ReconcilerHistory(d, options.reconcilerSchemas[d]));
  }

  async of(system: string, value: string, asOf: Date): Promise<OrderHistory | null> {
    const tag = `${system}|${value}`;
    const rows = await this.history.transaction('REPEATABLE READ', async (em) => {
      const found: Array<HistoryRow & { domain: Domain }> = [];
      for (const store of this.stores) {
        if (!(await store.exists(em))) continue;
        for (const row of await store.byTag(em, tag)) found.push({ ...row, domain: store.domain });
      }
      return found;
    });
    if (rows.length === 0) return null;
    const events = rows.map((r) => entryOf(r, asOf)).sort(byRecordedTime);
    const state = orderStateAsOf(
      events.map((e) => ({ type: e.type, recordedTime: e.recordedTime ?? '', resource: e.data })),
      asOf,
    );
    const tasks = await this.readModel.byOrder(this.api.manager, tag);
    return { order: { system, value }, asOf: asOf.toISOString(), state, events, tasks };
  }
}

function entryOf(row: HistoryRow & { domain: Domain }, asOf: Date): OrderHistoryEntry {
  const event = row.data as Partial<ParsedEvent>;
  const recorded = row.recorded_time ? new Date(row.recorded_time) : null;
  return {
    domain: row.domain,
    position: row.position,
    id: row.event_id,
    source: row.source,
    type: row.type,
    time: row.clinical_time ? new Date(row.clinical_time).toISOString() : null,
    recordedTime: recorded ? recorded.toISOString() : null,
    entryMode: event.entryMode ?? null,
    facility: event.facility ?? null,
    patientKey: event.patientKey ?? null,
    knownAsOf: recorded !== null && recorded.getTime() <= asOf.getTime(),
    data: event.data ?? null,
  };
}

const DOMAIN_ORDER: Readonly<Record<Domain, number>> = { prescriptions: 0, lab: 1, scheduling: 2 };

function byRecordedTime(a: OrderHistoryEntry, b: OrderHistoryEntry): number {
  const ta = a.recordedTime === null ? Infinity : Date.parse(a.recordedTime);
  const tb = b.recordedTime === null ? Infinity : Date.parse(b.recordedTime);
  if (ta !== tb) return ta - tb;
  if (a.domain !== b.domain) return DOMAIN_ORDER[a.domain] - DOMAIN_ORDER[b.domain];
  const pa = BigInt(a.position);
  const pb = BigInt(b.position);
  return pa < pb ? -1 : pa > pb ? 1 : 0;
}
