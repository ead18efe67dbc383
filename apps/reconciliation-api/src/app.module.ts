import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { ServiceKitModule } from '@continuity/service-kit';
import { ApiCoreModule } from './api-core.module';
import { AccessGuard } from './auth/access.guard';
import type { ReconciliationApiOptions } from './config/api-options';
import type { ApiSettings } from './config/api-settings';
import { API_DATA_SOURCE, API_SETTINGS } from './config/tokens';
import { DowntimesController } from './downtimes/downtimes.controller';
import { Downtimes } from './downtimes/downtimes.service';
import { Heartbeat } from './downtimes/heartbeat.service';
import { KafkaHealthProbe } from './messaging/kafka-health.probe';
import { OrderHistories } from './orders/order-history.service';
import { OrdersController } from './orders/orders.controller';
import { ReplaysController } from './replays/replays.controller';
import { ReplayWorker } from './replays/replay-worker.service';
import { ReportsController } from './reports/reports.controller';
import { FhirTaskController } from './tasks/fhir-task.controller';
import { TaskTransitions } from './tasks/transitions/task-transitions.service';
import { TransitionsController } from './tasks/transitions/transitions.controller';

/** Window of the per-key rate limit. */
const RATE_WINDOW_MS = 60_000;

/**
 * The reconciliation API (CONTRACT.md §6): FHIR Task search and read, transitions, the
 * discrepancy report, downtime declaration, replays and order history, behind API keys with
 * roles. `main.ts` is `runService(ReconciliationApiModule.forRoot(), { openApi })`.
 */
@Module({})
export class ReconciliationApiModule {
  static forRoot(options: ReconciliationApiOptions = {}): DynamicModule {
    const core = ApiCoreModule.forRoot(options);
    return {
      module: ReconciliationApiModule,
      imports: [
        ServiceKitModule.forRoot({
          service: 'api',
          defaultPort: 3000,
          env: options.env,
          logging: options.logging,
          health: { imports: [core], brokerProbe: { useExisting: KafkaHealthProbe }, dataSource: API_DATA_SOURCE },
        }),
        core,
        ThrottlerModule.forRootAsync({
          inject: [API_SETTINGS],
          useFactory: (settings: ApiSettings) => ({ throttlers: [{ name: 'per-key', ttl: RATE_WINDOW_MS, limit: settings.rateLimitPerMinute }] }),
        }),
      ],
      controllers: [FhirTaskController, TransitionsController, ReportsController, DowntimesController, ReplaysController, OrdersController],
      providers: [{ provide: APP_GUARD, useClass: AccessGuard }, TaskTransitions, Downtimes, Heartbeat, ReplayWorker, OrderHistories],
    };
  }
}
