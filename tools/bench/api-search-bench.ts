/**
 * Search latency of the reconciliation API with 100,000 tasks stored.
 *
 * 1. Starts the API as its own process (`apps/reconciliation-api/src/main.ts`, as `npm start`
 *    does) on a fresh database and fresh topics (`API_TASKS_TOPIC`, `API_DOWNTIME_TOPIC`).
 * 2. Publishes N Task CloudEvents (default 100,000; argv[2] or `BENCH_TASKS`) on its tasks topic,
 *    as the reconcilers would: the API stores them through its bulk path (one transaction and one
 *    multi-row upsert per chunk of messages) and the bench waits until the search counts them all.
 * 3. Runs R searches (default 2,000; argv[3] or `BENCH_REQUESTS`) one after the other over HTTP
 *    with an auditor's key, cycling through six shapes (first page, status, one patient, facility
 *    and rule, priority and authored period, a deep page), and prints p50/p95/p99 per shape and
 *    overall. Each search is the real one: auth, rate limit, count + page queries, audit insert,
 *    Bundle JSON.
 *
 * Uses `DATABASE_URL`'s server (default local; the database is created and dropped) and
 * `KAFKA_BROKERS` (default 127.0.0.1:9092; the topics are deleted after).
 *
 * Run: `npx ts-node --transpile-only -r tsconfig-paths/register tools/bench/api-search-bench.ts [tasks] [requests]`
 */
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { cloudEventHeaders, encodeCloudEvent, TASK_EVENT_TYPE, type Domain } from '@continuity/contracts';
import { createMessagingClient, type MessagingClient, type OutgoingMessage } from '@continuity/messaging';
import { RULE_DISPLAY, taskIdOf, toFhirTask, type Priority, type RuleCode, type Severity, type TaskRecord } from '@continuity/rules';
import { dropDatabase, freshDatabase } from './src/lib/bench-database';
import { quantile } from './src/lib/stats';

const ROOT = resolve(__dirname, '..', '..');
const SERVER_URL = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const BROKERS = (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',');
/** CONTRACT.md's default partition count. */
const PARTITIONS = 12;

// ---- the API as a process ---------------------------------------------------------------------

/** A running API process and how to call it. */
export interface ApiProcess {
  port: number;
  key: string;
  logFile: string;
  get(path: string): Promise<{ status: number; body: string; ms: number }>;
  post(path: string, body: unknown): Promise<{ status: number; body: string; ms: number }>;
  stop(): Promise<void>;
}

/** A free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Starts `apps/reconciliation-api/src/main.ts` under ts-node with an auditor key and the
 * heartbeat off, on the given database and topics; resolves once `/health` is 200.
 */
export async function startApiProcess(opts: { databaseUrl: string; tasksTopic: string; downtimeTopic: string; name: string }): Promise<ApiProcess> {
  const port = await freePort();
  const key = randomBytes(16).toString('hex');
  const logFile = join(ROOT, 'tmp', 'bench', `${opts.name}-api.log`);
  mkdirSync(join(ROOT, 'tmp', 'bench'), { recursive: true });
  const fd = openSync(logFile, 'w');
  let child: ChildProcess;
  try {
    child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(ROOT, 'apps', 'reconciliation-api', 'src', 'main.ts')], {
      cwd: ROOT,
      stdio: ['ignore', fd, fd],
      env: {
        ...process.env,
        DATABASE_URL: opts.databaseUrl,
        KAFKA_BROKERS: BROKERS.join(','),
        PORT: String(port),
        INSTANCE_ID: `${opts.name}-api`,
        LOG_LEVEL: 'warn',
        API_KEYS: `bench:auditor:${key}`,
        API_HEARTBEAT_SECONDS: '0',
        API_RATE_LIMIT_PER_MINUTE: '1000000',
        API_TASKS_TOPIC: opts.tasksTopic,
        API_DOWNTIME_TOPIC: opts.downtimeTopic,
      },
    });
  } finally {
    closeSync(fd);
  }
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const call = (method: string, path: string, body?: unknown) =>
    new Promise<{ status: number; body: string; ms: number }>((done, reject) => {
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const started = performance.now();
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path,
          method,
          agent,
          headers: { authorization: `Bearer ${key}`, ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }));
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  const api: ApiProcess = {
    port,
    key,
    logFile,
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body),
    stop: async () => {
      agent.destroy();
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
  const deadline = performance.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the API exited while starting; see ${logFile}`);
    const health = await api.get('/health').catch(() => null);
    if (health?.status === 200) return api;
    if (performance.now() > deadline) throw new Error(`the API did not become healthy; see ${logFile}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Creates topics of `PARTITIONS` partitions; returns a function deleting them. */
export async function benchTopics(client: MessagingClient, names: string[]): Promise<() => Promise<void>> {
  const admin = client.admin();
  await admin.ensureTopics(names, PARTITIONS);
  return async () => {
    await admin.deleteTopics(names).catch(() => undefined);
    await admin.disconnect();
  };
}

/** Publishes messages in batches of 2,000. */
export async function publishAll(client: MessagingClient, topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
  const producer = client.producer({ idempotent: false });
  await producer.connect();
  try {
    for (let i = 0; i < messages.length; i += 2000) await producer.send(topic, messages.slice(i, i + 2000));
  } finally {
    await producer.disconnect();
  }
}

// ---- a realistic task population ----------------------------------------------------------------

const RULES = Object.keys(RULE_DISPLAY) as RuleCode[];
/** AP-HP has 38 hospitals. */
const FACILITIES = Array.from({ length: 38 }, (_, i) => `H${String(i + 1).padStart(2, '0')}`);
const GRADES: Array<[Severity, Priority]> = [
  ['catastrophic', 'stat'],
  ['major', 'asap'],
  ['considerable', 'urgent'],
  ['significant', 'urgent'],
];
const DOMAIN_OF: Record<string, Domain> = { rx: 'prescriptions', lab: 'lab', sched: 'scheduling' };
const START = Date.parse('2024-08-01T00:00:00Z');
const DAY = 86_400_000;

/** Task `i` of the population: 20 tasks a patient, over 30 days, a tenth of them cancelled by the reconciler. */
function record(i: number, patients: number): TaskRecord {
  const rule = RULES[i % RULES.length];
  const patientKey = String(2750300000000 + ((i * 7919) % patients));
  const focus = { system: 'urn:oid:1.2.250.1.213.1.4.9', value: `ORD-${i}` };
  const related = [{ system: focus.system, value: `ORD-${i}-prev` }];
  const [severity, priority] = GRADES[i % GRADES.length];
  const authoredOn = START + Math.floor(((i * 2654435761) % 1_000_000) / 1_000_000 * 30 * DAY);
  return {
    id: taskIdOf(rule, [{ system: 'urn:continuity:patient-key', value: patientKey }, focus, ...related]),
    status: i % 10 === 9 ? 'cancelled' : 'requested',
    finding: {
      rule,
      severity,
      priority,
      patientKey,
      facility: FACILITIES[(i * 31) % FACILITIES.length],
      focus,
      related,
      evidence: [`urn:continuity:system:orbis:H01#ev-${i}`, `urn:continuity:system:orbis:H01#ev-${i}-b`],
      description: `Two active orders overlap (ORD-${i} and ORD-${i}-prev); ORD-${i} was entered from paper after the downtime.`,
    },
    authoredOn,
    lastModified: authoredOn,
    ruleSetVersion: `${DOMAIN_OF[rule.split('-')[0]]}@1.0.0`,
    configHash: 'bench',
  };
}

function taskMessage(r: TaskRecord): OutgoingMessage {
  const task = toFhirTask(r);
  return {
    key: r.finding.patientKey,
    value: encodeCloudEvent({
      id: `${r.id}-1`,
      source: `urn:continuity:reconciler:${DOMAIN_OF[r.finding.rule.split('-')[0]]}`,
      type: TASK_EVENT_TYPE,
      time: task.lastModified,
      subject: `Patient/${r.finding.patientKey}`,
      datacontenttype: 'application/fhir+json',
      facility: r.finding.facility,
      data: task,
    }),
    headers: cloudEventHeaders(),
  };
}

// ---- the bench ------------------------------------------------------------------------------------

interface Shape {
  name: string;
  path: (i: number) => string;
}

function shapes(patients: number): Shape[] {
  const patient = (i: number) => String(2750300000000 + ((i * 104729) % patients));
  return [
    { name: 'first page, no filter', path: () => '/fhir/Task?_count=20' },
    { name: 'status=requested', path: () => '/fhir/Task?status=requested&_count=20' },
    { name: 'one patient', path: (i) => `/fhir/Task?patient=Patient/${patient(i)}` },
    { name: 'facility + rule', path: (i) => `/fhir/Task?facility=${FACILITIES[i % FACILITIES.length]}&code=${RULES[i % RULES.length]}` },
    {
      name: 'priority + authored day',
      path: (i) => {
        const day = new Date(START + (i % 30) * DAY).toISOString().slice(0, 10);
        return `/fhir/Task?priority=stat,asap&authored-on=ge${day}&authored-on=lt${new Date(Date.parse(day) + DAY).toISOString().slice(0, 10)}`;
      },
    },
    { name: 'deep page (offset 5000)', path: () => '/fhir/Task?status=requested&_count=20&_offset=5000' },
  ];
}

async function main(): Promise<void> {
  const tasks = Number(process.argv[2] ?? process.env['BENCH_TASKS'] ?? 100_000);
  const requests = Number(process.argv[3] ?? process.env['BENCH_REQUESTS'] ?? 2_000);
  const patients = Math.max(1, Math.floor(tasks / 20));
  const tag = randomBytes(4).toString('hex');
  const dbName = `bench_api_search_${tag}`;
  const topics = { tasks: `bench.api.tasks.${tag}`, downtime: `bench.api.downtime.${tag}` };
  const client = createMessagingClient({ brokers: BROKERS, clientId: 'api-search-bench', logLevel: 'nothing' });
  const databaseUrl = await freshDatabase(SERVER_URL, dbName);
  const deleteTopics = await benchTopics(client, Object.values(topics));
  let api: ApiProcess | null = null;
  try {
    api = await startApiProcess({ databaseUrl, tasksTopic: topics.tasks, downtimeTopic: topics.downtime, name: 'search-bench' });
    console.log(`api-search-bench: ${tasks} tasks (${patients} patients, ${FACILITIES.length} facilities, ${RULES.length} rules), ${requests} searches; node ${process.version}`);

    const messages = Array.from({ length: tasks }, (_, i) => taskMessage(record(i, patients)));
    const ingestStart = performance.now();
    await publishAll(client, topics.tasks, messages);
    const published = performance.now();
    for (;;) {
      const res = await api.get('/fhir/Task?_count=0');
      if (res.status !== 200) throw new Error(`search answered ${res.status}: ${res.body.slice(0, 200)}`);
      const total = (JSON.parse(res.body) as { total: number }).total;
      if (total === tasks) break;
      if (total > tasks) throw new Error(`${total} tasks stored, ${tasks} published`);
      await new Promise((r) => setTimeout(r, 1000));
    }
    const ingestSeconds = (performance.now() - ingestStart) / 1000;
    console.log(
      `ingest: ${tasks} Task CloudEvents published in ${((published - ingestStart) / 1000).toFixed(1)} s, all searchable after ${ingestSeconds.toFixed(1)} s ` +
        `(${Math.round(tasks / ingestSeconds)} tasks/s through the consumer's bulk path)`,
    );
    // What autovacuum does after a bulk load (PostgreSQL 13+ vacuums insert-only tables too): fresh
    // statistics for the planner and a visibility map, so counts can be index-only scans.
    const pg = new Client({ connectionString: databaseUrl });
    await pg.connect();
    await pg.query('VACUUM (ANALYZE) api.tasks');
    await pg.end();

    const kinds = shapes(patients);
    for (let i = 0; i < 60; i++) await api.get(kinds[i % kinds.length].path(i)); // warm-up
    const byShape = new Map<string, number[]>(kinds.map((k) => [k.name, []]));
    const all: number[] = [];
    const totals = new Map<string, number>();
    for (let i = 0; i < requests; i++) {
      const shape = kinds[i % kinds.length];
      const res = await api.get(shape.path(i));
      if (res.status !== 200) throw new Error(`${shape.name}: ${res.status} ${res.body.slice(0, 200)}`);
      byShape.get(shape.name)?.push(res.ms);
      all.push(res.ms);
      if (!totals.has(shape.name)) totals.set(shape.name, (JSON.parse(res.body) as { total: number }).total);
    }
    const fmt = (ms: number) => `${ms.toFixed(1).padStart(6)} ms`;
    console.log(`\n${'search (GET /fhir/Task, HTTP, sequential)'.padEnd(44)} ${'matches'.padStart(8)}      p50        p95        p99`);
    for (const [name, values] of byShape) {
      console.log(`${name.padEnd(44)} ${String(totals.get(name)).padStart(8)}  ${fmt(quantile(values, 0.5))}  ${fmt(quantile(values, 0.95))}  ${fmt(quantile(values, 0.99))}`);
    }
    console.log(`${'all shapes'.padEnd(44)} ${''.padStart(8)}  ${fmt(quantile(all, 0.5))}  ${fmt(quantile(all, 0.95))}  ${fmt(quantile(all, 0.99))}`);
  } finally {
    await api?.stop();
    await deleteTopics();
    await dropDatabase(SERVER_URL, dbName);
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
