import { dueAt, expectation } from './expectation';
import type { DegradedWindow } from './scope';

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
