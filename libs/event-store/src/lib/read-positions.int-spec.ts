import { DataSource, QueryRunner } from 'typeorm';
import { makeEvent, sleep } from '../test-support/event-factory';
import { createTempDatabase, TempDatabase } from '../test-support/temp-database';
import { createDataSource, runMigrations } from './data-source';
import { EventStore } from './event-store';
import type { StoredEvent } from './event.types';

/** Deterministic pseudo-random numbers, so a failing interleaving can be replayed. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe('readPositions never skips a late commit (PostgreSQL)', () => {
  let db: TempDatabase;
  let reader: DataSource;
  const store = new EventStore('feed');

  beforeAll(async () => {
    db = await createTempDatabase('es_feed');
    await runMigrations(db.url, 'feed');
    reader = createDataSource({ url: db.url, schema: 'feed', poolSize: 4 });
    await reader.initialize();
  });
  afterAll(async () => {
    await reader?.destroy();
    await db?.drop();
  });

  /** Polls until `n` events have been read after `after` (other sessions' transactions can delay readers). */
  async function readUntil(after: string, n: number): Promise<StoredEvent[]> {
    const out: StoredEvent[] = [];
    for (let i = 0; i < 1_200 && out.length < n; i++) {
      const got = await store.readPositions(reader, out.at(-1)?.position ?? after, 50);
      if (got.length === 0) await sleep(25);
      out.push(...got);
    }
    return out;
  }

  async function begin(): Promise<QueryRunner> {
    const qr = reader.createQueryRunner();
    await qr.connect();
    await qr.startTransaction();
    return qr;
  }

  it('holds back a committed row while an older transaction runs, instead of passing over it', async () => {
    const start = await store.lastPosition(reader);
    // P takes a transaction id first, X second; Q third. Q appends and commits, then P does.
    const p = await begin();
    const x = await begin();
    const q = await begin();
    try {
      await p.query(`INSERT INTO feed.outbox (topic) VALUES ('p-state')`);
      await x.query(`INSERT INTO feed.outbox (topic) VALUES ('x-state')`);
      const [{ xid: xXid }] = await x.query(`SELECT pg_current_xact_id()::text AS xid`);
      const qe = (await store.append(q.manager, [makeEvent({ streamId: 'late/q' })])).appended[0];
      await q.commitTransaction();
      const pe = (await store.append(p.manager, [makeEvent({ streamId: 'late/p' })])).appended[0];
      await p.commitTransaction();

      // Position order is commit order (Q then P), but transaction ids are not: P < X < Q.
      expect(BigInt(pe.position)).toBe(BigInt(qe.position) + 1n);
      expect(BigInt(pe.transactionId)).toBeLessThan(BigInt(xXid));
      expect(BigInt(qe.transactionId)).toBeGreaterThan(BigInt(xXid));
      // A reader filtering "below xmin" in position order would now hand out P's row without
      // Q's (Q is not below X's id) and move past Q for good. Ours hands out neither.
      expect(await store.readPositions(reader, start, 10)).toEqual([]);

      await x.commitTransaction();
      expect((await readUntil(start, 2)).map((e) => e.eventId)).toEqual([qe.eventId, pe.eventId]);
    } finally {
      for (const qr of [p, x, q]) {
        if (qr.isTransactionActive) await qr.rollbackTransaction();
        await qr.release();
      }
    }
  });

  it('two writers with slow and aborted transactions: the reader gets every event once, in position order', async () => {
    const start = await store.lastPosition(reader);
    const writers = [0, 1].map(() => createDataSource({ url: db.url, schema: 'feed', poolSize: 1 }));
    await Promise.all(writers.map((w) => w.initialize()));
    const committed: string[] = [];
    const aborted = new Set<string>();
    let writing = true;

    async function write(w: DataSource, seed: number): Promise<void> {
      const rnd = lcg(seed);
      for (let t = 0; t < 40; t++) {
        const batch = Array.from({ length: 1 + Math.floor(rnd() * 15) }, () => makeEvent({ streamId: `w${seed}/${Math.floor(rnd() * 5)}` }));
        const style = Math.floor(rnd() * 4);
        const pause = Math.floor(rnd() * 30);
        const qr = w.createQueryRunner();
        await qr.startTransaction();
        try {
          if (style === 0) {
            await qr.query(`INSERT INTO feed.outbox (topic) VALUES ('early-xid')`); // id taken long before the append
            await sleep(pause);
          }
          await store.append(qr.manager, batch);
          if (style === 1) await sleep(pause); // holds its rows (and the append lock) uncommitted
          if (style === 2) {
            await qr.rollbackTransaction();
            batch.forEach((e) => aborted.add(e.eventId));
          } else {
            await qr.commitTransaction();
            committed.push(...batch.map((e) => e.eventId));
          }
        } finally {
          await qr.release();
        }
      }
    }

    const seen: StoredEvent[] = [];
    const read = (async () => {
      let after = start;
      for (let idle = 0; writing || idle < 40; ) {
        const got = await store.readPositions(reader, after, 7);
        if (got.length === 0) {
          idle++;
          await sleep(5);
          continue;
        }
        idle = 0;
        seen.push(...got);
        after = got[got.length - 1].position;
      }
    })();
    try {
      await Promise.all([write(writers[0], 1), write(writers[1], 2)]);
    } finally {
      writing = false;
      await Promise.all(writers.map((w) => w.destroy()));
    }
    await read;
    // Other sessions on the server can hold the reader back for a while: catch up, then compare.
    if (seen.length < committed.length) seen.push(...(await readUntil(seen.at(-1)?.position ?? start, committed.length - seen.length)));

    expect(aborted.size).toBeGreaterThan(0);
    const ids = seen.map((e) => e.eventId);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...committed].sort());
    // Gapless, strictly increasing: aborted appends leave no hole.
    expect(seen.map((e) => BigInt(e.position) - BigInt(start))).toEqual(seen.map((_, i) => BigInt(i + 1)));
    expect(await store.verifyChain(reader)).toEqual({ ok: true, rows: Number(await store.lastPosition(reader)) });
  });
});
