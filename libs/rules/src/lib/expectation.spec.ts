import { dueAt, expectation, orphanDueAt } from './expectation';
import type { Downtime } from './model';
import type { DegradedWindow, ScopeConfig, ScopeItem } from './scope';

const H = 3_600_000;
const win = (end: number | null): DegradedWindow => ({ start: 0, end, cause: 'declared', downtimeId: 'd' });

describe('dueAt', () => {
  it('counts from the anchor when there is no window', () => expect(dueAt(5 * H, null, H)).toBe(6 * H));
  it('counts from the window end when it is later than the anchor', () => expect(dueAt(5 * H, win(10 * H), H)).toBe(11 * H));
  it('counts from the anchor when it is later than the window end', () => expect(dueAt(12 * H, win(10 * H), H)).toBe(13 * H));
  it('has no deadline while the window is open', () => expect(dueAt(5 * H, win(null), H)).toBeNull());
});

describe('expectation', () => {
  const base = { anchor: 0, window: win(10 * H), delayMs: 12 * H, satisfied: false };
  it.each([
    ['just before the deadline', 22 * H - 1, false],
    ['at the deadline', 22 * H, true],
    ['after the deadline', 30 * H, true],
  ])('%s: fires=%s', (_l, now, fires) => {
    expect(expectation({ ...base, now })).toEqual({ fires, due: 22 * H });
  });
  it('never fires once satisfied, and has nothing to wait for', () => {
    expect(expectation({ ...base, satisfied: true, now: 99 * H })).toEqual({ fires: false, due: null });
  });
  it('never fires while the window is open', () => {
    expect(expectation({ ...base, window: win(null), now: 999 * H })).toEqual({ fires: false, due: null });
  });
});

describe('orphanDueAt', () => {
  const cfg: ScopeConfig = { lateEntryThresholdMs: 2 * H, systems: ['ehr'] };
  const at = (time: number) => ({ scope: { facility: 'AVC', time, recordedTime: time, entryMode: 'realtime' } as ScopeItem });
  const down = (end: number | null): Downtime => ({ id: 'ops#d', facility: 'AVC', systems: ['ehr'], start: 10 * H, end });

  it('counts from the first touched item, after the window ends', () => {
    expect(orphanDueAt([at(15 * H), at(11 * H)], [down(20 * H)], cfg, 12 * H)).toBe(32 * H);
  });
  it('ignores the items no degraded period touched', () => {
    expect(orphanDueAt([at(22 * H)], [down(20 * H)], cfg, 12 * H)).toBeNull(); // untouched: after the downtime
    expect(orphanDueAt([at(12 * H), at(22 * H)], [down(20 * H)], cfg, H)).toBe(21 * H);
  });
  it('is null when nothing was touched or the window is still open', () => {
    expect(orphanDueAt([at(5 * H)], [down(20 * H)], cfg, H)).toBeNull();
    expect(orphanDueAt([at(12 * H)], [down(null)], cfg, H)).toBeNull();
    expect(orphanDueAt([], [down(20 * H)], cfg, H)).toBeNull();
  });
});
