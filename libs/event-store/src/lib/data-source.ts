import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { advisoryKey } from './advisory-key';
import { eventStoreMigrations } from './migrations/event-store.migration';
import { quoteSchema } from './schema-name';

/** Where TypeORM records the migrations it ran, inside each service schema. */
export const MIGRATIONS_TABLE = 'migrations';

/** Options of a service's DataSource: one database URL, one schema. */
export interface DataSourceOptions {
  url: string;
  schema: string;
  /** The service's own migrations; the event store's are always included before them. */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's type
  migrations?: Function[];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's type
  entities?: Function[];
  /** Connection pool size (default 10). */
  poolSize?: number;
  /** Shown in pg_stat_activity. */
  applicationName?: string;
}

/**
 * A TypeORM PostgreSQL DataSource bound to one service schema (not yet initialized).
 * Never synchronizes: the schema is migrations only. The connection's `search_path` starts with
 * the schema, so a service's unqualified SQL and its migrations land in its own schema.
 */
export function createDataSource(options: DataSourceOptions): DataSource {
  quoteSchema(options.schema);
  return new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    synchronize: false,
    migrationsRun: false,
    migrationsTableName: MIGRATIONS_TABLE,
    migrations: [...eventStoreMigrations(options.schema), ...(options.migrations ?? [])],
    entities: options.entities ?? [],
    applicationName: options.applicationName,
    poolSize: options.poolSize ?? 10,
    extra: { options: `-c search_path=${options.schema},public` },
  });
}

/** Creates the schema if it does not exist (safe to race with another process). */
export async function ensureSchema(url: string, schema: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await createSchemaIfMissing(client, schema);
  } finally {
    await client.end();
  }
}

async function createSchemaIfMissing(client: Client, schema: string): Promise<void> {
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteSchema(schema)}`);
  } catch (err) {
    // Two concurrent IF NOT EXISTS can still collide on the catalog's unique index.
    if ((err as { code?: string }).code !== '23505') throw err;
  }
}

/**
 * Creates the schema and runs the event store's migrations then `extraMigrations` in it, all in
 * one transaction. A session advisory lock per schema makes instances booting together take turns.
 * Returns the names of the migrations it ran (empty when up to date).
 */
export async function runMigrations(
  url: string,
  schema: string,
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's type
  extraMigrations: Function[] = [],
): Promise<string[]> {
  const lock = new Client({ connectionString: url });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [advisoryKey(`continuity:migrations:${schema}`)]);
    await createSchemaIfMissing(lock, schema);
    const ds = createDataSource({ url, schema, migrations: extraMigrations, poolSize: 1, applicationName: 'migrations' });
    await ds.initialize();
    try {
      const ran = await ds.runMigrations({ transaction: 'all' });
      return ran.map((m) => m.name);
    } finally {
      await ds.destroy();
    }
  } finally {
    await lock.end(); // ends the session, which releases the advisory lock
  }
}
