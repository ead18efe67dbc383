import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { MessagingAdmin, MessagingClient } from '@continuity/messaging';
import type { BrokerHealthProbe } from '@continuity/service-kit';
import { API_MESSAGING, API_OPTIONS } from '../config/tokens';
import type { ResolvedApiOptions } from '../config/api-options';
import { TaskConsumer } from '../tasks/task-consumer.service';

/** Readiness of the broker side: the task consumer runs and the broker answers for the tasks topic. */
@Injectable()
export class KafkaHealthProbe implements BrokerHealthProbe, OnApplicationShutdown {
  private readonly admin: MessagingAdmin;

  constructor(
    @Inject(API_MESSAGING) client: MessagingClient,
    @Inject(API_OPTIONS) private readonly options: ResolvedApiOptions,
    private readonly consumer: TaskConsumer,
  ) {
    // One admin connection for the life of the app, not one per probe.
    this.admin = client.admin();
  }

  async check(): Promise<boolean> {
    if (!this.consumer.isHealthy()) return false;
    await this.admin.fetchHighWatermarks(this.options.topics.tasks);
    return true;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.admin.disconnect();
  }
}
