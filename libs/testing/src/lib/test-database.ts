import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { testEnvironment } from './test-environment';

/** A database made for one test file; `drop()` removes it (and ends connections left open). */
export interface TestDatabase {
  /** Its name, unique per call. */
  name: string;
  /** Connection URL of this database. */
  url: string;
  drop(): Promise<void>;
}

/** PostgreSQL truncates identifiers past 63 bytes; longer names would silently collide. */
const MAX_IDENTIFIER = 63;

/** A database name that no other test (or run) will pick: `<prefix>_<time>_<random>`, lower-case. */
export function uniqueDatabaseName(prefix: string): string {
  const suffix = `_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const clean = prefix.toLowerCase().replace(/[^a-z0-9_]/g, '_').replace(/^[^a-z_]/, 't');
  return (clean || 't').slice(0, MAX_IDENTIFIER - suffix.length) + suffix;
}

/** `url` pointing at another database of the same server. */
export function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(name)}`;
  return parsed.toString();
}

async function runAdmin(adminUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Creates an empty database with a unique name on the test server.
 * @param prefix says whose it is (e.g. `event_store`), to find leftovers.
 * @param adminUrl server to create it on; defaults to the global setup's `DATABASE_URL`.
 */
export async function createTestDatabase(
  prefix: string,
  adminUrl: string = testEnvironment().adminDatabaseUrl,
): Promise<TestDatabase> {
  const name = uniqueDatabaseName(prefix);
  // The name is generated from [a-z0-9_] only, so quoting is enough (CREATE DATABASE takes no parameters).
  await runAdmin(adminUrl, `CREATE DATABASE "${name}"`);
  return {
    name,
    url: withDatabase(adminUrl, name),
    // FORCE (PostgreSQL 13+): a pool a test forgot to close must not keep its database alive.
    drop: () => runAdmin(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}
