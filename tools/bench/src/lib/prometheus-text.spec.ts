import { metricSum } from './prometheus-text';

const text = [
  '# HELP nodejs_heap_size_used_bytes Process heap size used from Node.js in bytes.',
  '# TYPE nodejs_heap_size_used_bytes gauge',
  'nodejs_heap_size_used_bytes 123456',
  'continuity_tasks_total{rule="lab-orphan-result",change="opened"} 5',
  'continuity_tasks_total{rule="lab-not-collected",change="opened"} 7',
  'continuity_tasks_total_extra 100',
].join('\n');

describe('metricSum', () => {
  it('reads an unlabelled gauge and sums a labelled counter, by exact name', () => {
    expect(metricSum(text, 'nodejs_heap_size_used_bytes')).toBe(123456);
    expect(metricSum(text, 'continuity_tasks_total')).toBe(12);
  });

  it('is null for a metric that is not there', () => {
    expect(metricSum(text, 'nodejs_external_memory_bytes')).toBeNull();
  });
});
