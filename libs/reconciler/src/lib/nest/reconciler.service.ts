import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Domain } from '@continuity/contracts';
import type { MessagingClient } from '@continuity/messaging';
import type { RuleSet } from '@continuity/rules';
import { AppConfig, Metrics, type BrokerHealthProbe } from '@continuity/service-kit';
import type { DataSource } from 'typeorm';
import { Reconciler } from '../reconciler';
import { reconcilerMetricHooks } from './reconciler-metrics';
import { RECONCILER_DATA_SOURCE, RECONCILER_DOMAIN, RECONCILER_MESSAGING } from './reconciler.tokens';

export interface ReconcilerDomain {
  domain: Domain;
  ruleSet: RuleSet<unknown>;
}

/** Runs the Reconciler for the app's lifetime; also its broker readiness probe. */
@Injectable()
export class ReconcilerService implements OnApplicationBootstrap, OnApplicationShutdown, BrokerHealthProbe {
  private readonly logger = new Logger(ReconcilerService.name);
  readonly reconciler: Reconciler<unknown>;

  constructor(
    config: AppConfig,
    metrics: Metrics,
    @Inject(RECONCILER_DOMAIN) domain: ReconcilerDomain,
    @Inject(RECONCILER_DATA_SOURCE) dataSource: DataSource,
    @Inject(RECONCILER_MESSAGING) client: MessagingClient,
  ) {
    this.reconciler = new Reconciler({
      domain: domain.domain,
      ruleSet: domain.ruleSet,
      client,
      dataSource,
      instanceId: config.instanceId,
      hooks: reconcilerMetricHooks(metrics),
      logger: {
        debug: () => undefined,
        info: (msg, fields) => this.logger.log({ ...fields, msg }),
        warn: (msg, fields) => this.logger.warn({ ...fields, msg }),
        error: (msg, fields) => this.logger.error({ ...fields, msg }),
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.reconciler.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.reconciler.stop();
  }

  check(): Promise<boolean> {
    return this.reconciler.isReady();
  }
}
