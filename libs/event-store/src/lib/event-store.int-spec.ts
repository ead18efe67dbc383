import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createTempDatabase, TempDatabase } from '../test-support/temp-database';
import { makeEvent, readEventually, waitForLockWaiters } from '../test-support/event-factory';
import { ConcurrencyError } from './concurrency.error';
import { createDataSource, runMigrations } from './data-source';
import { EventStore } from './event-store';

describe('EventStore (PostgreSQL)', () => {
  let db: TempDatabase;
  let ds: DataSource;
  const store = new EventStore('svc');

  beforeAll(async () => {
    db = await createTempDatabase('es_store');
    await runMigrations(db.url, 'svc');
    ds = createDataSource({ url: db.url, schema: 'svc' });
    await ds.initialize();
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const count = async () => Number((await ds.query('SELECT count(*) AS n FROM svc.events'))[0].n);

  describe('migrations', () => {
    it('creates the four tables in the schema and records itself there', async () => {
      const tables = await ds.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'svc' ORDER BY table_name`,
      );
      expect(tables.map((t: { table_name: string }) => t.table_name)).toEqual([
        'consumer_offsets', 'events', 'migrations', 'outbox', 'rejected_messages',
      ]);
      const [m] = await ds.query('SELECT name FROM svc.migrations');
      expect(m.name).toBe('EventStore_svc_1732780000000');
      // The service's unqualified SQL lands in its own schema.
      expect((await ds.query('SELECT current_schema() AS s'))[0].s).toBe('svc');
    });

    it('is idempotent and safe when several instances boot at once', async () => {
      expect(await runMigrations(db.url, 'svc')).toEqual([]);
      const runs = await Promise.all([1, 2, 3].map(() => runMigrations(db.url, 'other')));
      expect(runs.flat()).toEqual(['EventStore_other_1732780000000']);
    });
  });

  describe('append', () => {
    it('gives gapless positions and per-stream versions in batch order', async () => {
      const before = BigInt(await store.lastPosition(ds));
      const { appended, duplicates } = await store.append(ds, [
        makeEvent({ streamId: 'order/A' }),
        makeEvent({ streamId: 'order/B' }),
        makeEvent({ streamId: 'order/A' }),
      ]);
      expect(duplicates).toEqual([]);
      expect(appended.map((e) => BigInt(e.position) - before)).toEqual([1n, 2n, 3n]);
      expect(appended.map((e) => [e.streamId, e.streamVersion])).toEqual([['order/A', 1], ['order/B', 1], ['order/A', 2]]);
      expect(appended[1].prevHash).toBe(appended[0].hash);
    });

    it('stores a pair once: repeats within a batch and across batches are duplicates', async () => {
      const a = makeEvent({ streamId: 'idem/1' });
      const b = makeEvent({ streamId: 'idem/1' });
      const first = await store.append(ds, [a, { ...a, data: { other: true } }, b]);
      expect(first.appended.map((e) => e.eventId)).toEqual([a.eventId, b.eventId]);
      expect(first.duplicates).toEqual([{ ...a, data: { other: true } }]);

      const n = await count();
      const c = makeEvent({ streamId: 'idem/1' });
      const second = await store.append(ds, [b, c, a]);
      expect(second.appended.map((e) => [e.eventId, e.streamVersion])).toEqual([[c.eventId, 3]]);
      expect(second.duplicates).toEqual([b, a]);
      expect(await count()).toBe(n + 1);

      const third = await store.append(ds, [a, b]);
      expect(third).toEqual({ appended: [], duplicates: [a, b] });
    });

    it('reads back exactly what it stored', async () => {
      const e = makeEvent({
        streamId: 'roundtrip/1\ttab',
        tags: ['a "quoted", tag', 'back\\slash', '{brace}', 'line\nbreak', 'NULL'],
        kafka: { topic: 't', partition: 11, offset: '9223372036854775807' },
        data: { note: 'pain 😣 \\u0000 \\N \r\n', n: [1.5, -0, 1e21, 5e-324], nested: { z: null, a: true } },
        metadata: {},
        clinicalTime: null,
      });
      const { appended } = await store.append(ds, [e]);
      const [read] = await store.readStream(ds, e.streamId);
      expect(read).toEqual({ ...appended[0], data: JSON.parse(JSON.stringify(e.data)) });
      expect(await store.verifyChain(ds)).toMatchObject({ ok: true });
    });

    it('refuses an event PostgreSQL cannot store before writing anything, naming it', async () => {
      const n = await count();
      const result = await ds.transaction(async (em) => {
        const bad = store.append(em, [makeEvent({ streamId: 'bad/1' }), makeEvent({ streamId: 'bad/1', data: { note: 'nul\u0000' } })]);
        await expect(bad).rejects.toMatchObject({ name: 'InvalidEventError', index: 1, field: 'data' });
        return store.append(em, [makeEvent({ streamId: 'bad/1' })]); // the transaction is still usable
      });
      expect(result.appended[0].streamVersion).toBe(1);
      expect(await count()).toBe(n + 1);
    });

    it('checks expectedVersion against the stream, counting earlier events of the batch', async () => {
      await store.append(ds, [makeEvent({ streamId: 'cc/1', expectedVersion: 0 }), makeEvent({ streamId: 'cc/1', expectedVersion: 1 })]);
      const n = await count();
      const late = store.append(ds, [makeEvent({ streamId: 'cc/2', expectedVersion: 0 }), makeEvent({ streamId: 'cc/1', expectedVersion: 1 })]);
      await expect(late).rejects.toBeInstanceOf(ConcurrencyError);
      await expect(late).rejects.toMatchObject({ streamId: 'cc/1', expectedVersion: 1, actualVersion: 2, code: 'EVENT_STORE.CONCURRENCY' });
      expect(await count()).toBe(n); // the whole batch is refused
      await expect(store.append(ds, [makeEvent({ streamId: 'cc/1', expectedVersion: 0 })])).rejects.toBeInstanceOf(ConcurrencyError);
      const ok = await store.append(ds, [makeEvent({ streamId: 'cc/1', expectedVersion: 2 })]);
      expect(ok.appended[0].streamVersion).toBe(3);
    });

    it("leaves the caller's transaction usable after a ConcurrencyError (nothing was written)", async () => {
      await store.append(ds, [makeEvent({ streamId: 'cc/4' })]);
      const retried = await ds.transaction(async (em) => {
        await expect(store.append(em, [makeEvent({ streamId: 'cc/4', expectedVersion: 0 })])).rejects.toBeInstanceOf(ConcurrencyError);
        return store.append(em, [makeEvent({ streamId: 'cc/4', expectedVersion: 1 })]);
      });
      expect(retried.appended[0].streamVersion).toBe(2);
      expect((await store.readStream(ds, 'cc/4')).map((e) => e.streamVersion)).toEqual([1, 2]);
    });

    it('does not check the version of a duplicate (a redelivery is not a conflict)', async () => {
      const e = makeEvent({ streamId: 'cc/3', expectedVersion: 0 });
      await store.append(ds, [e]);
      expect((await store.append(ds, [e])).duplicates).toEqual([e]);
    });

    it('maps a unique violation of (stream_id, stream_version) to ConcurrencyError', async () => {
      // A writer that bypasses the lock holds version 1 of the stream, uncommitted.
      const rogue = new Client({ connectionString: db.url });
      await rogue.connect();
      try {
        await rogue.query('BEGIN');
        await rogue.query(
          `INSERT INTO svc.events (position, stream_id, stream_version, source, event_id, type, data, hash)
           VALUES (1000000, 'rogue/1', 1, 'urn:rogue', 'r1', 't', '{}', decode(repeat('00', 32), 'hex'))`,
        );
        const pending = store.append(ds, [makeEvent({ streamId: 'rogue/1' })]);
        const settled = pending.then(() => 'resolved', (e: unknown) => e);
        await waitForLockWaiters((sql) => rogue.query(sql)); // the append waits on the rogue row's key
        await rogue.query('COMMIT');
        expect(await settled).toBeInstanceOf(ConcurrencyError);
        expect(await settled).toMatchObject({ streamId: 'rogue/1' });
      } finally {
        await rogue.query(`SET continuity.allow_tamper = on; DELETE FROM svc.events WHERE source = 'urn:rogue'`);
        await rogue.end();
      }
    });

    it("commits and rolls back with the caller's transaction", async () => {
      const e = makeEvent({ streamId: 'tx/1' });
      await expect(
        ds.transaction(async (em) => {
          await store.append(em, [e]);
          expect(await store.readStream(em, 'tx/1')).toHaveLength(1);
          throw new Error('handler failed');
        }),
      ).rejects.toThrow('handler failed');
      expect(await store.readStream(ds, 'tx/1')).toEqual([]);
      await ds.transaction((em) => store.append(em, [e]));
      expect(await store.readStream(ds, 'tx/1')).toHaveLength(1);
    });

    it('refuses a REPEATABLE READ transaction (its snapshot could predate the lock)', async () => {
      await expect(ds.transaction('REPEATABLE READ', (em) => store.append(em, [makeEvent()]))).rejects.toThrow(/READ COMMITTED/);
    });

    it('keeps schemas apart: each has its own positions and chain', async () => {
      const other = new EventStore('other');
      const { appended } = await other.append(ds, [makeEvent({ streamId: 'order/A' })]);
      expect(appended[0]).toMatchObject({ position: '1', streamVersion: 1, prevHash: null });
      expect(await other.lastPosition(ds)).toBe('1');
    });
  });

  describe('reads', () => {
    const t = (iso: string) => new Date(iso);
    let events: Awaited<ReturnType<EventStore['append']>>['appended'];

    beforeAll(async () => {
      ({ appended: events } = await store.append(ds, [
        makeEvent({ streamId: 'r/1', clinicalTime: t('2024-08-03T10:00:00Z'), tags: ['facility:AVC', 'downtime'], kafka: { topic: 'clinical.rx.v1', partition: 0, offset: '1' } }),
        makeEvent({ streamId: 'r/1', clinicalTime: t('2024-08-03T11:00:00Z'), tags: ['facility:BCT'], kafka: { topic: 'clinical.rx.v1', partition: 1, offset: '1' }, type: 'x.other' }),
        makeEvent({ streamId: 'r/1', clinicalTime: null, tags: [], kafka: null }),
        makeEvent({ streamId: 'r/2', clinicalTime: t('2024-08-03T10:30:00Z'), tags: ['downtime'], kafka: { topic: 'clinical.rx.v1', partition: 0, offset: '2' } }),
        makeEvent({ streamId: 'r/2', clinicalTime: t('2024-08-03T12:00:00Z'), tags: ['downtime'], kafka: { topic: 'other.v1', partition: 0, offset: '2' } }),
      ]));
    });
    const positions = (xs: { position: string }[]) => xs.map((x) => x.position);

    it('by stream, from a version', async () => {
      expect(positions(await store.readStream(ds, 'r/1'))).toEqual(positions(events.slice(0, 3)));
      expect(positions(await store.readStream(ds, 'r/1', 2))).toEqual(positions(events.slice(1, 3)));
      expect(await store.readStream(ds, 'r/none')).toEqual([]);
    });

    it('by clinical time range [from, to), optionally by type', async () => {
      const got = await store.readByTime(ds, t('2024-08-03T10:00:00Z'), t('2024-08-03T12:00:00Z'));
      expect(positions(got)).toEqual([events[0], events[3], events[1]].map((e) => e.position));
      const typed = await store.readByTime(ds, t('2024-08-03T00:00:00Z'), t('2024-08-04T00:00:00Z'), { types: ['x.other'] });
      expect(positions(typed)).toEqual([events[1].position]);
    });

    it('by tag, after a position, limited', async () => {
      expect(positions(await store.readByTag(ds, 'downtime'))).toEqual(positions([events[0], events[3], events[4]]));
      expect(positions(await store.readByTag(ds, 'downtime', { afterPosition: events[0].position, limit: 1 }))).toEqual([events[3].position]);
    });

    it('by Kafka partition of one topic, in position order', async () => {
      expect(positions(await store.readPartition(ds, 'clinical.rx.v1', 0))).toEqual(positions([events[0], events[3]]));
      expect(positions(await store.readPartition(ds, 'clinical.rx.v1', 0, events[0].position))).toEqual([events[3].position]);
      expect(await store.readPartition(ds, 'clinical.rx.v1', 5)).toEqual([]);
    });

    it('by position, and the last position', async () => {
      const after = BigInt(events[0].position);
      const got = await readEventually(() => store.readPositions(ds, after, 2), (r) => r.length === 2);
      expect(positions(got)).toEqual(positions(events.slice(1, 3)));
      expect(await store.lastPosition(ds)).toBe(events[4].position);
    });
  });
});
