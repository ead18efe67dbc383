import { Client } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import { makeEvent, readEventually } from '../test-support/event-factory';
import { createTempDatabase, TempDatabase } from '../test-support/temp-database';
import { canonicalJson } from './canonical-json';
import { createDataSource, runMigrations } from './data-source';
import { EventStore } from './event-store';
import { chainHash, contentString } from './hash-chain';

describe('hash chain and append-only table (PostgreSQL)', () => {
  let db: TempDatabase;
  let ds: DataSource;
  const store = new EventStore('chain');
  const ROWS = 50;

  beforeAll(async () => {
    db = await createTempDatabase('es_chain');
    await runMigrations(db.url, 'chain');
    ds = createDataSource({ url: db.url, schema: 'chain' });
    await ds.initialize();
    // Several batches, so the chain crosses append calls; verify pages by 7 rows to cross pages too.
    for (let b = 0; b < 5; b++) {
      await store.append(ds, Array.from({ length: 10 }, (_, i) => makeEvent({ streamId: `p/${i % 3}`, data: { b, i, note: 'é "x"' } })));
    }
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  /** Runs `fn` in a transaction with the tamper setting on, as a person altering rows by hand; rolls back after. */
  async function whileTampering<T>(fn: (em: EntityManager) => Promise<T>): Promise<T> {
    const qr = ds.createQueryRunner();
    await qr.connect();
    await qr.startTransaction();
    try {
      await qr.query(`SET LOCAL continuity.allow_tamper = on`);
      return await fn(qr.manager);
    } finally {
      await qr.rollbackTransaction();
      await qr.release();
    }
  }

  it('verifies an intact chain across batches and pages', async () => {
    expect(await store.verifyChain(ds, 7)).toEqual({ ok: true, rows: ROWS });
  });

  it.each([
    ['data', `UPDATE chain.events SET data = jsonb_set(data, '{note}', '"edited"') WHERE position = $1`],
    ['clinical time', `UPDATE chain.events SET clinical_time = clinical_time + interval '1 hour' WHERE position = $1`],
    ['tags', `UPDATE chain.events SET tags = '{}' WHERE position = $1`],
    ['Kafka offset', `UPDATE chain.events SET kafka_offset = kafka_offset + 1 WHERE position = $1`],
    ['event type', `UPDATE chain.events SET type = 'continuity.lab.cancelled' WHERE position = $1`],
  ])('names the first row whose %s was altered by hand', async (_field, sql) => {
    const result = await whileTampering(async (em) => {
      await em.query(sql, [41]);
      await em.query(sql, [23]);
      return store.verifyChain(em, 7);
    });
    expect(result).toEqual({ ok: false, position: '23', reason: expect.stringMatching(/content does not match its hash/) });
    expect(await store.verifyChain(ds)).toEqual({ ok: true, rows: ROWS });
  });

  it('names the row after one rewritten with a recomputed hash', async () => {
    const result = await whileTampering(async (em) => {
      const [row] = await readEventually(() => store.readPositions(em, '22', 1), (r) => r.length === 1);
      const data = { ...(row.data as object), note: 'rewritten' };
      const hash = chainHash(
        Buffer.from(row.prevHash as string, 'hex'),
        contentString(row, canonicalJson(data), canonicalJson(row.metadata)),
      );
      await em.query(`UPDATE chain.events SET data = $1, hash = $2 WHERE position = 23`, [data, hash]);
      return store.verifyChain(em);
    });
    expect(result).toEqual({ ok: false, position: '24', reason: expect.stringMatching(/hash of the row before \(position 23\)/) });
  });

  it('names the row after a deleted one, and a chain whose first rows were deleted', async () => {
    expect(await whileTampering(async (em) => {
      await em.query(`DELETE FROM chain.events WHERE position = 23`);
      return store.verifyChain(em);
    })).toEqual({ ok: false, position: '24', reason: expect.stringMatching(/position 22/) });
    expect(await whileTampering(async (em) => {
      await em.query(`DELETE FROM chain.events WHERE position <= 2`);
      return store.verifyChain(em);
    })).toEqual({ ok: false, position: '3', reason: expect.stringMatching(/first row/) });
  });

  it.each([
    ['UPDATE', `UPDATE chain.events SET data = '{}' WHERE position = 5`],
    ['DELETE', `DELETE FROM chain.events WHERE position = 5`],
    ['TRUNCATE', `TRUNCATE chain.events`],
  ])('refuses %s while the tamper setting is off', async (_op, sql) => {
    await expect(ds.query(sql)).rejects.toThrow(/events are append-only/);
    await expect(ds.transaction(async (em) => {
      await em.query(`SET LOCAL continuity.allow_tamper = off`);
      await em.query(sql);
    })).rejects.toThrow(/events are append-only/);
    expect(await store.verifyChain(ds)).toEqual({ ok: true, rows: ROWS });
  });

  it('finds a committed alteration from another session', async () => {
    const person = new Client({ connectionString: db.url });
    await person.connect();
    try {
      await person.query(`SET continuity.allow_tamper = on`);
      await person.query(`UPDATE chain.events SET recorded_time = now() WHERE position = 37`);
    } finally {
      await person.end();
    }
    expect(await store.verifyChain(ds)).toMatchObject({ ok: false, position: '37' });
  });
});
