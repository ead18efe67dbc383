import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** A database made for one test file on the test server; `drop()` removes it. */
export interface OwnDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/**
 * Creates a uniquely named database on the server of `DATABASE_URL` (exported by the int
 * tier's global setup; the local server otherwise). The kit's own helper: a `type:infra` lib
 * may not import `@continuity/testing` (`type:testing`).
 */
export async function createOwnDatabase(prefix: string): Promise<OwnDatabase> {
  const server = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await runAdmin(urlOf(server, 'postgres'), `CREATE DATABASE "${name}"`);
  return {
    name,
    url: urlOf(server, name),
    // FORCE: a connection left open (the health pool) must not keep the database alive.
    drop: () => runAdmin(urlOf(server, 'postgres'), `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

function urlOf(server: string, database: string): string {
  const url = new URL(server);
  url.pathname = `/${database}`;
  return url.toString();
}

async function runAdmin(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
