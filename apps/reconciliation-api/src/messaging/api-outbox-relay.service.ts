import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { OutboxRelay, type MessagingClient } from '@continuity/messaging';
import { Metrics } from '@continuity/service-kit';
import type { DataSource } from 'typeorm';
import { API_SCHEMA } from '../config/api-options';
import { API_DATA_SOURCE, API_MESSAGING } from '../config/tokens';
import { nestMessagingLogger } from './nest-messaging-logger';

/**
 * Publishes the `api` schema's outbox: task transitions (on the tasks topic), declared downtimes
 * and heartbeats (on the downtime topic). Whatever the API publishes is first written in the
 * transaction that decided it, so nothing is published that was not committed, nor lost.
 */
@Injectable()
export class ApiOutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly relay: OutboxRelay;

  constructor(@Inject(API_MESSAGING) client: MessagingClient, @Inject(API_DATA_SOURCE) dataSource: DataSource, metrics: Metrics) {
    const published = metrics.counter({ name: 'continuity_api_outbox_published_total', help: 'Outbox records published to Kafka' });
    this.relay = new OutboxRelay({
      client,
      dataSource,
      schema: API_SCHEMA,
      logger: nestMessagingLogger(new Logger(ApiOutboxRelay.name)),
      onPublished: (count) => published.inc(count),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.relay.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}
