/**
 * Creates the database named in a PostgreSQL URL when it does not exist yet.
 *
 * CLI: `ts-node --transpile-only -r tsconfig-paths/register tools/db/create-database.ts [url]`
 * (default: `DATABASE_URL`, else CONTRACT.md §5's `postgres://postgres@127.0.0.1:5432/continuity`).
 */
import { Client } from 'pg';

/** CONTRACT.md §5 default. */
export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/continuity';

/** PostgreSQL error codes meaning "someone else created it first" (a concurrent ensureDatabase). */
const ALREADY_EXISTS = new Set(['42P04', '23505']);

/** The database name in `url` and the URL of the server's `postgres` database (to run CREATE DATABASE from). */
export function splitDatabaseUrl(url: string): { name: string; adminUrl: string } {
  const parsed = new URL(url);
  const name = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (name.length === 0) throw new Error(`no database name in ${redact(url)}`);
  parsed.pathname = '/postgres';
  return { name, adminUrl: parsed.toString() };
}

/** `url` without its password, for messages. */
export function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/** Double-quotes an identifier for SQL (CREATE DATABASE takes no bind parameters). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Creates the database named in `url` if missing.
 * @returns true when it was created now, false when it already existed.
 */
export async function ensureDatabase(url: string): Promise<boolean> {
  const { name, adminUrl } = splitDatabaseUrl(url);
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return false;
    try {
      await client.query(`CREATE DATABASE ${quoteIdent(name)}`);
      return true;
    } catch (err) {
      if (ALREADY_EXISTS.has((err as { code?: string }).code ?? '')) return false;
      throw err;
    }
  } finally {
    await client.end();
  }
}

if (require.main === module) {
  const url = process.argv[2] ?? process.env['DATABASE_URL'] ?? DEFAULT_DATABASE_URL;
  ensureDatabase(url)
    .then((created) => console.log(`db: ${redact(url)} ${created ? 'created' : 'already exists'}`))
    .catch((err: unknown) => {
      console.error(`db: cannot ensure ${redact(url)}: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    });
}
