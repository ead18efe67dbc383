import { DataSource } from 'typeorm';

/**
 * A DataSource for reading the reconcilers' schemas without being able to write them: every
 * connection starts with `default_transaction_read_only=on`, so an INSERT, UPDATE, DELETE or DDL
 * sent through it fails (`25006 read_only_sql_transaction`). The API never writes there anyway;
 * this makes it impossible by construction. In production, also connect it as a role granted
 * only SELECT on those schemas.
 */
export function createHistoryDataSource(url: string, poolSize = 4): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    synchronize: false,
    migrationsRun: false,
    entities: [],
    poolSize,
    applicationName: 'api-history',
    extra: { options: '-c default_transaction_read_only=on' },
  });
}
