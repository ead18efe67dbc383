/**
 * The benchmark suite of issue 5, in one run (`npm run bench`, `npm run bench -- --quick`):
 *   (a) a generated outage backlog published first, then the three reconcilers started and timed
 *       until each has drained it, next to a raw kafkajs eachBatch read of the same topics;
 *   (b) store append vs raw COPY (tools/bench/store-append-bench.ts);
 *   (c) replay vs raw SELECT of the same rows (replay-vs-select.ts, on the database (a) filled);
 *   (d) peak RSS of each service;
 *   (e) delay from a heartbeat passing a deadline to the task on the tasks topic.
 * Writes the figures, the machine and the command to bench/RESULTS.md (see --help).
 *
 * Everything runs against a fresh database (dropped first) and a Kafka broker of its own, so the
 * services run unchanged on the contract topic names and nobody else's data is touched.
 */
import 'reflect-metadata';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { ALL_TOPICS, TOPICS } from '@continuity/contracts';
import { createMessagingClient, type MessagingAdmin } from '@continuity/messaging';
import { runStoreAppendBench } from '../store-append-bench';
import { USAGE, parseBenchArgs, type BenchOptions } from './lib/bench-options';
import { startBenchBroker, type BenchBroker } from './lib/bench-broker';
import { dropDatabase, freshDatabase } from './lib/bench-database';
import type { BenchResults, FeedFigures, ProbeFigures, RawFigures, ServiceFigures } from './lib/bench-results';
import { summariseProfile, type CpuProfile } from './lib/cpu-profile';
import { runDeadlineProbes } from './lib/deadline-probe';
import { topicsOf, watchDrain, type DrainRecord, type Watermarks } from './lib/drain-monitor';
import { loadAverage, machineFacts } from './lib/machine';
import { metricSum } from './lib/prometheus-text';
import { CpuLedger, postgresBackgroundPids } from './lib/process-cpu';
import { rawConsume } from './lib/raw-consume';
import { analysisOf, formatResults } from './lib/results-report';
import { buildServices, RECONCILER_DOMAINS, ServiceProcess, type ReconcilerDomain } from './lib/service-process';
import { GENERATED, PUBLISHED, reportedSeconds, runSimulator } from './lib/simulator-cli';
import { quantile } from './lib/stats';
import { TaskWatcher } from './lib/task-watcher';
import { replayVsSelect } from './replay-vs-select';

const ROOT = resolve(__dirname, '..', '..', '..');
/** Ports of the services' HTTP (health, metrics): far from the defaults a developer's stack uses. */
const BASE_PORT = 3900;
/** performance.now() ms → µs of the monotonic clock that CPU profiles time their samples with. */
const MONOTONIC_OFFSET_US = Number(process.hrtime.bigint() / 1000n) - performance.now() * 1000;
const monotonicUs = (t: number): number => t * 1000 + MONOTONIC_OFFSET_US;
const say = (line: string): void => void process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

async function watermarks(admin: MessagingAdmin, topic: string): Promise<Watermarks> {
  return admin.fetchHighWatermarks(topic);
}

const total = (w: Watermarks): number => [...w.values()].reduce((s, h) => s + Number(h), 0);

/** Generates the outage with the simulator into a file, then publishes the file: two timings. */
async function publishBacklog(o: BenchOptions, broker: BenchBroker, runDir: string, admin: MessagingAdmin): Promise<{ feed: FeedFigures; end: number }> {
  const dir = join(runDir, 'feed');
  say(`generating a ${o.hours} h outage at ${o.facilities} facilities, about ${o.events.toLocaleString('en-US')} messages`);
  const gen = await runSimulator(ROOT, [
    'generate', '--events', String(o.events), '--hours', String(o.hours), '--facilities', String(o.facilities),
    '--seed', String(o.seed), '--heartbeat-seconds', String(o.heartbeatSeconds), '--out', dir, '--no-progress',
  ]);
  say('publishing it');
  const pub = await runSimulator(ROOT, ['publish', '--in', join(dir, 'events.ndjson'), '--brokers', broker.address, '--no-progress']);
  const byTopic: Record<string, number> = {};
  for (const topic of ALL_TOPICS.filter((t) => t !== TOPICS.tasks)) byTopic[topic] = total(await watermarks(admin, topic));
  const gt = JSON.parse(readFileSync(join(dir, 'ground-truth.json'), 'utf8')) as { tasks: unknown[]; timeline: { end: string } };
  const feed: FeedFigures = {
    messages: Object.values(byTopic).reduce((a, b) => a + b, 0),
    byTopic,
    generateSeconds: reportedSeconds(gen, GENERATED),
    publishSeconds: reportedSeconds(pub, PUBLISHED),
    expectedTasks: gt.tasks.length,
  };
  say(`published ${feed.messages.toLocaleString('en-US')} messages in ${feed.publishSeconds.toFixed(1)} s`);
  return { feed, end: Date.parse(gt.timeline.end) };
}

/** Raw eachBatch reads, one service's topics at a time. */
async function rawReads(broker: BenchBroker, feed: FeedFigures): Promise<RawFigures[]> {
  const out: RawFigures[] = [];
  for (const domain of RECONCILER_DOMAINS) {
    const t = topicsOf(domain);
    const expected = feed.byTopic[t.domain] + feed.byTopic[t.downtime];
    const r = await rawConsume([broker.address], [t.domain, t.downtime], expected);
    out.push({ domain, messages: r.messages, domainMessages: feed.byTopic[t.domain], totalMs: r.lastAt - r.startedAt, readMs: r.lastAt - r.firstAt });
    say(`raw read of ${domain} + downtime: ${r.messages} messages in ${((r.lastAt - r.firstAt) / 1000).toFixed(1)} s`);
  }
  return out;
}

function progressLine(records: readonly DrainRecord[], services: readonly ServiceProcess[], watcher: TaskWatcher): string {
  return records
    .map((r, i) => {
      const mem = services[i].peak.hwm / 2 ** 20;
      const read = r.last ? r.last.domainRead + r.last.downtimeRead : 0;
      return `${r.domain} ${read} read, ${r.last?.behind ?? '?'} behind, ${watcher.count(r.domain)} tasks, ${mem.toFixed(0)} MiB${r.drainedAt !== null ? ' (drained)' : ''}`;
    })
    .join(' | ');
}

/** PostgreSQL backends of a database, by application_name. */
async function backends(db: Client, database: string): Promise<Array<{ pid: number; app: string }>> {
  const rows = (await db.query('SELECT pid, application_name AS app FROM pg_stat_activity WHERE datname = $1', [database])).rows as Array<{ pid: number; app: string }>;
  return rows;
}

/** Writes `out` from a saved results.json, keeping its hand-written analysis (runs of older versions get today's defaults). */
function renderSaved(file: string, out: string): void {
  const saved = JSON.parse(readFileSync(resolve(ROOT, file), 'utf8')) as BenchResults;
  const results: BenchResults = { ...saved, options: { ...saved.options, serviceNodeArgs: saved.options.serviceNodeArgs ?? [] } };
  const outFile = resolve(ROOT, out);
  mkdirSync(dirname(outFile), { recursive: true });
  const previous = existsSync(outFile) ? readFileSync(outFile, 'utf8') : null;
  writeFileSync(outFile, formatResults(results, analysisOf(previous)));
  say(`wrote ${relative(ROOT, outFile)} from ${file}`);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  let o: BenchOptions | null;
  try {
    o = parseBenchArgs(argv);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (o === null) {
    process.stdout.write(USAGE);
    return;
  }
  if (o.render !== null) {
    renderSaved(o.render, o.out);
    return;
  }
  // The environment is read here, once.
  const serverUrl = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const startedAt = new Date();
  const runDir = join(ROOT, 'tmp', 'bench', `run-${startedAt.toISOString().replace(/[:.]/g, '-')}`);
  mkdirSync(runDir, { recursive: true });
  const loadBefore = loadAverage();
  const problems: string[] = [];
  const pg = new Client({ connectionString: serverUrl });
  await pg.connect();
  const pgVersion = ((await pg.query('SELECT version() AS v')).rows[0] as { v: string }).v.split(' on ')[0];
  await pg.end();
  const machine = machineFacts(pgVersion);
  say(`run directory ${relative(ROOT, runDir)}; load average ${loadBefore.map((x) => x.toFixed(2)).join(' ')}`);
  // The services run compiled, as the stack and the image run them.
  buildServices(ROOT);

  const kafkaVersion = (readdirSync(join(ROOT, '.cache', 'kafka', 'libs')).find((f) => f.startsWith('.complete-')) ?? '.complete-?').slice('.complete-'.length);
  say('starting a broker of the bench’s own');
  const broker = await startBenchBroker({ root: ROOT, dir: join(runDir, 'kafka') });
  const services: ServiceProcess[] = [];
  const watcher = new TaskWatcher([broker.address]);
  const client = createMessagingClient({ brokers: [broker.address], clientId: 'bench', logLevel: 'error' });
  const admin = client.admin();
  let db: Client | null = null;
  let dbUrl: string | null = null;
  const stopAll = async () => {
    await Promise.all(services.map((s) => s.stop()));
  };
  const onSignal = () => {
    say('interrupted: stopping the services and the broker');
    void stopAll().finally(() => broker.stop(o?.keep).finally(() => process.exit(130)));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    dbUrl = await freshDatabase(serverUrl, o.database);
    const { feed, end } = await publishBacklog(o, broker, runDir, admin);
    if (!o.keep) rmSync(join(runDir, 'feed', 'events.ndjson'), { force: true });

    say('raw consume of the same topics');
    const raw = await rawReads(broker, feed);

    // (a), (d): the three services, started together on the published backlog.
    await watcher.start();
    const highs = new Map<ReconcilerDomain, { domain: Watermarks; downtime: Watermarks }>();
    for (const domain of RECONCILER_DOMAINS) highs.set(domain, { domain: await watermarks(admin, TOPICS[domain]), downtime: await watermarks(admin, TOPICS.downtime) });
    const profileDir = join(runDir, 'profiles');
    say('starting the three reconcilers');
    for (const [i, domain] of RECONCILER_DOMAINS.entries()) {
      services.push(
        ServiceProcess.start({
          domain,
          root: ROOT,
          kafkaBrokers: broker.address,
          databaseUrl: dbUrl,
          port: BASE_PORT + i,
          instanceId: `bench-${domain}`,
          logFile: join(runDir, 'logs', `${domain}.log`),
          ...(o.profile ? { cpuProfileDir: profileDir, cpuProfileIntervalUs: 10_000 } : {}),
          nodeArgs: o.serviceNodeArgs,
        }),
      );
    }
    const healthy = services.map((s) => s.waitHealthy(300_000));
    db = new Client({ connectionString: dbUrl });
    await db.connect();
    // CPU accounting from the moment all three answer /health to the last one drained.
    const ledger = new CpuLedger();
    const pgBackground = postgresBackgroundPids();
    const ledgerPids = new Set<number>();
    void Promise.all(healthy)
      .then(async () => {
        for (const b of await backends(db as Client, o.database)) ledgerPids.add(b.pid);
        for (const s of services) ledgerPids.add(s.pid);
        ledger.open([...ledgerPids, ...pgBackground, broker.pid, process.pid], performance.now());
      })
      .catch(() => undefined);
    let lastLine = performance.now();
    const drain = await watchDrain({
      db,
      services: services.map((s) => ({ domain: s.spec.domain, instanceId: s.spec.instanceId })),
      highs,
      quietMs: o.quietSeconds * 1000,
      timeoutMs: o.drainTimeoutSeconds * 1000,
      lastTaskAt: (d) => watcher.lastArrival(d),
      onPoll: (recs) => {
        if (performance.now() - lastLine > 10_000) {
          lastLine = performance.now();
          say(progressLine(recs, services, watcher));
        }
        for (const s of services) {
          s.sample();
          if (!s.running) return `${s.spec.domain}-reconciler exited during the drain; see ${relative(ROOT, s.spec.logFile)}`;
        }
      },
    });
    const records = drain.records;
    if (drain.failure) {
      problems.push(`drain: ${drain.failure}`);
      say(`drain failed: ${drain.failure}`);
    }
    const healthyAt = await Promise.all(healthy.map((h) => h.catch(() => Number.NaN)));
    const atDrain = services.map((s) => ({ ...s.peak }));
    const metricsAtDrain = await Promise.all(services.map((s) => s.metrics()));
    const pgNow = await backends(db, o.database);
    const groups = new Map<string, number[]>();
    for (const s of services) {
      groups.set(`${s.spec.domain}-reconciler (node)`, [s.pid]);
      groups.set(`${s.spec.domain}-reconciler's PostgreSQL backends`, pgNow.filter((b) => b.app === `${s.spec.domain}-reconciler`).map((b) => b.pid));
    }
    groups.set('PostgreSQL background processes (WAL writer, checkpointer, autovacuum; shared with others)', pgBackground);
    groups.set('Kafka broker (JVM)', [broker.pid]);
    groups.set('bench process (task watcher, monitor)', [process.pid]);
    // The window ends now (the last drained + the quiet period), where the CPU counters are read.
    const used = ledger.opened ? ledger.close(groups, performance.now()) : null;
    const cpu: BenchResults['cpu'] = used && { windowMs: used.windowMs, cores: Number(machine.nproc) || 2, byLabel: used.byLabel, machineSeconds: used.machineSeconds };
    const serviceFigures: ServiceFigures[] = services.map((s, i) => {
      const r = records[i];
      const t = topicsOf(s.spec.domain);
      return {
        domain: s.spec.domain,
        domainMessages: feed.byTopic[t.domain],
        downtimeMessages: feed.byTopic[t.downtime],
        bootMs: healthyAt[i] - s.startedAt,
        firstReadMs: (r.firstReadAt ?? Number.NaN) - s.startedAt,
        drainMs: (r.drainedAt ?? Number.NaN) - s.startedAt,
        tasksOpened: watcher.count(s.spec.domain, 'requested'),
        tasksCancelled: watcher.count(s.spec.domain, 'cancelled'),
        byRule: watcher.byRule(s.spec.domain),
        heapUsed: metricSum(metricsAtDrain[i] ?? '', 'nodejs_heap_size_used_bytes'),
        heapTotal: metricSum(metricsAtDrain[i] ?? '', 'nodejs_heap_size_total_bytes'),
        external: metricSum(metricsAtDrain[i] ?? '', 'nodejs_external_memory_bytes'),
        peakRssAtDrain: atDrain[i].hwm,
        peakRss: 0,
      };
    });
    say(`drained: ${serviceFigures.map((s) => `${s.domain} ${(s.drainMs / 1000).toFixed(1)} s`).join(', ')}`);

    // The simulator's scorer on the tasks topic: the figures are of a pipeline that did its job.
    let score: BenchResults['score'] = null;
    try {
      const run = await runSimulator(ROOT, ['score', '--ground-truth', join(runDir, 'feed', 'ground-truth.json'), '--brokers', broker.address, '--json', '--no-progress']);
      const report = JSON.parse(run.stdout) as { total: { expected: number; truePositives: number; falsePositives: number } };
      score = { expected: report.total.expected, found: report.total.truePositives, falsePositives: report.total.falsePositives };
    } catch (error) {
      problems.push(`scoring the tasks failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    }

    // (e) deadline → task, on the drained services.
    let probes: ProbeFigures | null = null;
    if (o.probes > 0 && drain.failure === null) {
      try {
        say(`deadline probes: ${o.probes}`);
        const result = await runDeadlineProbes({
          client,
          watcher,
          after: end,
          count: o.probes,
          runTag: startedAt.getTime().toString(36).toUpperCase(),
          waitConsumed: async () => {
            const now = new Map<ReconcilerDomain, { domain: Watermarks; downtime: Watermarks }>();
            for (const domain of RECONCILER_DOMAINS) now.set(domain, { domain: await watermarks(admin, TOPICS[domain]), downtime: await watermarks(admin, TOPICS.downtime) });
            const read = await watchDrain({ db: db as Client, services: services.map((s) => ({ domain: s.spec.domain, instanceId: s.spec.instanceId })), highs: now, quietMs: 3000, timeoutMs: 600_000 });
            if (read.failure) throw new Error(`the probes' events were not read: ${read.failure}`);
          },
        });
        const ms = result.samples.map((s) => s.ms);
        probes = {
          samples: ms.length,
          missing: result.missing,
          premature: result.premature,
          p50: quantile(ms, 0.5),
          p99: quantile(ms, 0.99),
          max: Math.max(...ms),
          byDomain: RECONCILER_DOMAINS.map((d) => {
            const x = result.samples.filter((s) => s.domain === d).map((s) => s.ms);
            return { domain: d, p50: quantile(x, 0.5), p99: quantile(x, 0.99) };
          }),
        };
        say(`probes: p50 ${probes.p50.toFixed(0)} ms, p99 ${probes.p99.toFixed(0)} ms, ${probes.missing} missing, ${probes.premature} premature`);
        if (probes.missing > 0 || probes.premature > 0) problems.push(`deadline probes: ${probes.missing} tasks missing, ${probes.premature} before their deadline`);
      } catch (error) {
        problems.push(`deadline probes failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    for (const s of services) s.sample();
    services.forEach((s, i) => (serviceFigures[i].peakRss = s.peak.hwm));
    say('stopping the services');
    await stopAll();
    await watcher.stop();
    await db.end();
    db = null;

    say('replay vs raw SELECT');
    let replay: BenchResults['replay'] = [];
    try {
      replay = await replayVsSelect(dbUrl);
    } catch (error) {
      problems.push(`replay vs SELECT failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    for (const f of replay) {
      if (f.rows !== f.selectRows) problems.push(`replay of ${f.domain}: readPartitionLog read ${f.rows} rows where the SELECT of the same predicate returned ${f.selectRows}`);
      if (f.finalMismatches > 0) problems.push(`replay of ${f.domain}: the final status of ${f.finalMismatches} of ${f.tasks} tasks differs from the recorded one`);
    }

    say(`append vs COPY, ${o.appendEvents.toLocaleString('en-US')} events`);
    let append: BenchResults['append'] = null;
    try {
      append = await runStoreAppendBench(o.appendEvents, serverUrl);
    } catch (error) {
      problems.push(`append vs COPY failed: ${error instanceof Error ? error.message : String(error)}`);
    }

    const profiles: BenchResults['profiles'] = [];
    if (o.profile) {
      for (const domain of RECONCILER_DOMAINS) {
        const file = join(profileDir, `${domain}.cpuprofile`);
        const r = records.find((x) => x.domain === domain);
        if (!existsSync(file) || !r || r.firstReadAt === null || r.drainedAt === null) {
          problems.push(`no CPU profile of the drain for ${domain}`);
          continue;
        }
        const window = { fromUs: monotonicUs(r.firstReadAt), toUs: monotonicUs(r.drainedAt) };
        profiles.push({ domain, windowMs: r.drainedAt - r.firstReadAt, summary: summariseProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, 25, window) });
      }
    }

    const results: BenchResults = {
      command: `npm run bench${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}`,
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      options: o,
      machine,
      loadBefore,
      loadAfter: loadAverage(),
      kafka: `Apache Kafka ${kafkaVersion} (a single KRaft node started by the bench, 512 MB heap, 12 partitions per topic)`,
      feed,
      raw,
      services: serviceFigures,
      probes,
      replay,
      append,
      profiles,
      score,
      cpu,
      problems,
    };
    const outFile = resolve(ROOT, o.out);
    mkdirSync(dirname(outFile), { recursive: true });
    const previous = existsSync(outFile) ? readFileSync(outFile, 'utf8') : null;
    writeFileSync(outFile, formatResults(results, analysisOf(previous)));
    // The figures themselves, beside the page: `--render` re-writes the page from them.
    const jsonFile = outFile.replace(/\.md$/, '') + '.json';
    writeFileSync(jsonFile, `${JSON.stringify(results, null, 2)}\n`);
    say(`wrote ${relative(ROOT, outFile)} and ${relative(ROOT, jsonFile)}`);
  } finally {
    await stopAll().catch(() => undefined);
    await watcher.stop().catch(() => undefined);
    await db?.end().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
    await broker.stop(o.keep);
    if (!o.keep && dbUrl !== null) await dropDatabase(serverUrl, o.database).catch(() => undefined);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
