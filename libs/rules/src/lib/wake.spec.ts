import { earliest, earliestAfter } from './wake';

describe('earliest', () => {
  it('returns the smallest instant, skipping null and undefined', () => expect(earliest(5, null, 3, undefined, 9)).toBe(3));
  it('returns null when there is nothing', () => expect(earliest(null, undefined)).toBeNull());
});
describe('earliestAfter', () => {
  it('keeps only instants strictly after now', () => expect(earliestAfter(5, [1, 5, 8, 7, null])).toBe(7));
  it('returns null when all are past', () => expect(earliestAfter(10, [1, 10])).toBeNull());
});
