import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { API_DATA_SOURCE, HISTORY_DATA_SOURCE } from '../config/tokens';

/** Closes the pools last, after every consumer and worker stopped (they stop before shutdown). */
@Injectable()
export class DataSourcesCloser implements OnApplicationShutdown {
  constructor(
    @Inject(API_DATA_SOURCE) private readonly api: DataSource,
    @Inject(HISTORY_DATA_SOURCE) private readonly history: DataSource,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    for (const ds of [this.api, this.history]) if (ds.isInitialized) await ds.destroy();
  }
}
