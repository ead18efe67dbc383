import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  const policy = { initialMs: 100, maxMs: 1000 };

  it('grows exponentially up to the cap', () => {
    expect([1, 2, 3, 4, 5, 50].map((n) => backoffDelay(n, policy, () => 1))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('jitters between half the initial delay and the ceiling', () => {
    expect(backoffDelay(4, policy, () => 0)).toBe(50);
    expect(backoffDelay(4, policy, () => 0.5)).toBe(425);
  });
});
