import { Global, type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { AppConfig } from '../config/app-config';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { Metrics } from './metrics';
import { MetricsController } from './metrics.controller';

/**
 * One prom-client `Registry` per application (not the global one, so several services can run
 * in one test process), with Node's default metrics and `service` as a default label.
 * Inject `Metrics` to declare counters, gauges and histograms; scraped at `GET /metrics`.
 */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [
    {
      provide: Registry,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        const registry = new Registry();
        registry.setDefaultLabels({ service: config.service });
        collectDefaultMetrics({ register: registry });
        return registry;
      },
    },
    Metrics,
    HttpMetricsMiddleware,
  ],
  exports: [Registry, Metrics],
})
export class MetricsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes({ path: '*path', method: RequestMethod.ALL });
  }
}
