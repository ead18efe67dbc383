/**
 * How fast does `EventStore.append` store events, next to a raw COPY of the same rows?
 *
 * Appends N events (default 200,000; `BENCH_EVENTS` or argv[2]) in batches of 1,000, each batch
 * its own transaction as a consumer would commit it; after each batch, COPYs the very rows append
 * stored (same positions, hashes, payloads) into `events_copy (LIKE events INCLUDING ALL)`: same
 * columns, constraints and indexes, one COPY per batch. That is the ceiling for these rows here.
 *
 * Run: `npx ts-node --transpile-only -r tsconfig-paths/register tools/bench/store-append-bench.ts [N]`
 * Uses a database of its own on `DATABASE_URL`'s server (default local) and drops it after.
 * Also run by the bench suite (`npm run bench`) through {@link runStoreAppendBench}.
 */
import { randomBytes } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { canonicalJson, createDataSource, EventStore, NewEvent, runMigrations, StoredEvent } from '@continuity/event-store';

const SCHEMA = 'bench';
const BATCH = 1_000;
/** Distinct patients: streams get a few dozen events each, as in a day of one hospital group. */
const PATIENTS = 5_000;

/** Events `from`..`from + n - 1`: MedicationRequest-sized payloads (~900 bytes of JSON), varied per event. */
function makeEvents(from: number, n: number): NewEvent[] {
  const base = Date.parse('2024-08-03T00:00:00Z');
  return Array.from({ length: n }, (_, k) => {
    const i = from + k;
    const patient = String(2750300000000 + (i * 7919) % PATIENTS);
    const t = new Date(base + i * 1_000);
    return {
      streamId: `Patient/${patient}`,
      source: 'urn:continuity:system:orbis:AVC',
      eventId: `bench-${i}`,
      type: 'continuity.prescription.ordered',
      clinicalTime: t,
      recordedTime: new Date(t.getTime() + 3_600_000),
      kafka: { topic: 'clinical.prescriptions.v1', partition: i % 12, offset: String(Math.floor(i / 12)) },
      data: {
        resourceType: 'MedicationRequest',
        status: 'active',
        intent: 'order',
        identifier: [{ type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'PLAC' }] }, system: 'urn:oid:1.2.250.1.71.4.2.1', value: `RX-${i}` }],
        subject: { identifier: { system: 'urn:oid:1.2.250.1.213.1.4.8', value: patient } },
        authoredOn: t.toISOString(),
        medicationCodeableConcept: { coding: [{ system: 'http://www.whocc.no/atc', code: 'B01AB05', display: 'enoxaparin' }] },
        dosageInstruction: [{ text: '4000 UI SC once daily', timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd' } }, doseAndRate: [{ doseQuantity: { value: 4000, unit: 'UI' } }] }],
        dispenseRequest: { validityPeriod: { start: t.toISOString(), end: new Date(t.getTime() + 7 * 86_400_000).toISOString() } },
      },
      metadata: { facility: 'AVC', entrymode: i % 3 === 0 ? 'backentry' : 'realtime', specversion: '1.0' },
      tags: ['facility:AVC', `patient:${patient}`],
    };
  });
}

/** One value in COPY text format: backslash, tab, newline and carriage return escaped; null as \N. */
function copyField(v: string | null): string {
  return v === null ? '\\N' : v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

function copyLine(e: StoredEvent): string {
  const tags = `{${e.tags.map((t) => `"${t.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;
  return [
    e.position, e.streamId, String(e.streamVersion), e.source, e.eventId, e.type,
    e.clinicalTime?.toISOString() ?? null, e.recordedTime?.toISOString() ?? null, e.ingestedAt.toISOString(),
    e.kafka?.topic ?? null, e.kafka ? String(e.kafka.partition) : null, e.kafka?.offset ?? null,
    canonicalJson(e.data), canonicalJson(e.metadata), tags, `\\x${e.hash}`, e.prevHash === null ? null : `\\x${e.prevHash}`,
  ].map(copyField).join('\t') + '\n';
}

const COLUMNS =
  'position, stream_id, stream_version, source, event_id, type, clinical_time, recorded_time, ingested_at, ' +
  'kafka_topic, kafka_partition, kafka_offset, data, metadata, tags, hash, prev_hash';

/** What one append-vs-COPY run measured. */
export interface StoreAppendFigures {
  events: number;
  batch: number;
  appendSeconds: number;
  copySeconds: number;
  appendRate: number;
  copyRate: number;
}

/**
 * Runs the comparison on a database of its own on `serverUrl`'s server, dropped after. Callable
 * from the bench suite (tools/bench/src/run-all.ts); `main` below runs it alone.
 */
export async function runStoreAppendBench(n: number, serverUrl: string): Promise<StoreAppendFigures> {
  const server = new URL(serverUrl);
  server.pathname = '/postgres';
  const dbName = `bench_store_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: server.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const url = new URL(server.toString());
  url.pathname = `/${dbName}`;
  try {
    await runMigrations(url.toString(), SCHEMA);
    const ds = createDataSource({ url: url.toString(), schema: SCHEMA, poolSize: 1 });
    await ds.initialize();
    const c = new Client({ connectionString: url.toString() });
    await c.connect();
    await c.query(`CREATE TABLE ${SCHEMA}.events_copy (LIKE ${SCHEMA}.events INCLUDING ALL)`);
    const store = new EventStore(SCHEMA);
    // Batch by batch, append then COPY of the same rows, so both see the same load on a shared
    // machine and tables of the same size. Making the events and the COPY text is not timed.
    let appendNs = 0n;
    let copyNs = 0n;
    for (let i = 0; i < n; i += BATCH) {
      const batch = makeEvents(i, Math.min(BATCH, n - i));
      let t0 = process.hrtime.bigint();
      const { appended } = await store.append(ds, batch);
      appendNs += process.hrtime.bigint() - t0;
      if (appended.length !== batch.length) throw new Error(`append stored ${appended.length} of ${batch.length}`);
      const chunk = Buffer.from(appended.map(copyLine).join(''), 'utf8');
      t0 = process.hrtime.bigint();
      await pipeline(Readable.from([chunk]), c.query(copyFrom(`COPY ${SCHEMA}.events_copy (${COLUMNS}) FROM STDIN`)));
      copyNs += process.hrtime.bigint() - t0;
    }
    await ds.destroy();
    const [same] = (await c.query(
      `SELECT count(*)::int AS n FROM ${SCHEMA}.events a JOIN ${SCHEMA}.events_copy b USING (position)
        WHERE a.hash = b.hash AND a.data = b.data AND a.tags = b.tags`,
    )).rows;
    await c.end();
    if (same.n !== n) throw new Error(`COPY table differs from appended rows (${same.n} of ${n} equal)`);
    const appendSeconds = Number(appendNs) / 1e9;
    const copySeconds = Number(copyNs) / 1e9;
    return { events: n, batch: BATCH, appendSeconds, copySeconds, appendRate: n / appendSeconds, copyRate: n / copySeconds };
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  }
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? process.env['BENCH_EVENTS'] ?? 200_000);
  const f = await runStoreAppendBench(n, process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  console.log(`events: ${f.events}, batches of ${f.batch}, one transaction per batch on both sides`);
  console.log(`append: ${f.appendRate.toFixed(0)} events/s (${f.appendSeconds.toFixed(2)} s)`);
  console.log(`COPY:   ${f.copyRate.toFixed(0)} events/s (${f.copySeconds.toFixed(2)} s), same rows, same indexes`);
  console.log(`append / COPY: ${((f.appendRate / f.copyRate) * 100).toFixed(0)}%`);
}

// Runnable alone; importing it (the bench suite) runs nothing.
if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
