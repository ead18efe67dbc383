/**
 * `npm run db:migrate`: creates the database if missing, then each service's schema and its
 * event-store tables. Services run the same migrations (plus their own) at boot; this is for a
 * fresh environment, CI and operators.
 *
 * CLI: `ts-node --transpile-only -r tsconfig-paths/register tools/db/migrate.ts [url]`
 * (default: `DATABASE_URL`, else CONTRACT.md §5's URL).
 */
import { runMigrations } from '@continuity/event-store';
import { DEFAULT_DATABASE_URL, ensureDatabase, redact } from './create-database';

/** One schema per service (DESIGN.md "Storage"): the three reconcilers and the API. */
export const SERVICE_SCHEMAS = ['prescriptions', 'lab', 'scheduling', 'api'] as const;

/** Migrates every schema in turn; returns, per schema, the migrations that ran now. */
export async function migrateAll(url: string, schemas: readonly string[] = SERVICE_SCHEMAS): Promise<Record<string, string[]>> {
  await ensureDatabase(url);
  const ran: Record<string, string[]> = {};
  for (const schema of schemas) ran[schema] = await runMigrations(url, schema);
  return ran;
}

if (require.main === module) {
  const url = process.argv[2] ?? process.env['DATABASE_URL'] ?? DEFAULT_DATABASE_URL;
  migrateAll(url)
    .then((ran) => {
      for (const [schema, names] of Object.entries(ran)) {
        console.log(`db: ${schema}: ${names.length === 0 ? 'up to date' : `ran ${names.join(', ')}`}`);
      }
      console.log(`db: ${redact(url)} migrated`);
    })
    .catch((err: unknown) => {
      console.error(`db: migration of ${redact(url)} failed: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    });
}
