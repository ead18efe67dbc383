import { partitionNow } from './partition-clock';

describe('partitionNow', () => {
  test.each([
    ['no clock yet', null, { caughtUp: true, lastRecorded: 5 }, null],
    ['caught up: the service clock', 100, { caughtUp: true, lastRecorded: 5 }, 100],
    ['backlog: held at the last recorded time read', 100, { caughtUp: false, lastRecorded: 40 }, 40],
    ['backlog, clock behind the partition: the clock', 30, { caughtUp: false, lastRecorded: 40 }, 30],
    ['backlog, nothing read yet: no time', 100, { caughtUp: false, lastRecorded: null }, null],
  ])('%s', (_name, clock, progress, expected) => {
    expect(partitionNow(clock, progress)).toBe(expected);
  });
});
