import { type DynamicModule, Module } from '@nestjs/common';
import { ContinuityConfigModule, type ContinuityConfigModuleOptions } from '../config/continuity-config.module';
import { HealthModule } from '../health/health.module';
import type { HealthModuleOptions } from '../health/health-options';
import { LoggingModule, type LoggingModuleOptions } from '../logging/logging.module';
import { MetricsModule } from '../metrics/metrics.module';

/** Options of {@link ServiceKitModule.forRoot}. */
export interface ServiceKitOptions extends ContinuityConfigModuleOptions {
  health: HealthModuleOptions;
  logging?: LoggingModuleOptions;
}

/**
 * Everything a service shares, in one import: validated config (`AppConfig`), pino logging,
 * metrics (`Metrics`, `GET /metrics`) and health (`GET /health`). Start it with `bootstrapService`.
 *
 * ```ts
 * @Module({ imports: [ServiceKitModule.forRoot({ service: 'lab', defaultPort: 3102,
 *   health: { imports: [KafkaModule], brokerProbe: { useExisting: KafkaHealthProbe } } }), LabModule] })
 * export class AppModule {}
 * ```
 */
@Module({})
export class ServiceKitModule {
  static forRoot(options: ServiceKitOptions): DynamicModule {
    const { health, logging, ...config } = options;
    return {
      module: ServiceKitModule,
      imports: [ContinuityConfigModule.forRoot(config), LoggingModule.forRoot(logging), MetricsModule, HealthModule.forRoot(health)],
    };
  }
}
