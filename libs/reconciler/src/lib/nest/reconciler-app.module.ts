import { type DynamicModule, Module } from '@nestjs/common';
import type { Domain } from '@continuity/contracts';
import { createDataSource, runMigrations } from '@continuity/event-store';
import { createMessagingClient } from '@continuity/messaging';
import type { RuleSet } from '@continuity/rules';
import { AppConfig, ServiceKitModule } from '@continuity/service-kit';
import type { DataSource } from 'typeorm';
import { reconcilerMigrations } from '../reconciler.migrations';
import { ReconcilerService, type ReconcilerDomain } from './reconciler.service';
import { RECONCILER_DATA_SOURCE, RECONCILER_DOMAIN, RECONCILER_MESSAGING } from './reconciler.tokens';

export interface ReconcilerAppOptions<S> {
  domain: Domain;
  ruleSet: RuleSet<S>;
  /** Default HTTP port (health, metrics) when PORT is not set. */
  defaultPort: number;
}

/** DataSource, Kafka client and the running Reconciler of one domain. */
@Module({})
class ReconcilerCoreModule {
  static forDomain(domain: ReconcilerDomain): DynamicModule {
    return {
      module: ReconcilerCoreModule,
      providers: [
        { provide: RECONCILER_DOMAIN, useValue: domain },
        {
          provide: RECONCILER_DATA_SOURCE,
          inject: [AppConfig],
          // Migrations first (serialized across instances by an advisory lock), then the pool.
          useFactory: async (config: AppConfig): Promise<DataSource> => {
            const migrations = reconcilerMigrations(domain.domain);
            await runMigrations(config.databaseUrl, domain.domain, migrations);
            return createDataSource({ url: config.databaseUrl, schema: domain.domain, migrations, applicationName: `${domain.domain}-reconciler` }).initialize();
          },
        },
        {
          provide: RECONCILER_MESSAGING,
          inject: [AppConfig],
          useFactory: (config: AppConfig) => createMessagingClient({ brokers: [...config.kafkaBrokers], clientId: `${domain.domain}-reconciler-${config.instanceId}` }),
        },
        ReconcilerService,
      ],
      exports: [ReconcilerService, RECONCILER_DATA_SOURCE],
    };
  }
}

/**
 * The whole Nest application of a reconciler: the service kit (config, logs, metrics, health)
 * around the domain's Reconciler. An app's module is one call of this.
 */
@Module({})
export class ReconcilerAppModule {
  static forDomain<S>(options: ReconcilerAppOptions<S>): DynamicModule {
    const core = ReconcilerCoreModule.forDomain({ domain: options.domain, ruleSet: options.ruleSet as RuleSet<unknown> });
    return {
      module: ReconcilerAppModule,
      imports: [
        ServiceKitModule.forRoot({
          service: options.domain,
          defaultPort: options.defaultPort,
          health: { imports: [core], brokerProbe: { useExisting: ReconcilerService }, dataSource: RECONCILER_DATA_SOURCE },
        }),
        core,
      ],
    };
  }
}
