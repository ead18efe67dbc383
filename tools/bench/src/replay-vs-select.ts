/**
 * (c) How fast does a partition replay (libs/reconciler `readPartitionLog` folded through the
 * domain's engine, exactly as `replay` of @continuity/rules does) go, next to a raw SELECT of
 * the same rows in position order?
 *
 * Runs on a database a reconciler has filled (the bench's, after the drain): for each domain
 * schema and each of its 12 partitions, times the replay, then a raw `SELECT position, type, data`
 * with the same predicate and order in one statement, and checks both saw the same rows and that
 * the replay ends with every task in its recorded final status (a difference is reported, not thrown).
 *
 * Run alone: `npx ts-node --transpile-only -r tsconfig-paths/register tools/bench/src/replay-vs-select.ts <database url>`
 */
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { DEFAULT_PARTITIONS, TOPICS } from '@continuity/contracts';
import { createDataSource } from '@continuity/event-store';
import { labRuleSet } from '@continuity/lab';
import { prescriptionsRuleSet } from '@continuity/prescriptions';
import { clockStreamOf, readPartitionLog, readSharedFacts, SHARED_FACT_CHANGED } from '@continuity/reconciler';
import { DOWNTIME_ENDED, DOWNTIME_STARTED, PartitionEngine, SharedStageEngine, type RuleSet } from '@continuity/rules';
import { schedulingRuleSet } from '@continuity/scheduling';

type Domain = 'prescriptions' | 'lab' | 'scheduling';
const DOMAINS: readonly Domain[] = ['prescriptions', 'lab', 'scheduling'];

const ruleSetOf = (d: Domain): RuleSet<unknown> =>
  (d === 'prescriptions' ? prescriptionsRuleSet() : d === 'lab' ? labRuleSet() : schedulingRuleSet()) as RuleSet<unknown>;

/** One domain's figures, all 12 partitions together. */
export interface ReplayFigures {
  domain: Domain;
  /** Rows the replay read, and rows the raw SELECT returned (must be equal). */
  rows: number;
  selectRows: number;
  replayMs: number;
  /** Of the replay, reading the log alone (`readPartitionLog` drained, no engine): the rest is the fold. */
  readMs: number;
  selectMs: number;
  /** Task decisions the replay took, and those recorded live. */
  replayedChanges: number;
  recordedChanges: number;
  /** Tasks whose final status differs between the replay and the recorded log (must be 0). */
  finalMismatches: number;
  tasks: number;
}

/** Replays every partition of the three schemas, then SELECTs the same rows; see the file comment. */
export async function replayVsSelect(databaseUrl: string, partitions = DEFAULT_PARTITIONS): Promise<ReplayFigures[]> {
  const out: ReplayFigures[] = [];
  const raw = new Client({ connectionString: databaseUrl });
  await raw.connect();
  try {
    for (const domain of DOMAINS) {
      const ds = await createDataSource({ url: databaseUrl, schema: domain, poolSize: 1, applicationName: 'bench-replay' }).initialize();
      const figures: ReplayFigures = { domain, rows: 0, selectRows: 0, replayMs: 0, readMs: 0, selectMs: 0, replayedChanges: 0, recordedChanges: 0, finalMismatches: 0, tasks: 0 };
      const replayed = new Map<string, string>();
      try {
        for (let partition = 0; partition < partitions; partition++) {
          const src = { schema: domain, topic: TOPICS[domain], partition, downtimeTopic: TOPICS.downtime };
          // Replay: the store's paged log through a fresh engine (replay() of @continuity/rules, fed as it streams).
          let t0 = performance.now();
          const engine = new PartitionEngine(ruleSetOf(domain));
          let rows = 0;
          for await (const entry of readPartitionLog(ds.manager, src)) {
            rows++;
            if (entry.kind === 'event') engine.applyEvent(entry.event);
            else if (entry.kind === 'downtime') engine.applyDowntime(entry.position, entry.event);
            else figures.replayedChanges += engine.tick(entry.now, entry.downtimeUpTo).length;
          }
          figures.replayMs += performance.now() - t0;
          for (const t of engine.allTasks()) replayed.set(t.id, t.status);
          // Where the replay's time goes: the same read with nothing done with the entries.
          t0 = performance.now();
          for await (const entry of readPartitionLog(ds.manager, src)) void entry;
          figures.readMs += performance.now() - t0;
          // Raw: the same rows, one statement, no paging, nothing done with them.
          t0 = performance.now();
          const res = await raw.query(
            `SELECT position, type, data FROM "${domain}".events
              WHERE (kafka_topic = $1 AND kafka_partition = $2) OR stream_id = $3
                 OR (kafka_topic = $4 AND type IN ('${DOWNTIME_STARTED}', '${DOWNTIME_ENDED}'))
              ORDER BY position`,
            [src.topic, partition, clockStreamOf(src.topic, partition), src.downtimeTopic],
          );
          figures.selectMs += performance.now() - t0;
          figures.rows += rows;
          figures.selectRows += res.rowCount ?? 0;
        }
        // A shared stage (scheduling's practitioners) replays its fact log, across all partitions.
        const ruleSet = ruleSetOf(domain);
        if (ruleSet.shared) {
          let t0 = performance.now();
          const stage = new SharedStageEngine(ruleSet.shared, { version: ruleSet.version, configHash: ruleSet.configHash });
          let rows = 0;
          for await (const { fact } of readSharedFacts(ds.manager, domain, ruleSet.shared.name)) {
            rows++;
            figures.replayedChanges += stage.apply(fact).length;
          }
          figures.replayMs += performance.now() - t0;
          for (const t of stage.allTasks()) replayed.set(t.id, t.status);
          t0 = performance.now();
          for await (const entry of readSharedFacts(ds.manager, domain, ruleSet.shared.name)) void entry;
          figures.readMs += performance.now() - t0;
          t0 = performance.now();
          const res = await raw.query(`SELECT position, data FROM "${domain}".events WHERE type = $1 ORDER BY position`, [SHARED_FACT_CHANGED]);
          figures.selectMs += performance.now() - t0;
          figures.rows += rows;
          figures.selectRows += res.rowCount ?? 0;
        }
        // The recorded decisions, in order: the last one of each task is its final status.
        const recorded = new Map<string, string>();
        const decisions = await raw.query(`SELECT data FROM "${domain}".events WHERE type LIKE 'continuity.task.%' AND source = $1 ORDER BY position`, [`urn:continuity:reconciler:${domain}`]);
        for (const { data } of decisions.rows as Array<{ data: { change: { task: { id: string; status: string } } } }>) recorded.set(data.change.task.id, data.change.task.status);
        figures.recordedChanges = decisions.rowCount ?? 0;
        figures.tasks = recorded.size;
        for (const id of new Set([...recorded.keys(), ...replayed.keys()])) if (recorded.get(id) !== replayed.get(id)) figures.finalMismatches++;
      } finally {
        await ds.destroy();
      }
      out.push(figures);
    }
  } finally {
    await raw.end();
  }
  return out;
}

if (require.main === module) {
  const url = process.argv[2] ?? process.env['DATABASE_URL'];
  if (!url) {
    console.error('usage: replay-vs-select.ts <database url of a filled bench database>');
    process.exit(2);
  }
  replayVsSelect(url)
    .then((figures) => {
      for (const f of figures) {
        const replay = f.rows / (f.replayMs / 1000);
        const select = f.rows / (f.selectMs / 1000);
        console.log(`${f.domain}: ${f.rows} rows (SELECT: ${f.selectRows}); replay ${Math.round(replay)} rows/s (${(f.replayMs / 1000).toFixed(2)} s, of which reading ${(f.readMs / 1000).toFixed(2)} s), SELECT ${Math.round(select)} rows/s (${((100 * replay) / select).toFixed(0)}%); decisions ${f.replayedChanges} replayed, ${f.recordedChanges} recorded; final status of ${f.finalMismatches} of ${f.tasks} tasks differs`);
      }
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
