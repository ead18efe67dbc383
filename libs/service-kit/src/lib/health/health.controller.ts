import { Controller, Get, Inject, Logger, Res, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService, type HealthCheckResult, type HealthIndicatorResult } from '@nestjs/terminus';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { BROKER_HEALTH_PROBE, type BrokerHealthProbe, DATABASE_PING, type DatabasePing, HEALTH_OPTIONS } from './health-probes';
import type { ResolvedHealthOptions } from './health-options';

/**
 * `GET /health`: 200 when PostgreSQL and the broker answer, else 503 (terminus's JSON body,
 * which probes and dashboards understand). `GET /health/live`: the process answers at all.
 */
@ApiTags('operations')
@Controller('health')
export class HealthController {
  private readonly logger = new Logger(HealthController.name);

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(DATABASE_PING) private readonly database: DatabasePing,
    @Inject(BROKER_HEALTH_PROBE) private readonly broker: BrokerHealthProbe,
    @Inject(HEALTH_OPTIONS) private readonly options: ResolvedHealthOptions,
  ) {}

  @Get()
  @HealthCheck()
  async readiness(@Res({ passthrough: true }) res: Response): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        () =>
          this.probe('database', async () => {
            await this.database.ping();
            return true;
          }),
        () => this.probe('broker', () => this.broker.check()),
      ]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      res.status(503);
      return error.getResponse() as HealthCheckResult;
    }
  }

  @Get('live')
  @HealthCheck()
  liveness(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Runs one dependency check within the timeout; the public body says only up or down. */
  private async probe(key: string, check: () => Promise<boolean>): Promise<HealthIndicatorResult> {
    const session = this.indicators.check(key);
    const reason = await withTimeout(check(), this.options.timeoutMs).then(
      (ok) => (ok ? null : 'not ready'),
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    if (reason === null) return session.up();
    this.logger.warn(`${key} is down: ${reason}`);
    return session.down({ message: reason === 'not ready' || reason.startsWith('timed out') ? reason : 'unreachable' });
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
