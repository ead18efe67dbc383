import { areaOf, summariseProfile, type CpuProfile } from './cpu-profile';

const frame = (id: number, functionName: string, url: string, children: number[] = []) => ({ id, callFrame: { functionName, url, lineNumber: 9 }, children });

/** root → main (app) → parse (libs/contracts) → JSON.parse (native); main → query (pg); and idle. */
const profile: CpuProfile = {
  nodes: [
    frame(1, '(root)', '', [2, 6]),
    frame(2, 'main', 'file:///w/apps/lab-reconciler/src/main.ts', [3, 5]),
    frame(3, 'parse', 'file:///w/libs/contracts/src/lib/parse-message.ts', [4]),
    frame(4, 'parse', ''),
    frame(5, 'query', 'file:///w/node_modules/pg/lib/client.js'),
    frame(6, '(idle)', ''),
  ],
  startTime: 1_000,
  endTime: 2_000,
  // Each sample lasts until the next one (1 ms each here).
  samples: [4, 4, 3, 5, 6, 2],
  timeDeltas: [0, 1000, 1000, 1000, 1000, 1000],
};

describe('summariseProfile', () => {
  it('splits busy from idle time and charges each sample to its frame and area', () => {
    const s = summariseProfile(profile);
    expect(s.busyMs).toBeCloseTo(5);
    expect(s.idleMs).toBeCloseTo(1);
    const area = Object.fromEntries(s.byArea.map((l) => [l.name, l.selfMs]));
    expect(area).toEqual({ '(native)': 2, 'libs/contracts': 1, pg: 1, 'apps/lab-reconciler': 1 });
  });

  it('counts total time once per frame on the stack', () => {
    const s = summariseProfile(profile);
    const total = Object.fromEntries(s.topTotal.map((l) => [l.name.split(' ')[0] + (l.name.includes('contracts') ? '@contracts' : ''), l.totalMs]));
    expect(total['main']).toBe(5);
    expect(total['parse@contracts']).toBe(3);
  });

  it('keeps only the samples inside a window', () => {
    // Samples are at 1000, 2000, …, 6000 µs; the window takes the 3rd and 4th.
    const s = summariseProfile(profile, 10, { fromUs: 3_000, toUs: 4_000 });
    expect(s.busyMs).toBeCloseTo(2);
    expect(s.byArea.map((l) => l.name).sort()).toEqual(['libs/contracts', 'pg']);
  });
});

describe('areaOf', () => {
  it.each([
    ['file:///w/node_modules/@nestjs/core/x.js', 'f', '@nestjs/core'],
    ['node:internal/streams/writable', 'f', 'node:internal'],
    ['file:///w/libs/event-store/src/lib/append-batch.ts', 'f', 'libs/event-store'],
    ['', '(garbage collector)', '(garbage collector)'],
    ['', 'writev', '(native)'],
  ])('%s → %s', (url, fn, area) => {
    expect(areaOf(url, fn)).toBe(area);
  });
});
