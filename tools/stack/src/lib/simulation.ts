import { join } from 'node:path';
import { Client } from 'pg';
import { TOPICS } from '@continuity/contracts';
import { StackError } from './commands';
import { readDrainState, trackedConsumers, waitForDrain } from './drain';
import { withAdmin } from './infrastructure';
import { serviceUrl } from './services';
import type { Say, Stack } from './stack';
import { countsFromReport, formatTaskSummary, readTaskTopic, summarizeTasks, type TaskCount, type TaskDigest } from './task-summary';

/** The simulator's CLI (tools/simulator/README.md). */
const SIMULATOR = 'tools/simulator/src/main.ts';
/** The API caps a FHIR search page at 100 (`_count`); the scorer's own default asks for more. */
const API_PAGE_SIZE = '100';

const seconds = (ms: number): string => `${(ms / 1000).toFixed(0)} s`;

/**
 * `npm start`'s demonstration, on a stack that is up: publishes the simulator's default weekend
 * outage (plus any simulator flags given), waits for the reconcilers and the API to drain, prints
 * the discrepancy summary and the scorer's table.
 */
export async function runSimulation(stack: Stack, say: Say, startedAt: number): Promise<void> {
  const o = stack.options;
  const dir = join(o.stateDir, 'simulation');
  const brokers = o.kafkaBrokers.join(',');
  const progress = process.stderr.isTTY ? [] : ['--no-progress'];
  const what = o.simulatorArgs.length > 0 ? `the outage of ${o.simulatorArgs.join(' ')}` : 'the default weekend outage';
  say(`simulation: generating ${what} and publishing it to ${brokers} (ground truth in ${dir})`);
  const publishStart = Date.now();
  await stack.commands.runTsInTerminal('simulator generate', SIMULATOR, ['generate', '--out', dir, '--publish', '--brokers', brokers, ...progress, ...o.simulatorArgs]);
  say(`simulation: published in ${seconds(Date.now() - publishStart)}; waiting for the reconcilers and the API to drain`);

  const drainStart = Date.now();
  const db = new Client({ connectionString: o.databaseUrl });
  await db.connect();
  try {
    await withAdmin(o.kafkaBrokers, (admin) =>
      waitForDrain({
        read: () => readDrainState(admin, db, trackedConsumers()),
        quietMs: o.quietMs,
        timeoutMs: o.drainTimeoutMs,
        say,
        cancelled: () => stack.isStopping,
      }),
    );
  } finally {
    await db.end();
  }
  say(`simulation: drained in ${seconds(Date.now() - drainStart)} (consumer lag 0, outboxes empty, nothing new for ${seconds(o.quietMs)})`);

  const officer = stack.officerKey;
  const api = serviceUrl(o, 'api');
  const { counts, source } = await discrepancyCounts(api, officer.secret, o.kafkaBrokers);
  say(`\nDiscrepancy summary (${source}):`);
  say(formatTaskSummary(summarizeTasks(counts)));
  say(`\nsummary ready ${seconds(Date.now() - startedAt)} after start`);

  say('\nScore against the simulation\'s ground truth (simulator score, tasks read from the API):');
  const groundTruth = join(dir, 'ground-truth.json');
  try {
    await stack.commands.runTsInTerminal('simulator score', SIMULATOR, ['score', '--ground-truth', groundTruth, '--api', api, '--page-size', API_PAGE_SIZE, ...progress], { SIMULATOR_API_KEY: officer.secret });
  } catch (err) {
    if (stack.isStopping) throw err;
    say(`${err instanceof Error ? err.message : String(err)}; scoring from the ${TOPICS.tasks} topic instead`);
    await stack.commands.runTsInTerminal('simulator score', SIMULATOR, ['score', '--ground-truth', groundTruth, '--brokers', brokers, ...progress]);
  }
}

/** The report of the API when it answers; else the tasks as published on the tasks topic. */
async function discrepancyCounts(api: string, secret: string, brokers: readonly string[]): Promise<{ counts: ReadonlyArray<TaskCount | TaskDigest>; source: string }> {
  const url = `${api}/api/v1/reports/discrepancies`;
  let why: string;
  try {
    const res = await fetch(url, { headers: { Authorization: `Bearer ${secret}`, Accept: 'application/json' }, signal: AbortSignal.timeout(30_000) });
    const counts = res.ok ? countsFromReport(await res.json()) : null;
    if (counts) return { counts, source: `GET ${url}` };
    why = res.ok ? 'an unexpected body' : `HTTP ${res.status}`;
  } catch (err) {
    why = err instanceof Error ? err.message : String(err);
  }
  try {
    return { counts: await readTaskTopic(brokers, TOPICS.tasks), source: `the ${TOPICS.tasks} topic; the API report gave ${why}` };
  } catch (err) {
    throw new StackError(`no discrepancy summary: the API report gave ${why}, and reading ${TOPICS.tasks} failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}
