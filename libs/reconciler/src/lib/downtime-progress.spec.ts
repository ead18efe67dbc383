import { DowntimeProgress } from './downtime-progress';

describe('DowntimeProgress.bound', () => {
  it('is unknown before the downtime topic is assigned', () => {
    expect(new DowntimeProgress().bound()).toBeNull();
  });

  it('does not bound the clock when every partition is caught up', () => {
    const p = new DowntimeProgress();
    p.assigned(0, 5n, 5n, 100);
    p.assigned(1, 0n, 0n, null);
    expect(p.bound()).toBe(Number.POSITIVE_INFINITY);
  });

  it('holds the clock at the earliest time read among partitions with unread messages', () => {
    const p = new DowntimeProgress();
    p.assigned(0, 5n, 9n, 300);
    p.assigned(1, 2n, 7n, 200);
    p.assigned(2, 4n, 4n, 50);
    expect(p.bound()).toBe(200);
    p.read(1, 6n, 400, true);
    expect(p.bound()).toBe(300);
  });

  it('allows no time while a lagging partition has had nothing read', () => {
    const p = new DowntimeProgress();
    p.assigned(0, 0n, 3n, null);
    expect(p.bound()).toBeNull();
  });

  it('a fresh watermark takes back a stale "caught up"', () => {
    const p = new DowntimeProgress();
    p.read(0, 4n, 100, true);
    expect(p.claimsCaughtUp()).toBe(true);
    p.refresh(new Map([[0, '8']]));
    expect(p.bound()).toBe(100);
  });
});
