/**
 * Replay throughput of the reconciliation API, in stored log entries per second.
 *
 * 1. A real prescriptions Reconciler (in this process, fresh database, fresh topics) consumes a
 *    generated weekend outage: N clinical events (default 100,000; argv[2] or `BENCH_EVENTS`) of
 *    5,000 patients — orders before the outage, doses, paper orders typed in after it (some of
 *    them duplicates), stops — a declared downtime and hourly heartbeats. It stores them with its
 *    clock ticks and task decisions, as in production.
 * 2. The API runs as its own process on the same database (reading the reconciler's schema
 *    read-only) and an auditor asks it for a replay of the whole window, twice (cold, then warm
 *    caches). Each replay re-reads every partition's log, re-runs the pure engine over it and
 *    compares its decisions with the recorded ones.
 * Prints, per replay, the log entries folded, the decisions, the differences (0 expected), and
 * entries/s from the job's own start and finish times, and as the client saw it.
 *
 * Uses `DATABASE_URL`'s server (default local; the database is dropped after) and
 * `KAFKA_BROKERS` (default 127.0.0.1:9092; the topics are deleted after).
 *
 * Run: `npx ts-node --transpile-only -r tsconfig-paths/register tools/bench/replay-bench.ts [events]`
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import {
  cloudEventHeaders,
  encodeCloudEvent,
  makeDowntimeEnded,
  makeDowntimeStarted,
  makeHeartbeat,
  makeMedicationAdministered,
  makeMedicationDiscontinued,
  makeMedicationOrdered,
  messageKeyOf,
  type CloudEventInput,
} from '@continuity/contracts';
import { createDataSource, runMigrations } from '@continuity/event-store';
import { createMessagingClient, type OutgoingMessage } from '@continuity/messaging';
import { prescriptionsRuleSet } from '@continuity/prescriptions';
import { Reconciler, reconcilerMigrations } from '@continuity/reconciler';
import type { RuleSet } from '@continuity/rules';
import { benchTopics, publishAll, startApiProcess, type ApiProcess } from './api-search-bench';
import { dropDatabase, freshDatabase } from './src/lib/bench-database';

const SERVER_URL = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const BROKERS = (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',');
const PATIENTS = 5_000;
const HOUR = 3_600_000;
/** The outage: a weekend without the EHR. */
const T0 = Date.parse('2024-08-03T10:00:00Z');
const T1 = Date.parse('2024-08-04T18:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

function message(event: CloudEventInput): OutgoingMessage {
  return { key: messageKeyOf(event), value: encodeCloudEvent(event), headers: cloudEventHeaders() };
}

/**
 * The clinical events of patient `p`, about `perPatient` of them, in the order their sources send
 * them: an order the day before, doses every 12 h on paper during the outage typed in after it,
 * for one patient in five a paper order of the same drug typed in again (a duplicate), for one in
 * seven a stop typed in late (which resolves the duplicate).
 */
function patientEvents(p: number, perPatient: number): CloudEventInput[] {
  const patientKey = String(2750300000000 + p);
  const facility = `H${String((p % 38) + 1).padStart(2, '0')}`;
  const order = `RX-${p}`;
  const id = (what: string) => `replay-bench-${p}-${what}`;
  const events: CloudEventInput[] = [makeMedicationOrdered({ id: id('order'), patientKey, facility, order, time: iso(T0 - 20 * HOUR) })];
  if (p % 5 === 0) {
    events.push(makeMedicationOrdered({ id: id('paper'), patientKey, facility, order: `${order}-P`, time: iso(T0 + 3 * HOUR), entrymode: 'backentry', recordedtime: iso(T1 + 2 * HOUR) }));
  }
  for (let d = 0; events.length < perPatient - 1; d++) {
    const at = T0 - 18 * HOUR + d * 12 * HOUR;
    const paper = at >= T0 && at < T1;
    events.push(
      makeMedicationAdministered({
        id: id(`dose-${d}`),
        patientKey,
        facility,
        order,
        time: iso(at),
        ...(paper ? { entrymode: 'backentry' as const, recordedtime: iso(T1 + 3 * HOUR) } : {}),
      }),
    );
  }
  if (p % 7 === 0) events.push(makeMedicationDiscontinued({ id: id('stop'), patientKey, facility, order, time: iso(T0 + 2 * HOUR), entrymode: 'backentry', recordedtime: iso(T1 + 5 * HOUR) }));
  return events;
}

async function waitUntil(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await probe())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

interface ReplayView {
  status: string;
  requestedAt: string;
  finishedAt: string | null;
  progress: { partitionsDone: number; partitionsTotal: number; events: number };
  tasks: unknown[];
  recorded: number;
  differences: unknown[];
}

async function timedReplay(api: ApiProcess, label: string): Promise<void> {
  const started = performance.now();
  const created = await api.post('/api/v1/replays', { from: iso(T0 - 2 * 24 * HOUR), to: iso(T1 + 7 * 24 * HOUR), domains: ['prescriptions'] });
  if (created.status !== 202) throw new Error(`replay refused: ${created.status} ${created.body}`);
  const { id } = JSON.parse(created.body) as { id: string };
  let view: ReplayView;
  for (;;) {
    const res = await api.get(`/api/v1/replays/${id}`);
    view = JSON.parse(res.body) as ReplayView;
    if (view.status === 'done' || view.status === 'failed') break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const clientSeconds = (performance.now() - started) / 1000;
  if (view.status !== 'done' || view.finishedAt === null) throw new Error(`replay ${view.status}; see ${api.logFile}`);
  const serverSeconds = (Date.parse(view.finishedAt) - Date.parse(view.requestedAt)) / 1000;
  const { events, partitionsTotal } = view.progress;
  console.log(
    `${label.padEnd(6)} ${String(events).padStart(8)} log entries in ${partitionsTotal} partitions, ${view.tasks.length} decisions ` +
      `(${view.recorded} recorded), ${view.differences.length} differences: ` +
      `${Math.round(events / serverSeconds)} entries/s (job ${serverSeconds.toFixed(2)} s), ${Math.round(events / clientSeconds)} entries/s as polled (${clientSeconds.toFixed(2)} s)`,
  );
}

async function main(): Promise<void> {
  const total = Number(process.argv[2] ?? process.env['BENCH_EVENTS'] ?? 100_000);
  const perPatient = Math.max(3, Math.round(total / PATIENTS));
  const tag = randomBytes(4).toString('hex');
  const dbName = `bench_replay_${tag}`;
  const topics = { prescriptions: `bench.replay.rx.${tag}`, downtime: `bench.replay.downtime.${tag}`, tasks: `bench.replay.tasks.${tag}` };
  const client = createMessagingClient({ brokers: BROKERS, clientId: 'replay-bench', logLevel: 'nothing' });
  const databaseUrl = await freshDatabase(SERVER_URL, dbName);
  const deleteTopics = await benchTopics(client, Object.values(topics));
  const migrations = reconcilerMigrations('prescriptions');
  await runMigrations(databaseUrl, 'prescriptions', migrations);
  const dataSource = await createDataSource({ url: databaseUrl, schema: 'prescriptions', migrations }).initialize();
  const reconciler = new Reconciler<unknown>({
    domain: 'prescriptions',
    ruleSet: prescriptionsRuleSet() as RuleSet<unknown>,
    client,
    dataSource,
    instanceId: 'replay-bench',
    topics: { domain: topics.prescriptions, downtime: topics.downtime, tasks: topics.tasks },
    groupId: `replay-bench-${tag}`,
  });
  let api: ApiProcess | null = null;
  try {
    await reconciler.start();
    await publishAll(client, topics.downtime, [
      message(makeDowntimeStarted({ id: 'bench-dt-start', facility: '*', scope: '*', systems: [], time: iso(T0) })),
      message(makeDowntimeEnded({ id: 'bench-dt-end', facility: '*', scope: '*', systems: [], time: iso(T1) })),
    ]);
    const clinical: OutgoingMessage[] = [];
    for (let p = 0; p < PATIENTS; p++) for (const e of patientEvents(p, perPatient)) clinical.push(message(e));
    console.log(`replay-bench: ${clinical.length} clinical events of ${PATIENTS} patients; node ${process.version}`);
    const fed = performance.now();
    await publishAll(client, topics.prescriptions, clinical);
    const pg = new Client({ connectionString: databaseUrl });
    await pg.connect();
    const storedClinical = async () => (await pg.query(`SELECT count(*)::int AS n FROM prescriptions.events WHERE stream_id LIKE 'patient-%'`)).rows[0].n as number;
    await waitUntil('the reconciler to store every event', async () => (await storedClinical()) === clinical.length, 30 * 60_000);
    // Time passes after the outage: hourly heartbeats for a week, deadlines fire.
    const beats = Array.from({ length: 7 * 24 }, (_, h) => message(makeHeartbeat({ id: `bench-hb-${h}`, time: iso(T1 + (h + 1) * HOUR) })));
    await publishAll(client, topics.downtime, beats);
    const lastBeat = iso(T1 + 7 * 24 * HOUR);
    await waitUntil(
      'the last heartbeat to be folded',
      async () => (await pg.query(`SELECT count(*)::int AS n FROM prescriptions.events WHERE type = 'continuity.clock.ticked' AND recorded_time = $1`, [lastBeat])).rows[0].n >= 1,
      10 * 60_000,
    );
    const { rows } = await pg.query(`SELECT count(*)::int AS n, count(*) FILTER (WHERE type LIKE 'continuity.task.%')::int AS decisions FROM prescriptions.events`);
    await pg.end();
    console.log(`live: ${rows[0].n} rows stored (events, ticks, ${rows[0].decisions} task decisions) in ${((performance.now() - fed) / 1000).toFixed(1)} s`);
    await reconciler.stop();

    api = await startApiProcess({ databaseUrl, tasksTopic: topics.tasks, downtimeTopic: topics.downtime, name: 'replay-bench' });
    await timedReplay(api, 'cold');
    await timedReplay(api, 'warm');
  } finally {
    await api?.stop();
    await reconciler.stop().catch(() => undefined);
    await dataSource.destroy();
    await deleteTopics();
    await dropDatabase(SERVER_URL, dbName);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
