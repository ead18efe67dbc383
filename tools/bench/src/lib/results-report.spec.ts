import { parseBenchArgs } from './bench-options';
import type { BenchResults, ServiceFigures } from './bench-results';
import { analysisOf, formatResults, pipelineVsRaw } from './results-report';

const service = (domain: ServiceFigures['domain'], over: Partial<ServiceFigures> = {}): ServiceFigures => ({
  domain,
  domainMessages: 100_000,
  downtimeMessages: 50_000,
  bootMs: 10_000,
  firstReadMs: 10_000,
  drainMs: 60_000,
  tasksOpened: 70,
  tasksCancelled: 0,
  heapUsed: null,
  heapTotal: null,
  external: null,
  peakRssAtDrain: 300 * 2 ** 20,
  peakRss: 310 * 2 ** 20,
  ...over,
});

function results(over: Partial<BenchResults> = {}): BenchResults {
  return {
    command: 'npm run bench',
    startedAt: '2024-01-01T00:00:00.000Z',
    finishedAt: '2024-01-01T00:10:00.000Z',
    options: parseBenchArgs([]) ?? (undefined as never),
    machine: { nproc: '2', cpuModel: 'AMD EPYC', free: 'Mem: 23', totalMemGiB: 23, node: 'v20', postgres: 'PostgreSQL 15' },
    loadBefore: [1, 2, 3],
    loadAfter: [4, 5, 6],
    kafka: 'Apache Kafka 4.1.1',
    feed: { messages: 250_000, byTopic: { 'clinical.lab.v1': 100_000 }, generateSeconds: 10, publishSeconds: 5, expectedTasks: 70 },
    // 100,000 domain messages read in 1 s: 100,000 events/s raw.
    raw: [{ domain: 'lab', messages: 150_000, domainMessages: 100_000, totalMs: 2000, readMs: 1000 }],
    services: [service('lab')],
    probes: null,
    replay: [],
    append: { events: 1000, batch: 1000, appendSeconds: 1, copySeconds: 0.5, appendRate: 1000, copyRate: 2000 },
    cpu: null,
    profiles: [],
    score: null,
    problems: [],
    ...over,
  };
}

const targetRow = (md: string, figure: string): string => md.split('\n').find((l) => l.startsWith(`| ${figure}`)) ?? '';

describe('formatResults', () => {
  it('compares the consumption window with the raw read: 100,000 events in 50 s vs in 1 s is a miss', () => {
    const md = formatResults(results());
    expect(targetRow(md, '(a) pipeline vs raw consume, lab')).toContain('2,000 vs 100,000 events/s: 2%');
    expect(targetRow(md, '(a) pipeline vs raw consume, lab')).toContain('**MISS**');
  });

  it('passes the drain target at 120 s from start and misses it just after', () => {
    expect(targetRow(formatResults(results({ services: [service('lab', { drainMs: 120_000 })] })), '(a) 250,000-message backlog')).toContain('**pass**');
    expect(targetRow(formatResults(results({ services: [service('lab', { drainMs: 120_001 })] })), '(a) 250,000-message backlog')).toContain('**MISS**');
  });

  it('judges RSS against 512 MiB and append against half of COPY', () => {
    const md = formatResults(results({ services: [service('lab', { peakRss: 513 * 2 ** 20 })] }));
    expect(targetRow(md, '(d) peak RSS (VmHWM), lab')).toContain('**MISS**');
    expect(targetRow(md, '(b) store append vs raw COPY')).toContain('50%');
    expect(targetRow(md, '(b) store append vs raw COPY')).toContain('**pass**');
  });

  it('names the machine, its load and the command', () => {
    const md = formatResults(results());
    expect(md).toContain('Command: `npm run bench`');
    expect(md).toContain('`nproc`: 2; CPU: AMD EPYC');
    expect(md).toContain('before: 1.00 / 2.00 / 3.00; after: 4.00 / 5.00 / 6.00');
  });

  it('keeps a hand-written analysis of the previous file below the new figures', () => {
    const previous = `${formatResults(results())}\n## Analysis\n\nThe time goes to parsing.\n`;
    const md = formatResults(results(), analysisOf(previous));
    expect(md.trimEnd().endsWith('The time goes to parsing.')).toBe(true);
    expect(md.match(/## Analysis/g)).toHaveLength(1);
    expect(analysisOf(formatResults(results()))).toBeNull();
  });
});

describe('pipelineVsRaw', () => {
  it('rates the pipeline over its window and from its start', () => {
    const v = pipelineVsRaw(service('lab'), results().raw[0]);
    expect(v.pipeline).toBe(2000);
    expect(v.pipelineFromStart).toBeCloseTo(100_000 / 60);
    expect(v.ratio).toBeCloseTo(0.02);
  });
});
