import { DataSource, EntityManager } from 'typeorm';

/** What the store's methods run on: the caller's EntityManager (usually inside its transaction) or a DataSource. */
export type Db = EntityManager | DataSource;

/**
 * Runs `fn` in a transaction: the caller's own when `db` is an EntityManager inside one (so the
 * events commit with the caller's other writes), else a new one.
 */
export async function inTransaction<T>(db: Db, fn: (em: EntityManager) => Promise<T>): Promise<T> {
  if (db instanceof EntityManager && db.queryRunner?.isTransactionActive) return fn(db);
  return db.transaction(fn);
}

/** Runs one SQL statement on `db` and returns its rows. */
export async function queryRows<R>(db: Db, sql: string, params: unknown[] = []): Promise<R[]> {
  return (await db.query(sql, params)) as R[];
}
