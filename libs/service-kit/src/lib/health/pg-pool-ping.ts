import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Pool } from 'pg';
import type { DatabasePing } from './health-probes';

/**
 * Pings PostgreSQL through a dedicated one-connection pool, so readiness is answered even when
 * the app's own pool is saturated by a long batch.
 */
export class PgPoolPing implements DatabasePing, OnApplicationShutdown {
  private readonly logger = new Logger(PgPoolPing.name);
  private readonly pool: Pool;

  constructor(connectionString: string, timeoutMs: number) {
    this.pool = new Pool({
      connectionString,
      max: 1,
      connectionTimeoutMillis: timeoutMs,
      idleTimeoutMillis: 30_000,
      allowExitOnIdle: true,
      application_name: 'continuity-health',
    });
    // An idle connection dropped by the server must not crash the process; the next ping reports it.
    this.pool.on('error', (error) => this.logger.warn(`health connection lost: ${error.message}`));
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
