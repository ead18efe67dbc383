import { quoteSchema } from '@continuity/event-store';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Qualified names of the API's tables (besides the event store's). */
export function apiTables(schema: string) {
  const s = quoteSchema(schema);
  return { schema: s, tasks: `${s}.tasks`, auditLog: `${s}.audit_log`, replayJobs: `${s}.replay_jobs` };
}

/**
 * The API's tables in its own schema, on top of the event store's:
 * - `tasks`: the read model, the latest state of each task (its changes are events in `events`);
 * - `audit_log`: who read patient data or changed a task, and when; append-only like `events`;
 * - `replay_jobs`: replays requested by auditors, their progress and result.
 */
export function apiMigrations(schema: string): Array<new () => MigrationInterface> {
  const t = apiTables(schema);
  class ApiReadModel1764400000000 implements MigrationInterface {
    name = `ApiReadModel_${schema}_1764400000000`;
    async up(q: QueryRunner): Promise<void> {
      await q.query(`CREATE TABLE ${t.tasks} (
        id             text PRIMARY KEY,
        domain         text NOT NULL,
        status         text NOT NULL,
        system_status  text NOT NULL,
        code           text NOT NULL,
        priority       text NOT NULL,
        severity       text NOT NULL,
        facility       text NOT NULL,
        patient_key    text NOT NULL,
        order_keys     text[] NOT NULL DEFAULT '{}',
        authored_on    timestamptz NOT NULL,
        last_modified  timestamptz NOT NULL,
        version        integer NOT NULL,
        resource       jsonb NOT NULL,
        updated_at     timestamptz NOT NULL DEFAULT now()
      )`);
      // Search pages are ordered by (authored_on DESC, id); each filter has an index leading to that order.
      await q.query(`CREATE INDEX tasks_authored_idx ON ${t.tasks} (authored_on DESC, id)`);
      for (const column of ['status', 'code', 'patient_key', 'facility', 'priority']) {
        await q.query(`CREATE INDEX tasks_${column}_idx ON ${t.tasks} (${column}, authored_on DESC, id)`);
      }
      await q.query(`CREATE INDEX tasks_order_keys_idx ON ${t.tasks} USING gin (order_keys)`);

      await q.query(`CREATE TABLE ${t.auditLog} (
        id             bigserial PRIMARY KEY,
        occurred_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
        actor          text NOT NULL,
        role           text NOT NULL,
        action         text NOT NULL,
        outcome        text NOT NULL,
        resource_type  text NOT NULL,
        resource_ids   text[] NOT NULL DEFAULT '{}',
        patient_keys   text[] NOT NULL DEFAULT '{}',
        request_id     text,
        detail         jsonb NOT NULL DEFAULT '{}'::jsonb
      )`);
      await q.query(`CREATE INDEX audit_log_occurred_idx ON ${t.auditLog} (occurred_at, id)`);
      await q.query(`CREATE INDEX audit_log_patients_idx ON ${t.auditLog} USING gin (patient_keys)`);
      await q.query(`CREATE FUNCTION ${t.schema}.audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
          RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP;
        END
        $fn$`);
      await q.query(`CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON ${t.auditLog}
        FOR EACH ROW EXECUTE FUNCTION ${t.schema}.audit_log_append_only()`);
      await q.query(`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON ${t.auditLog}
        FOR EACH STATEMENT EXECUTE FUNCTION ${t.schema}.audit_log_append_only()`);

      await q.query(`CREATE TABLE ${t.replayJobs} (
        id            uuid PRIMARY KEY,
        requested_by  text NOT NULL,
        requested_at  timestamptz NOT NULL DEFAULT now(),
        window_from   timestamptz NOT NULL,
        window_to     timestamptz NOT NULL,
        domains       text[] NOT NULL,
        status        text NOT NULL,
        progress      jsonb NOT NULL,
        result        jsonb,
        error         text,
        updated_at    timestamptz NOT NULL DEFAULT now(),
        finished_at   timestamptz
      )`);
      await q.query(`CREATE INDEX replay_jobs_pending_idx ON ${t.replayJobs} (requested_at) WHERE status IN ('queued', 'running')`);
    }
    async down(q: QueryRunner): Promise<void> {
      await q.query(`DROP TABLE ${t.replayJobs}`);
      await q.query(`DROP TABLE ${t.auditLog}`);
      await q.query(`DROP FUNCTION ${t.schema}.audit_log_append_only()`);
      await q.query(`DROP TABLE ${t.tasks}`);
    }
  }
  return [ApiReadModel1764400000000];
}
