import { CLOUDEVENTS_JSON, EVENT_TYPES, parseMessage, type Domain, type ErrorCode } from '@continuity/contracts';
import { labRuleSet } from '@continuity/lab';
import { prescriptionsRuleSet } from '@continuity/prescriptions';
import { PartitionEngine, SharedStageEngine, toFhirTask, type RuleSet, type TaskChange } from '@continuity/rules';
import { schedulingRuleSet } from '@continuity/scheduling';
import { taskFromFhir, TaskLog } from '../score';
import type { FeedMessage } from './sim-event';

/**
 * Runs a feed through the real rule sets in process, one PartitionEngine per domain (all patients in
 * one "partition"), ticking at each heartbeat as the reconcilers' clocks would; the facts each tick
 * states go to the domain's shared stage (rules across patients), as a reconciler appends them.
 * It checks the ground truth against the rules without Kafka or PostgreSQL; it does not replace
 * the services' run.
 */
export interface DryRunResult {
  log: TaskLog;
  accepted: number;
  rejected: Partial<Record<ErrorCode, number>>;
  changes: Record<TaskChange['kind'], number>;
  ticks: number;
}

const HEADERS = { 'content-type': CLOUDEVENTS_JSON };

/**
 * `tickEveryMs`: least time between two heartbeat ticks (default: every heartbeat).
 * `tickOnEvents`: also tick after every clinical event at its recorded time, as a reconciler ticking
 * per message would: the strictest clock, which shows tasks opened and cancelled in between.
 */
export function dryRun(messages: Iterable<FeedMessage>, options: { tickEveryMs?: number; tickOnEvents?: boolean } = {}): DryRunResult {
  const domains: Array<{ domain: Domain; engine: PartitionEngine<unknown>; shared: SharedStageEngine<unknown> | null }> = [
    stagesOf(prescriptionsRuleSet() as RuleSet<unknown>),
    stagesOf(labRuleSet() as RuleSet<unknown>),
    stagesOf(schedulingRuleSet() as RuleSet<unknown>),
  ];
  const engines = Object.fromEntries(domains.map((d) => [d.domain, d.engine])) as Record<Domain, PartitionEngine<unknown>>;
  const log = new TaskLog();
  const result: DryRunResult = { log, accepted: 0, rejected: {}, changes: { opened: 0, cancelled: 0, reopened: 0 }, ticks: 0 };
  let position = 0;
  let lastTick = Number.NEGATIVE_INFINITY;
  let lastTime = Number.NEGATIVE_INFINITY;
  const tickEvery = options.tickEveryMs ?? 0;

  const observe = (change: TaskChange) => {
    result.changes[change.kind]++;
    const task = taskFromFhir(toFhirTask(change.task));
    if (task) log.observe(task);
  };
  const tick = (now: number) => {
    result.ticks++;
    lastTick = now;
    for (const { engine, shared } of domains) {
      for (const change of engine.tick(now, position === 0 ? null : String(position))) observe(change);
      if (shared) for (const fact of engine.factChangesOfLastTick()) for (const change of shared.apply(fact)) observe(change);
    }
  };

  for (const m of messages) {
    const parsed = parseMessage({ topic: m.topic, key: Buffer.from(m.key), value: Buffer.from(m.value), headers: HEADERS });
    if (!parsed.ok) {
      result.rejected[parsed.error.code] = (result.rejected[parsed.error.code] ?? 0) + 1;
      continue;
    }
    result.accepted++;
    const e = parsed.event;
    lastTime = Math.max(lastTime, e.recordedTimeMs);
    if (e.domain !== 'downtime') {
      engines[e.domain].applyEvent(e);
      if (options.tickOnEvents && e.recordedTimeMs >= lastTick) tick(e.recordedTimeMs);
    } else if (e.type === EVENT_TYPES.sourceHeartbeat) {
      if (e.timeMs > lastTick && e.timeMs - lastTick >= tickEvery) tick(e.timeMs);
    } else {
      position++;
      for (const { engine } of domains) engine.applyDowntime(String(position), e);
    }
  }
  if (lastTime > Number.NEGATIVE_INFINITY) tick(Math.max(lastTime, lastTick));
  return result;
}

/** A domain's partition engine and, when its rule set has one, its shared stage. */
function stagesOf(ruleSet: RuleSet<unknown>): { domain: Domain; engine: PartitionEngine<unknown>; shared: SharedStageEngine<unknown> | null } {
  const shared = ruleSet.shared ? new SharedStageEngine(ruleSet.shared, { version: ruleSet.version, configHash: ruleSet.configHash }) : null;
  return { domain: ruleSet.domain, engine: new PartitionEngine(ruleSet), shared };
}
