import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { enqueueOutbox } from '@continuity/messaging';
import type { DataSource } from 'typeorm';
import type { ApiSettings } from '../config/api-settings';
import { API_SCHEMA, type ResolvedApiOptions } from '../config/api-options';
import { API_DATA_SOURCE, API_OPTIONS, API_SETTINGS } from '../config/tokens';
import { heartbeatEvent, operationsOutboxRow } from './downtime-events';

/**
 * Publishes `continuity.source.heartbeat` every `API_HEARTBEAT_SECONDS` (DESIGN.md: time is an
 * event; a quiet night must still move the reconcilers' clocks so deadlines fire). 0 turns it
 * off, as simulations of past outages need.
 */
@Injectable()
export class Heartbeat implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(Heartbeat.name);
  private timer: NodeJS.Timeout | null = null;
  private beating: Promise<void> = Promise.resolve();

  constructor(
    @Inject(API_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(API_OPTIONS) private readonly options: ResolvedApiOptions,
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
  ) {}

  onApplicationBootstrap(): void {
    if (this.settings.heartbeatSeconds === 0) {
      this.logger.log('heartbeat off (API_HEARTBEAT_SECONDS=0)');
      return;
    }
    this.timer = setInterval(() => {
      this.beating = this.beat();
    }, this.settings.heartbeatSeconds * 1000);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.beating;
  }

  /** Queues one heartbeat now. */
  async beat(): Promise<void> {
    try {
      await enqueueOutbox(this.dataSource.manager, API_SCHEMA, [operationsOutboxRow(this.options.topics.downtime, heartbeatEvent(new Date()))]);
    } catch (error) {
      this.logger.warn({ msg: 'heartbeat not queued', error: error instanceof Error ? error.message : String(error) });
    }
  }
}
