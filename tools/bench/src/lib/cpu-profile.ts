/** The parts of a V8 `.cpuprofile` (what `node --cpu-prof` writes) that the summary reads. */
export interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber?: number };
    children?: number[];
  }>;
  startTime: number;
  endTime: number;
  samples: number[];
  /** Microseconds before each sample. */
  timeDeltas: number[];
}

/** Time in one function (by name and place) or one area of the code. */
export interface ProfileLine {
  name: string;
  /** Milliseconds with this frame on top of the stack. */
  selfMs: number;
  /** Milliseconds with this frame anywhere on the stack (recursion counted once). */
  totalMs: number;
}

export interface ProfileSummary {
  /** Sampled time, ms, idle excluded. */
  busyMs: number;
  idleMs: number;
  topSelf: ProfileLine[];
  topTotal: ProfileLine[];
  /** Self time by area: a workspace lib or app, a package, node internals, GC. */
  byArea: ProfileLine[];
}

/** Where a script lives, in a few words: `libs/event-store`, `pg`, `node:internal`, `(garbage collector)`. */
export function areaOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  const path = url.replace(/^file:\/\//, '');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (pkg) return pkg[1];
  if (path.startsWith('node:')) return 'node:internal';
  const ws = /\/((?:libs|apps|tools)\/[^/]+)\//.exec(path);
  if (ws) return ws[1];
  return path;
}

function frameName(f: CpuProfile['nodes'][number]['callFrame']): string {
  const file = f.url.replace(/^file:\/\//, '').replace(/^.*\/(node_modules\/|libs\/|apps\/|tools\/)/, '$1');
  const fn = f.functionName || '(anonymous)';
  return file === '' ? fn : `${fn} ${file}:${f.lineNumber + 1}`;
}

/**
 * Self and total time per function and self time per area; the `top` heaviest of each. With a
 * `window` (µs of the monotonic clock, the clock of the profile's timestamps and of
 * `process.hrtime`), only the samples taken inside it count.
 */
export function summariseProfile(p: CpuProfile, top = 15, window?: { fromUs: number; toUs: number }): ProfileSummary {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // Sample i lasted until sample i+1: its time is the next delta (the last one, the mean).
  // (The first delta is from the profile's start, not between samples: left out of the mean.)
  const gaps = p.timeDeltas.slice(1);
  const mean = gaps.length > 0 ? gaps.reduce((a, b) => a + b, 0) / gaps.length : 0;
  const selfUs = new Map<number, number>();
  let at = p.startTime;
  for (let i = 0; i < p.samples.length; i++) {
    at += p.timeDeltas[i] ?? 0;
    if (window && (at < window.fromUs || at > window.toUs)) continue;
    const us = i + 1 < p.timeDeltas.length ? p.timeDeltas[i + 1] : mean;
    selfUs.set(p.samples[i], (selfUs.get(p.samples[i]) ?? 0) + Math.max(0, us));
  }
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const area = new Map<string, number>();
  let idleUs = 0;
  let busyUs = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    if (node.callFrame.functionName === '(idle)') {
      idleUs += us;
      continue;
    }
    busyUs += us;
    const name = frameName(node.callFrame);
    self.set(name, (self.get(name) ?? 0) + us);
    const a = areaOf(node.callFrame.url, node.callFrame.functionName);
    area.set(a, (area.get(a) ?? 0) + us);
    // Every distinct frame on the stack gets the sample's time once.
    const onStack = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const n = byId.get(cur);
      if (!n || n.callFrame.functionName === '(root)') continue;
      onStack.add(frameName(n.callFrame));
    }
    for (const f of onStack) total.set(f, (total.get(f) ?? 0) + us);
  }
  const lines = (m: Map<string, number>, key: (n: string) => number): ProfileLine[] =>
    [...m.keys()]
      .map((name) => ({ name, selfMs: (self.get(name) ?? 0) / 1000, totalMs: (total.get(name) ?? 0) / 1000 }))
      .sort((a, b) => key(b.name) - key(a.name))
      .slice(0, top);
  return {
    busyMs: busyUs / 1000,
    idleMs: idleUs / 1000,
    topSelf: lines(self, (n) => self.get(n) ?? 0),
    topTotal: lines(total, (n) => total.get(n) ?? 0),
    byArea: [...area.entries()].map(([name, us]) => ({ name, selfMs: us / 1000, totalMs: us / 1000 })).sort((a, b) => b.selfMs - a.selfMs).slice(0, top),
  };
}
