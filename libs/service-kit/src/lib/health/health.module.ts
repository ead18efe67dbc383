import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import type { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { HealthController } from './health.controller';
import { DEFAULT_HEALTH_TIMEOUT_MS, type HealthModuleOptions, type ResolvedHealthOptions } from './health-options';
import { BROKER_HEALTH_PROBE, DATABASE_PING, type DatabasePing, HEALTH_OPTIONS } from './health-probes';
import { PgPoolPing } from './pg-pool-ping';

/** `GET /health` (readiness: PostgreSQL and broker) and `GET /health/live`, with terminus. */
@Module({})
export class HealthModule {
  static forRoot(options: HealthModuleOptions): DynamicModule {
    const resolved: ResolvedHealthOptions = { timeoutMs: options.timeoutMs ?? DEFAULT_HEALTH_TIMEOUT_MS };
    const databasePing: Provider =
      options.dataSource === undefined
        ? {
            provide: DATABASE_PING,
            inject: [AppConfig],
            useFactory: (config: AppConfig) => new PgPoolPing(config.databaseUrl, resolved.timeoutMs),
          }
        : {
            provide: DATABASE_PING,
            inject: [options.dataSource],
            useFactory: (dataSource: DataSource): DatabasePing => ({ ping: async () => void (await dataSource.query('SELECT 1')) }),
          };
    return {
      module: HealthModule,
      // Failures are logged by the controller, once, at warn.
      imports: [TerminusModule.forRoot({ logger: false }), ...(options.imports ?? [])],
      controllers: [HealthController],
      providers: [
        { provide: HEALTH_OPTIONS, useValue: resolved },
        { provide: BROKER_HEALTH_PROBE, ...options.brokerProbe } as Provider,
        databasePing,
      ],
    };
  }
}
