import type { Domain } from '@continuity/contracts';
import { readPartitionLog, readSharedFacts, SHARED_STAGE_PARTITION, sharedStageTopic } from '@continuity/reconciler';
import { replay, replayShared, type FactChange, type LogEntry, type RuleSet } from '@continuity/rules';
import type { DataSource, EntityManager } from 'typeorm';
import type { ConsumedPartition, ReconcilerHistory } from '../history/reconciler-history';
import { compareDecisions, decidedWithin, decisionOf, type Decision, type Difference } from './replay-comparison';

/** What a replay re-runs: the decisions taken in [from, to] by the given domains. */
export interface ReplayWindow {
  from: Date;
  to: Date;
  domains: readonly Domain[];
}

/** How far a replay has come; `events` counts the log entries folded so far. */
export interface ReplayProgress {
  partitionsDone: number;
  partitionsTotal: number;
  events: number;
}

/** What a replay found. */
export interface ReplayOutcome {
  /** Rule set versions run, by domain. */
  ruleSetVersions: Partial<Record<Domain, string>>;
  /** The decisions the replay yields in the window, in log order per partition. */
  tasks: Decision[];
  /** Decisions recorded in the window (for the record: equal to `tasks.length` when nothing differs). */
  recorded: number;
  /** Empty when the replay yields exactly the recorded decisions. */
  differences: Difference[];
}

/** What a replay needs: the read-only history, each domain's store and rule set, the downtime topic. */
export interface ReplaySources {
  history: DataSource;
  stores: ReadonlyMap<Domain, ReconcilerHistory>;
  ruleSets: ReadonlyMap<Domain, RuleSet<unknown>>;
  downtimeTopic: string;
}

/** How often, in log entries, a long partition reports progress. */
const PROGRESS_EVERY = 20_000;

/**
 * Re-runs the pure engine over the stored log of each partition of each domain, up to the last
 * entry recorded at or before `to`, and compares the decisions it yields in [from, to] with the
 * decisions recorded in that window. Each domain is read in one REPEATABLE READ (read-only)
 * transaction, so its log and its recorded decisions are one consistent snapshot.
 */
export async function runReplay(
  sources: ReplaySources,
  window: ReplayWindow,
  onProgress: (progress: ReplayProgress) => Promise<void>,
): Promise<ReplayOutcome> {
  const plan = await planReplay(sources, window);
  // A domain's shared stage (scheduling's practitioners) is replayed as one more log.
  const stages = plan.filter((p) => p.partitions.length > 0 && sources.ruleSets.get(p.domain)?.shared).length;
  const progress: ReplayProgress = { partitionsDone: 0, partitionsTotal: plan.reduce((n, p) => n + p.partitions.length, 0) + stages, events: 0 };
  await onProgress({ ...progress });
  const outcome: ReplayOutcome = { ruleSetVersions: {}, tasks: [], recorded: 0, differences: [] };
  for (const { domain, partitions } of plan) {
    const store = sources.stores.get(domain);
    const ruleSet = sources.ruleSets.get(domain);
    if (!store || !ruleSet) throw new Error(`no store or rule set for ${domain}`);
    outcome.ruleSetVersions[domain] = ruleSet.version;
    if (partitions.length === 0) continue;
    await sources.history.transaction('REPEATABLE READ', async (em) => {
      const upTo = await store.lastPositionAt(em, window.to);
      const recorded = upTo === null ? [] : await recordedDecisions(em, store, window, upTo);
      for (const tp of partitions) {
        const entries = upTo === null ? [] : await readLog(em, store, tp, sources.downtimeTopic, upTo, progress, onProgress);
        const replayed = replay(ruleSet, entries)
          .changes.map((c) => decisionOf(domain, tp.topic, tp.partition, c))
          .filter((d) => decidedWithin(d, window.from, window.to));
        const recordedHere = recorded.filter((d) => d.topic === tp.topic && d.partition === tp.partition);
        outcome.tasks.push(...replayed);
        outcome.recorded += recordedHere.length;
        outcome.differences.push(...compareDecisions(replayed, recordedHere));
        progress.partitionsDone += 1;
        await onProgress({ ...progress });
      }
      const planned = new Set(partitions.map((p) => `${p.topic}#${p.partition}`));
      if (ruleSet.shared) {
        const topic = sharedStageTopic(ruleSet.shared.name);
        const facts = upTo === null ? [] : await readFacts(em, store, ruleSet.shared.name, upTo, progress, onProgress);
        const replayed = replayShared(ruleSet.shared, { version: ruleSet.version, configHash: ruleSet.configHash }, facts)
          .changes.map((c) => decisionOf(domain, topic, SHARED_STAGE_PARTITION, c))
          .filter((d) => decidedWithin(d, window.from, window.to));
        const recordedHere = recorded.filter((d) => d.topic === topic);
        outcome.tasks.push(...replayed);
        outcome.recorded += recordedHere.length;
        outcome.differences.push(...compareDecisions(replayed, recordedHere));
        planned.add(`${topic}#${SHARED_STAGE_PARTITION}`);
        progress.partitionsDone += 1;
        await onProgress({ ...progress });
      }
      // Decisions recorded for a partition no longer in the offsets table would be unmatched.
      const orphans = recorded.filter((d) => !planned.has(`${d.topic}#${d.partition}`));
      outcome.recorded += orphans.length;
      outcome.differences.push(...compareDecisions([], orphans));
    });
  }
  return outcome;
}

async function planReplay(sources: ReplaySources, window: ReplayWindow): Promise<Array<{ domain: Domain; partitions: ConsumedPartition[] }>> {
  const plan: Array<{ domain: Domain; partitions: ConsumedPartition[] }> = [];
  const em = sources.history.manager;
  for (const domain of window.domains) {
    const store = sources.stores.get(domain);
    if (!store) throw new Error(`no store for ${domain}`);
    plan.push({ domain, partitions: (await store.exists(em)) ? await store.partitions(em, sources.downtimeTopic) : [] });
  }
  return plan;
}

async function recordedDecisions(em: EntityManager, store: ReconcilerHistory, window: ReplayWindow, upTo: string): Promise<Decision[]> {
  const rows = await store.decisions(em, window.from, window.to, upTo);
  return rows
    .map((r) => decisionOf(store.domain, r.data.topic, r.data.partition, r.data.change))
    .filter((d) => decidedWithin(d, window.from, window.to));
}

async function readFacts(
  em: EntityManager,
  store: ReconcilerHistory,
  stage: string,
  upTo: string,
  progress: ReplayProgress,
  onProgress: (progress: ReplayProgress) => Promise<void>,
): Promise<FactChange[]> {
  const facts: FactChange[] = [];
  for await (const { fact } of readSharedFacts(em, store.schema, stage, '0', upTo)) {
    facts.push(fact);
    progress.events += 1;
    if (progress.events % PROGRESS_EVERY === 0) await onProgress({ ...progress });
  }
  return facts;
}

async function readLog(
  em: EntityManager,
  store: ReconcilerHistory,
  tp: ConsumedPartition,
  downtimeTopic: string,
  upTo: string,
  progress: ReplayProgress,
  onProgress: (progress: ReplayProgress) => Promise<void>,
): Promise<LogEntry[]> {
  const entries: LogEntry[] = [];
  const src = { schema: store.schema, topic: tp.topic, partition: tp.partition, downtimeTopic };
  for await (const entry of readPartitionLog(em, src, upTo)) {
    entries.push(entry);
    progress.events += 1;
    if (progress.events % PROGRESS_EVERY === 0) await onProgress({ ...progress });
  }
  return entries;
}
