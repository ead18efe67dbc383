import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** A database of its own for one test file, dropped by `drop()`. */
export interface TempDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * Creates an empty database with a unique name on the server of `serverUrl` (the global setup's
 * DATABASE_URL, else the local PostgreSQL), so test files never see each other's rows.
 */
export async function createTempDatabase(prefix: string, serverUrl = process.env['DATABASE_URL']): Promise<TempDatabase> {
  const admin = new URL(serverUrl ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  admin.pathname = '/postgres';
  const name = `${prefix}_${randomBytes(5).toString('hex')}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  await withClient(admin.toString(), (c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(admin.toString());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => withClient(admin.toString(), (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}
