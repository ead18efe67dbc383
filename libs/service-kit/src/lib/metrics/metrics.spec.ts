import { Registry } from 'prom-client';
import { Metrics } from './metrics';

function metricsOf(service: string): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  return new Metrics(registry);
}

describe('Metrics', () => {
  it('declares a counter once and labels it with the service', async () => {
    const metrics = metricsOf('lab');
    const first = metrics.counter({ name: 'events_stored_total', help: 'Events stored', labelNames: ['topic'] });
    const again = metrics.counter({ name: 'events_stored_total', help: 'Events stored', labelNames: ['topic'] });
    expect(again).toBe(first);
    first.inc({ topic: 'clinical.lab.v1' }, 3);
    expect(await metrics.registry.metrics()).toContain('events_stored_total{topic="clinical.lab.v1",service="lab"} 3');
  });

  it('declares gauges and histograms with buckets', async () => {
    const metrics = metricsOf('api');
    metrics.gauge({ name: 'open_tasks', help: 'Open tasks' }).set(4);
    metrics.histogram({ name: 'batch_seconds', help: 'Batch time', buckets: [0.1, 1] }).observe(0.5);
    const text = await metrics.registry.metrics();
    expect(text).toContain('open_tasks{service="api"} 4');
    expect(text).toContain('batch_seconds_bucket{le="0.1",service="api"} 0');
    expect(text).toContain('batch_seconds_bucket{le="1",service="api"} 1');
  });

  it('refuses a second declaration of another kind or other labels', () => {
    const metrics = metricsOf('api');
    metrics.counter({ name: 'x_total', help: 'x', labelNames: ['a'] });
    expect(() => metrics.gauge({ name: 'x_total', help: 'x', labelNames: ['a'] })).toThrow(/another kind/);
    expect(() => metrics.counter({ name: 'x_total', help: 'x', labelNames: ['b'] })).toThrow(/labels \[a\]/);
  });
});
