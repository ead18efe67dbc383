import type { ChunkMetrics } from '@continuity/messaging';
import type { Instant, TaskChange } from '@continuity/rules';
import type { Metrics } from '@continuity/service-kit';
import type { ReconcilerHooks } from '../reconciler';

/**
 * Prometheus metrics of a reconciler (issue: events consumed and rejected, tasks opened and
 * cancelled by rule, lag, clock), fed by the reconciler's hooks.
 */
export function reconcilerMetricHooks(metrics: Metrics): ReconcilerHooks {
  const consumed = metrics.counter<'topic'>({ name: 'continuity_events_consumed_total', help: 'Messages read from Kafka', labelNames: ['topic'] });
  const accepted = metrics.counter<'topic'>({ name: 'continuity_events_stored_total', help: 'Valid events stored once', labelNames: ['topic'] });
  const duplicates = metrics.counter<'topic'>({ name: 'continuity_events_duplicate_total', help: 'Transport duplicates dropped (same source and id)', labelNames: ['topic'] });
  const rejected = metrics.counter<'topic' | 'code'>({ name: 'continuity_events_rejected_total', help: 'Messages sent to the DLQ', labelNames: ['topic', 'code'] });
  const lag = metrics.gauge<'topic' | 'partition'>({ name: 'continuity_consumer_lag', help: 'Messages waiting after the last chunk', labelNames: ['topic', 'partition'] });
  const tasks = metrics.counter<'rule' | 'change'>({ name: 'continuity_tasks_total', help: 'Task decisions by rule and kind', labelNames: ['rule', 'change'] });
  const facts = metrics.counter<'stage'>({ name: 'continuity_shared_facts_total', help: 'Fact changes stated to a shared stage (practitioner slots)', labelNames: ['stage'] });
  const rebuilt = metrics.counter<'cause'>({ name: 'continuity_partitions_rebuilt_total', help: 'Partition engines rebuilt from the store', labelNames: ['cause'] });
  const clock = metrics.gauge<'partition'>({ name: 'continuity_clock_seconds', help: 'Clock of each owned partition (event time, epoch seconds)', labelNames: ['partition'] });
  return {
    onChunk(m: ChunkMetrics) {
      consumed.inc({ topic: m.topic }, m.consumed);
      accepted.inc({ topic: m.topic }, m.accepted);
      duplicates.inc({ topic: m.topic }, m.duplicates);
      for (const [code, n] of Object.entries(m.rejected)) rejected.inc({ topic: m.topic, code }, n ?? 0);
      lag.set({ topic: m.topic, partition: String(m.partition) }, m.lag);
    },
    onTaskChanges(changes: readonly TaskChange[]) {
      for (const c of changes) tasks.inc({ rule: c.task.finding.rule, change: c.kind });
    },
    onTick(partition: number, now: Instant) {
      clock.set({ partition: String(partition) }, now / 1000);
    },
    onSharedFacts(stage: string, count: number) {
      facts.inc({ stage }, count);
    },
    onRebuilt(cause: 'assigned' | 'resync', partitions: number) {
      rebuilt.inc({ cause }, partitions);
    },
  };
}
