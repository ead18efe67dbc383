import { Metrics } from '@continuity/service-kit';
import type { TaskChange, TaskRecord } from '@continuity/rules';
import { Registry } from 'prom-client';
import { reconcilerMetricHooks } from './reconciler-metrics';

const task = (rule: TaskRecord['finding']['rule']): TaskRecord => ({
  id: 't',
  status: 'requested',
  authoredOn: 0,
  lastModified: 0,
  ruleSetVersion: 'scheduling@1',
  configHash: 'h',
  finding: { rule, severity: 'considerable', priority: 'urgent', patientKey: 'P1', facility: 'AVC', focus: { system: 's', value: 'v' }, related: [], evidence: [], description: 'd' },
});

describe('reconcilerMetricHooks', () => {
  it('counts task decisions by rule and kind, shared facts by stage, rebuilds by cause, and the clock per partition', async () => {
    const metrics = new Metrics(new Registry());
    const hooks = reconcilerMetricHooks(metrics);
    const changes: TaskChange[] = [
      { kind: 'opened', task: task('sched-double-booking') },
      { kind: 'opened', task: task('sched-double-booking') },
      { kind: 'cancelled', task: task('sched-not-on-planning') },
    ];
    hooks.onTaskChanges?.(changes);
    hooks.onSharedFacts?.('practitioner', 3);
    hooks.onSharedFacts?.('practitioner', 2);
    hooks.onRebuilt?.('assigned', 6);
    hooks.onRebuilt?.('resync', 6);
    hooks.onTick?.(4, 1_722_841_200_000);
    const text = await metrics.registry.metrics();
    expect(text).toContain('continuity_tasks_total{rule="sched-double-booking",change="opened"} 2');
    expect(text).toContain('continuity_tasks_total{rule="sched-not-on-planning",change="cancelled"} 1');
    expect(text).toContain('continuity_shared_facts_total{stage="practitioner"} 5');
    expect(text).toContain('continuity_partitions_rebuilt_total{cause="assigned"} 6');
    expect(text).toContain('continuity_partitions_rebuilt_total{cause="resync"} 6');
    expect(text).toContain('continuity_clock_seconds{partition="4"} 1722841200');
  });
});
