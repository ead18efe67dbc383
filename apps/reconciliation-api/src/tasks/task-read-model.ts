import type { Domain } from '@continuity/contracts';
import type { EntityManager } from 'typeorm';
import { API_SCHEMA } from '../config/api-options';
import { apiTables } from '../database/api.migrations';
import type { SystemStatus } from './task-lifecycle';
import type { TaskRow } from './task-projection';
import { asTaskStatus, type ServedTask } from './task-resource';
import type { TaskSearch } from './task-search.params';

/** Rows per upsert statement: large enough for few round trips, small enough for a bounded parameter. */
export const UPSERT_CHUNK = 1000;

/** A page of a search: the total of matches and the tasks of the page. */
export interface TaskPage {
  total: number;
  tasks: ServedTask[];
}

/** One cell of the discrepancy report. */
export interface ReportCell {
  rule: string;
  facility: string;
  severity: string;
  status: string;
  count: number;
}

/** Filters of the discrepancy report: tasks authored in [from, to), of one facility. */
export interface ReportFilter {
  from?: Date;
  to?: Date;
  facility?: string;
}

interface DbRow {
  id: string;
  domain: Domain;
  status: string;
  system_status: SystemStatus;
  code: string;
  priority: string;
  severity: string;
  facility: string;
  patient_key: string;
  order_keys: string[];
  version: number;
  resource: ServedTask;
}

const COLUMNS = 'id, domain, status, system_status, code, priority, severity, facility, patient_key, order_keys, version, resource';

/**
 * The task read model (`api.tasks`): SQL only, every call in the caller's EntityManager so that
 * the consumer's chunk transaction and a transition's transaction carry their own writes.
 * Writers hold the `api` event store's append lock, so changes to one task never interleave.
 */
export class TaskReadModel {
  private readonly table = apiTables(API_SCHEMA).tasks;

  /** The rows of `ids` that exist, locked until the transaction ends (in id order: no deadlock between writers). */
  async lock(em: EntityManager, ids: readonly string[]): Promise<Map<string, TaskRow>> {
    if (ids.length === 0) return new Map();
    const rows: DbRow[] = await em.query(`SELECT ${COLUMNS} FROM ${this.table} WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`, [[...new Set(ids)]]);
    return new Map(rows.map((r) => [r.id, toTaskRow(r)]));
  }

  /**
   * Inserts or replaces rows, in multi-row statements of {@link UPSERT_CHUNK}: the bulk path of
   * the consumer (one statement per chunk of messages) and of the benchmark. One row per id.
   */
  async upsert(em: EntityManager, rows: readonly TaskRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += UPSERT_CHUNK) {
      const chunk = rows.slice(i, i + UPSERT_CHUNK).map(toRecord);
      await em.query(
        `INSERT INTO ${this.table} (${COLUMNS}, authored_on, last_modified)
         SELECT r.id, r.domain, r.status, r.system_status, r.code, r.priority, r.severity, r.facility, r.patient_key,
                r.order_keys, r.version, r.resource, r.authored_on, r.last_modified
           FROM jsonb_to_recordset($1::jsonb) AS r(id text, domain text, status text, system_status text, code text, priority text,
                severity text, facility text, patient_key text, order_keys text[], version integer, resource jsonb,
                authored_on timestamptz, last_modified timestamptz)
         ON CONFLICT (id) DO UPDATE SET
           domain = EXCLUDED.domain, status = EXCLUDED.status, system_status = EXCLUDED.system_status, code = EXCLUDED.code,
           priority = EXCLUDED.priority, severity = EXCLUDED.severity, facility = EXCLUDED.facility,
           patient_key = EXCLUDED.patient_key, order_keys = EXCLUDED.order_keys, version = EXCLUDED.version,
           resource = EXCLUDED.resource, authored_on = EXCLUDED.authored_on, last_modified = EXCLUDED.last_modified,
           updated_at = now()`,
        [JSON.stringify(chunk)],
      );
    }
  }

  /** One task as served, or null. */
  async find(em: EntityManager, id: string): Promise<ServedTask | null> {
    const rows: Array<{ resource: ServedTask }> = await em.query(`SELECT resource FROM ${this.table} WHERE id = $1`, [id]);
    return rows[0]?.resource ?? null;
  }

  /**
   * A page of tasks matching the search, newest authored first (then by id, so pages are
   * stable), and the number of matches. Every filter is an indexed column.
   */
  async search(em: EntityManager, search: TaskSearch): Promise<TaskPage> {
    const params: unknown[] = [];
    const where: string[] = [];
    const anyOf = (column: string, lists: readonly (readonly string[])[]) => {
      for (const list of lists) {
        params.push([...list]);
        where.push(`${column} = ANY($${params.length}::text[])`);
      }
    };
    anyOf('status', search.status);
    anyOf('code', search.code);
    anyOf('patient_key', search.patient);
    anyOf('facility', search.facility);
    anyOf('priority', search.priority);
    for (const bound of search.authored) {
      params.push(bound.at);
      where.push(`authored_on ${bound.op} $${params.length}`);
    }
    const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }]: Array<{ total: number }> = await em.query(`SELECT count(*)::int AS total FROM ${this.table} ${filter}`, params);
    if (search.count === 0 || search.offset >= total) return { total, tasks: [] };
    const page: Array<{ resource: ServedTask }> = await em.query(
      `SELECT resource FROM ${this.table} ${filter} ORDER BY authored_on DESC, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, search.count, search.offset],
    );
    return { total, tasks: page.map((r) => r.resource) };
  }

  /** Task counts by rule, facility, severity and status. */
  async report(em: EntityManager, filter: ReportFilter): Promise<ReportCell[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (filter.from) {
      params.push(filter.from);
      where.push(`authored_on >= $${params.length}`);
    }
    if (filter.to) {
      params.push(filter.to);
      where.push(`authored_on < $${params.length}`);
    }
    if (filter.facility) {
      params.push(filter.facility);
      where.push(`facility = $${params.length}`);
    }
    const rows: Array<ReportCell> = await em.query(
      `SELECT code AS rule, facility, severity, status, count(*)::int AS count FROM ${this.table}
        ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        GROUP BY code, facility, severity, status ORDER BY code, facility, severity, status`,
      params,
    );
    return rows;
  }

  /** Tasks naming an order (its focus or a related order), as served. */
  async byOrder(em: EntityManager, orderKey: string): Promise<ServedTask[]> {
    const rows: Array<{ resource: ServedTask }> = await em.query(
      `SELECT resource FROM ${this.table} WHERE order_keys @> ARRAY[$1]::text[] ORDER BY authored_on, id`,
      [orderKey],
    );
    return rows.map((r) => r.resource);
  }
}

function toTaskRow(r: DbRow): TaskRow {
  return {
    id: r.id,
    domain: r.domain,
    status: asTaskStatus(r.status),
    systemStatus: r.system_status,
    code: r.code,
    priority: r.priority,
    severity: r.severity,
    facility: r.facility,
    patientKey: r.patient_key,
    orderKeys: r.order_keys,
    authoredOn: r.resource.authoredOn,
    lastModified: r.resource.lastModified,
    version: r.version,
    resource: r.resource,
  };
}

function toRecord(row: TaskRow) {
  return {
    id: row.id,
    domain: row.domain,
    status: row.status,
    system_status: row.systemStatus,
    code: row.code,
    priority: row.priority,
    severity: row.severity,
    facility: row.facility,
    patient_key: row.patientKey,
    order_keys: row.orderKeys,
    version: row.version,
    resource: row.resource,
    authored_on: row.authoredOn,
    last_modified: row.lastModified,
  };
}
