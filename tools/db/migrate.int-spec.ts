import { createTestDatabase } from '@continuity/testing';
import { migrateAll, SERVICE_SCHEMAS } from './migrate';
import { Client } from 'pg';

describe('db:migrate (PostgreSQL)', () => {
  it('creates a missing database, every service schema with its tables, and is idempotent', async () => {
    // Borrow a unique name, drop it, and let migrateAll create it again.
    const db = await createTestDatabase('migrate_all');
    await db.drop();
    try {
      const first = await migrateAll(db.url);
      expect(Object.keys(first)).toEqual([...SERVICE_SCHEMAS]);
      for (const schema of SERVICE_SCHEMAS) expect(first[schema]).toEqual([`EventStore_${schema}_1732780000000`]);
      const again = await migrateAll(db.url);
      for (const schema of SERVICE_SCHEMAS) expect(again[schema]).toEqual([]);

      const c = new Client({ connectionString: db.url });
      await c.connect();
      try {
        const { rows } = await c.query(
          `SELECT table_schema, count(*)::int AS n FROM information_schema.tables
            WHERE table_name IN ('events', 'rejected_messages', 'consumer_offsets', 'outbox')
            GROUP BY table_schema ORDER BY table_schema`,
        );
        expect(rows).toEqual([...SERVICE_SCHEMAS].sort().map((s) => ({ table_schema: s, n: 4 })));
      } finally {
        await c.end();
      }
    } finally {
      await db.drop();
    }
  });
});
