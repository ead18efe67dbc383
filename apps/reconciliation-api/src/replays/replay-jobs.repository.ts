import type { Domain } from '@continuity/contracts';
import type { EntityManager } from 'typeorm';
import { API_SCHEMA } from '../config/api-options';
import { apiTables } from '../database/api.migrations';
import type { ReplayOutcome, ReplayProgress } from './replay-run';

export type ReplayStatus = 'queued' | 'running' | 'done' | 'failed';

/** A replay as stored in `api.replay_jobs`. */
export interface ReplayJob {
  id: string;
  requestedBy: string;
  requestedAt: string;
  from: string;
  to: string;
  domains: Domain[];
  status: ReplayStatus;
  progress: ReplayProgress;
  result: ReplayOutcome | null;
  error: string | null;
  finishedAt: string | null;
}

interface JobRow {
  id: string;
  requested_by: string;
  requested_at: Date;
  window_from: Date;
  window_to: Date;
  domains: Domain[];
  status: ReplayStatus;
  progress: ReplayProgress;
  result: ReplayOutcome | null;
  error: string | null;
  finished_at: Date | null;
}

/**
 * A running job that has not reported progress for this long is taken to be orphaned (its
 * process died) and is run again by whichever instance claims it. Progress is reported at
 * least every partition and every 20 000 log entries, far more often than this.
 */
export const ORPHANED_AFTER = '2 minutes';

const SELECT = 'id, requested_by, requested_at, window_from, window_to, domains, status, progress, result, error, finished_at';

/** The replay jobs table; SQL only. */
export class ReplayJobs {
  private readonly table = apiTables(API_SCHEMA).replayJobs;

  async create(em: EntityManager, job: { id: string; requestedBy: string; from: Date; to: Date; domains: readonly Domain[] }): Promise<void> {
    const progress: ReplayProgress = { partitionsDone: 0, partitionsTotal: 0, events: 0 };
    await em.query(
      `INSERT INTO ${this.table} (id, requested_by, window_from, window_to, domains, status, progress) VALUES ($1, $2, $3, $4, $5::text[], 'queued', $6::jsonb)`,
      [job.id, job.requestedBy, job.from, job.to, [...job.domains], JSON.stringify(progress)],
    );
  }

  async find(em: EntityManager, id: string): Promise<ReplayJob | null> {
    const rows: JobRow[] = await em.query(`SELECT ${SELECT} FROM ${this.table} WHERE id = $1`, [id]);
    return rows[0] ? toJob(rows[0]) : null;
  }

  /** Takes the oldest queued (or orphaned) job and marks it running; null when there is none. */
  async claim(em: EntityManager): Promise<ReplayJob | null> {
    const rows: JobRow[] = await em.query(
      `UPDATE ${this.table} SET status = 'running', updated_at = now()
        WHERE id = (SELECT id FROM ${this.table}
                     WHERE status = 'queued' OR (status = 'running' AND updated_at < now() - interval '${ORPHANED_AFTER}')
                     ORDER BY requested_at FOR UPDATE SKIP LOCKED LIMIT 1)
        RETURNING ${SELECT}`,
    );
    const row = (rows as unknown as [JobRow[], number])[0]?.[0] ?? null;
    return row ? toJob(row) : null;
  }

  async progress(em: EntityManager, id: string, progress: ReplayProgress): Promise<void> {
    await em.query(`UPDATE ${this.table} SET progress = $2::jsonb, updated_at = now() WHERE id = $1`, [id, JSON.stringify(progress)]);
  }

  async finish(em: EntityManager, id: string, progress: ReplayProgress, result: ReplayOutcome): Promise<void> {
    await em.query(
      `UPDATE ${this.table} SET status = 'done', progress = $2::jsonb, result = $3::jsonb, updated_at = now(), finished_at = now() WHERE id = $1`,
      [id, JSON.stringify(progress), JSON.stringify(result)],
    );
  }

  /** Puts a job interrupted by a shutdown back in the queue, from the start. */
  async requeue(em: EntityManager, id: string): Promise<void> {
    await em.query(`UPDATE ${this.table} SET status = 'queued', updated_at = now() WHERE id = $1 AND status = 'running'`, [id]);
  }

  async fail(em: EntityManager, id: string, error: string): Promise<void> {
    await em.query(`UPDATE ${this.table} SET status = 'failed', error = $2, updated_at = now(), finished_at = now() WHERE id = $1`, [id, error]);
  }
}

function toJob(r: JobRow): ReplayJob {
  return {
    id: r.id,
    requestedBy: r.requested_by,
    requestedAt: new Date(r.requested_at).toISOString(),
    from: new Date(r.window_from).toISOString(),
    to: new Date(r.window_to).toISOString(),
    domains: r.domains,
    status: r.status,
    progress: r.progress,
    result: r.result,
    error: r.error,
    finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null,
  };
}
