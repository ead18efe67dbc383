import { heartbeatSecondsFor, parseBenchArgs } from './bench-options';

describe('parseBenchArgs', () => {
  it('defaults to the issue: a million events, results in bench/RESULTS.md, profiled', () => {
    const o = parseBenchArgs([]);
    expect(o).toMatchObject({ events: 1_000_000, hours: 72, facilities: 38, heartbeatSeconds: 60, out: 'bench/RESULTS.md', profile: true, database: 'continuity_bench' });
  });

  it('quick mode is small and never overwrites the recorded results', () => {
    const o = parseBenchArgs(['--quick']);
    expect(o).toMatchObject({ events: 50_000, appendEvents: 20_000, probes: 20, out: 'tmp/bench/RESULTS-50000.md' });
  });

  it('takes explicit sizes, with underscores', () => {
    expect(parseBenchArgs(['--events', '200_000', '--no-profile', '--out', 'x.md'])).toMatchObject({ events: 200_000, profile: false, out: 'x.md', heartbeatSeconds: 300 });
  });

  it.each([
    [['--events', 'lots'], '--events'],
    [['--events', '10'], '--events'],
    [['--database', 'Bench-DB'], '--database'],
    [['--nope'], 'nope'],
  ])('refuses %j naming the flag', (argv, flag) => {
    expect(() => parseBenchArgs(argv)).toThrow(flag);
  });

  it('runs the services with their own node flags unless told otherwise', () => {
    expect(parseBenchArgs([])?.serviceNodeArgs).toEqual(['--max-semi-space-size=64']);
    expect(parseBenchArgs(['--service-node-args='])?.serviceNodeArgs).toEqual([]);
    expect(parseBenchArgs(['--service-node-args=--max-old-space-size=400 --stack-size=2000'])?.serviceNodeArgs).toEqual(['--max-old-space-size=400', '--stack-size=2000']);
  });

  it('returns null for --help', () => {
    expect(parseBenchArgs(['-h'])).toBeNull();
  });
});

describe('heartbeatSecondsFor', () => {
  it('keeps heartbeats the same share of smaller runs, within the simulator limits', () => {
    expect(heartbeatSecondsFor(1_000_000)).toBe(60);
    expect(heartbeatSecondsFor(50_000)).toBe(1200);
    expect(heartbeatSecondsFor(5_000_000)).toBe(60);
    expect(heartbeatSecondsFor(1000)).toBe(3600);
  });
});
