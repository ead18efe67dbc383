import { Inject, Injectable } from '@nestjs/common';
import { Metrics } from '@continuity/service-kit';
import type { Counter } from 'prom-client';
import type { DataSource, EntityManager } from 'typeorm';
import { API_SCHEMA } from '../config/api-options';
import { API_DATA_SOURCE } from '../config/tokens';
import { apiTables } from '../database/api.migrations';
import type { Caller } from '../auth/caller';

/** What was done; stable names an auditor can filter on. */
export type AuditAction =
  | 'task.search'
  | 'task.read'
  | 'task.transition'
  | 'report.read'
  | 'downtime.declare'
  | 'replay.create'
  | 'replay.read'
  | 'order.history'
  | 'access.denied';

/** One line of the audit trail: who, what, when (the database's clock), about which patients. */
export interface AuditEntry {
  caller: Caller;
  requestId?: string;
  action: AuditAction;
  outcome: 'ok' | 'denied';
  /** `Task`, `Order`, `Report`, `Downtime`, `Replay`, `route`. */
  resourceType: string;
  resourceIds?: readonly string[];
  /** Pseudonymous keys of the patients whose data was read or changed. */
  patientKeys?: readonly string[];
  /** What the request asked (filters, window); never a secret. */
  detail?: Record<string, unknown>;
}

/**
 * The append-only audit trail (`api.audit_log`; a trigger refuses UPDATE, DELETE and TRUNCATE).
 * Reads of patient data are recorded before the data is sent, so an answer that could not be
 * audited is not given; transitions are recorded in their own transaction.
 */
@Injectable()
export class AuditLog {
  private readonly table = apiTables(API_SCHEMA).auditLog;
  private readonly written: Counter<'action' | 'outcome'>;

  constructor(
    @Inject(API_DATA_SOURCE) private readonly dataSource: DataSource,
    metrics: Metrics,
  ) {
    this.written = metrics.counter({ name: 'continuity_api_audit_records_total', help: 'Audit log lines written', labelNames: ['action', 'outcome'] });
  }

  /** Appends one entry, in `em`'s transaction when given. */
  async record(entry: AuditEntry, em?: EntityManager): Promise<void> {
    await (em ?? this.dataSource.manager).query(
      `INSERT INTO ${this.table} (actor, role, action, outcome, resource_type, resource_ids, patient_keys, request_id, detail)
       VALUES ($1, $2, $3, $4, $5, $6::text[], $7::text[], $8, $9::jsonb)`,
      [
        entry.caller.name,
        entry.caller.role,
        entry.action,
        entry.outcome,
        entry.resourceType,
        [...(entry.resourceIds ?? [])],
        [...new Set(entry.patientKeys ?? [])],
        entry.requestId ?? null,
        JSON.stringify(entry.detail ?? {}),
      ],
    );
    this.written.inc({ action: entry.action, outcome: entry.outcome });
  }
}
