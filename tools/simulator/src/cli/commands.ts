import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { dryRun } from '../lib/dry-run';
import type { GroundTruth } from '../lib/ground-truth';
import { NdjsonWriter } from '../lib/ndjson-writer';
import { FeedPublisher } from '../lib/publisher';
import type { FeedMessage } from '../lib/sim-event';
import { patientsPerFacilityFor, Simulation, type SimulationOptions } from '../lib/simulation';
import { FeedSummary, formatGroundTruth, formatSummary } from '../lib/summary';
import { readTasksFromApi, readTasksFromKafka } from '../lib/task-sources';
import { formatScoreTable, score, type ScoreReport } from '../score';
import type { Command } from './args';
import { createProgress } from './progress';

/** Where a command writes: stdout for results, stderr for progress and notes. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

type Of<K extends Command['kind']> = Extract<Command, { kind: K }>;

/** Wall time, only to report throughput (never used by the generator). */
const clock = (): number => performance.now();

function simulationFor(sim: Partial<SimulationOptions>, eventsTarget: number | null): Simulation {
  if (eventsTarget === null) return new Simulation(sim);
  return new Simulation({ ...sim, patientsPerFacility: patientsPerFacilityFor(eventsTarget, sim) });
}

/** Progress updates every this many messages: bars cost more than generating. */
const TICK = 4096;

export async function runGenerate(cmd: Of<'generate'>, io: Io): Promise<void> {
  const sim = simulationFor(cmd.sim, cmd.eventsTarget);
  const gt = sim.groundTruth();
  const files: string[] = [];
  let writer: NdjsonWriter | null = null;
  if (cmd.out !== null) {
    await mkdir(cmd.out, { recursive: true });
    const truthPath = join(cmd.out, 'ground-truth.json');
    await writeFile(truthPath, formatGroundTruth(gt));
    files.push(join(cmd.out, 'events.ndjson'), truthPath);
    writer = new NdjsonWriter(files[0]);
  }
  let publisher: FeedPublisher | null = null;
  if (cmd.publish) {
    publisher = new FeedPublisher({ brokers: cmd.brokers, rate: cmd.rate, batchSize: cmd.batch, topicSuffix: cmd.topicSuffix, ensureTopics: true });
    await publisher.connect();
  }
  const progress = createProgress(cmd.progress);
  const bar = progress.bar(publisher ? 'published' : 'generated', sim.estimatedMessages());
  const summary = new FeedSummary();
  const started = clock();
  const cpu = process.cpuUsage();
  try {
    for (const m of sim.messages()) {
      summary.add(m);
      if (writer && writer.write(m)) await writer.drain();
      if (publisher) await publisher.publish(m);
      if (summary.messages % TICK === 0) bar.update(summary.messages);
    }
    await writer?.close();
    await publisher?.close();
    bar.update(summary.messages, summary.messages);
  } finally {
    progress.stop();
  }
  if (sim.outOfOrder > 0) io.err(`warning: ${sim.outOfOrder} messages out of recorded-time order (a generator bug)`);
  const used = process.cpuUsage(cpu);
  io.out(formatSummary(summary, gt, { cleanPatients: sim.cleanPatients, stagedCases: sim.stagedCases, seconds: (clock() - started) / 1000, cpuSeconds: (used.user + used.system) / 1e6, files }));
}

export async function runDryRun(cmd: Of<'dry-run'>, io: Io): Promise<void> {
  const sim = simulationFor(cmd.sim, cmd.eventsTarget);
  const gt = sim.groundTruth();
  const progress = createProgress(cmd.progress);
  const bar = progress.bar('evaluated', sim.estimatedMessages());
  let count = 0;
  function* counted(): Generator<FeedMessage> {
    for (const m of sim.messages()) {
      if (++count % TICK === 0) bar.update(count);
      yield m;
    }
  }
  let result;
  try {
    result = dryRun(counted(), { tickOnEvents: cmd.tickOnEvents });
    bar.update(count, count);
  } finally {
    progress.stop();
  }
  const report = score(gt.tasks, result.log.tasks(), gt.nearMisses);
  if (cmd.json) io.out(JSON.stringify({ report, changes: result.changes, rejected: result.rejected }, null, 2));
  else {
    io.out(formatScoreTable(report));
    io.out(`${count} messages, ${result.accepted} accepted, rejected ${JSON.stringify(result.rejected)}; task changes ${JSON.stringify(result.changes)}`);
    const ex = examples(report);
    if (ex) io.out(ex);
  }
}

export async function runPublish(cmd: Of<'publish'>, io: Io): Promise<void> {
  const publisher = new FeedPublisher({ brokers: cmd.brokers, rate: cmd.rate, batchSize: cmd.batch, topicSuffix: cmd.topicSuffix, ensureTopics: true });
  await publisher.connect();
  const progress = createProgress(cmd.progress);
  const bar = progress.bar('published', 0);
  const started = clock();
  try {
    const lines = createInterface({ input: createReadStream(cmd.input, { encoding: 'utf8' }), crlfDelay: Infinity });
    for await (const line of lines) {
      if (line.trim() === '') continue;
      const m = JSON.parse(line) as { topic: string; key: string; value: string };
      await publisher.publish(m);
      if (publisher.sent % TICK === 0) bar.update(publisher.sent, publisher.sent + TICK);
    }
    await publisher.close();
    bar.update(publisher.sent, publisher.sent);
  } finally {
    progress.stop();
  }
  const seconds = (clock() - started) / 1000;
  io.out(`published ${publisher.sent} messages in ${seconds.toFixed(1)} s (${Math.round(publisher.sent / Math.max(seconds, 1e-9))} messages/s)`);
}

export async function runScore(cmd: Of<'score'>, io: Io): Promise<void> {
  const gt = JSON.parse(await readFile(cmd.groundTruth, 'utf8')) as GroundTruth;
  const progress = createProgress(cmd.progress);
  const bar = progress.bar('tasks', 0);
  let log;
  try {
    log =
      cmd.source.kind === 'kafka'
        ? await readTasksFromKafka({ brokers: cmd.source.brokers, topic: cmd.source.topic, timeoutMs: cmd.source.timeoutMs, onProgress: (r, t) => r % 256 === 0 && bar.update(r, t) })
        : await readTasksFromApi({ baseUrl: cmd.source.url, apiKey: cmd.source.apiKey, pageSize: cmd.source.pageSize, onProgress: (r, t) => bar.update(r, t ?? r) });
  } finally {
    progress.stop();
  }
  const report = score(gt.tasks, log.tasks(), gt.nearMisses);
  if (cmd.json) io.out(JSON.stringify(report, null, 2));
  else {
    io.out(formatScoreTable(report));
    io.out(`${log.size} distinct tasks read`);
    const ex = examples(report);
    if (ex) io.out(ex);
  }
}

/** A few false positives and negatives, by pseudonymous key and identifiers only. */
function examples(report: ScoreReport, max = 10): string {
  const fp = report.falsePositives.slice(0, max).map((t) => `  FP ${t.rule} patient ${t.patientKey} focus ${t.focus.system}|${t.focus.value}`);
  const fn = report.falseNegatives.slice(0, max).map((e) => `  FN ${e.rule} patient ${e.patientKey} focus ${e.focus.system}|${e.focus.value} (${e.case})`);
  return [...fp, ...fn].join('\n');
}
