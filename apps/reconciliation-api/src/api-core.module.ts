import { type DynamicModule, Global, Module } from '@nestjs/common';
import { createDataSource, EventStore, runMigrations } from '@continuity/event-store';
import { createMessagingClient } from '@continuity/messaging';
import { AppConfig } from '@continuity/service-kit';
import type { DataSource } from 'typeorm';
import { AuditLog } from './audit/audit-log';
import { API_SCHEMA, resolveApiOptions, type ReconciliationApiOptions } from './config/api-options';
import { parseApiSettings, type ApiSettings } from './config/api-settings';
import { API_DATA_SOURCE, API_MESSAGING, API_OPTIONS, API_SETTINGS, HISTORY_DATA_SOURCE } from './config/tokens';
import { apiMigrations } from './database/api.migrations';
import { DataSourcesCloser } from './database/data-sources';
import { createHistoryDataSource } from './database/history-data-source';
import { ApiOutboxRelay } from './messaging/api-outbox-relay.service';
import { KafkaHealthProbe } from './messaging/kafka-health.probe';
import { TaskConsumer } from './tasks/task-consumer.service';

/**
 * What every part of the API shares: settings, the two DataSources (read-write on `api`,
 * read-only for the reconcilers' schemas), Kafka, the API's event store, the audit log, the task
 * consumer and the outbox relay.
 */
@Global()
@Module({})
export class ApiCoreModule {
  static forRoot(options: ReconciliationApiOptions): DynamicModule {
    const exported = [API_OPTIONS, API_SETTINGS, API_DATA_SOURCE, HISTORY_DATA_SOURCE, API_MESSAGING, EventStore, AuditLog, TaskConsumer, KafkaHealthProbe];
    return {
      module: ApiCoreModule,
      providers: [
        // The one place the API reads its own variables; the kit's AppConfig holds the rest.
        { provide: API_SETTINGS, useFactory: () => parseApiSettings(options.env ?? process.env) },
        { provide: API_OPTIONS, inject: [API_SETTINGS], useFactory: (settings: ApiSettings) => resolveApiOptions(options, settings) },
        {
          provide: API_DATA_SOURCE,
          inject: [AppConfig],
          // Migrations first (instances booting together take turns on an advisory lock), then the pool.
          useFactory: async (config: AppConfig): Promise<DataSource> => {
            const migrations = apiMigrations(API_SCHEMA);
            await runMigrations(config.databaseUrl, API_SCHEMA, migrations);
            return createDataSource({ url: config.databaseUrl, schema: API_SCHEMA, migrations, applicationName: 'reconciliation-api' }).initialize();
          },
        },
        {
          provide: HISTORY_DATA_SOURCE,
          inject: [AppConfig],
          useFactory: (config: AppConfig): Promise<DataSource> => createHistoryDataSource(config.databaseUrl).initialize(),
        },
        {
          provide: API_MESSAGING,
          inject: [AppConfig],
          useFactory: (config: AppConfig) => createMessagingClient({ brokers: [...config.kafkaBrokers], clientId: `reconciliation-api-${config.instanceId}` }),
        },
        { provide: EventStore, useValue: new EventStore(API_SCHEMA) },
        AuditLog,
        TaskConsumer,
        ApiOutboxRelay,
        KafkaHealthProbe,
        DataSourcesCloser,
      ],
      exports: exported,
    };
  }
}
