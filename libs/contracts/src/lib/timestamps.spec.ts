import { parseRfc3339 } from './timestamps';

describe('parseRfc3339', () => {
  test.each([
    ['2024-08-03T12:10:00Z', Date.UTC(2024, 7, 3, 12, 10)],
    ['2024-08-03T14:10:00+02:00', Date.UTC(2024, 7, 3, 12, 10)],
    ['2024-08-03t12:10:00.123456z', Date.UTC(2024, 7, 3, 12, 10, 0, 123)],
    ['2024-02-29T00:00:00-05:30', Date.UTC(2024, 1, 29, 5, 30)],
    ['2000-02-29T23:59:59Z', Date.UTC(2000, 1, 29, 23, 59, 59)],
    ['0099-01-01T00:00:00Z', -59042995200000],
  ])('%s is an instant', (text, ms) => {
    expect(parseRfc3339(text)).toBe(ms);
  });

  test.each([
    '2024-02-30T10:00:00Z', // no such day
    '2023-02-29T10:00:00Z', // not a leap year
    '1900-02-29T10:00:00Z', // century, not a leap year
    '2024-04-31T10:00:00Z',
    '2024-13-01T10:00:00Z',
    '2024-00-10T10:00:00Z',
    '2024-08-03T24:00:00Z',
    '2024-08-03T12:60:00Z',
    '2024-08-03T23:59:60Z', // leap second: not representable
    '2024-08-03T12:10:00+24:00',
    '2024-08-03T12:10:00', // no zone
    '2024-08-03',
    '2024-08',
    '2024-08-03 12:10:00Z',
    ' 2024-08-03T12:10:00Z',
    '2024-08-03T12:10:00.Z',
    'yesterday',
    '',
  ])('%s is refused', (text) => {
    expect(parseRfc3339(text)).toBeNull();
  });

  test.each([undefined, null, 1722687000000, {}, []])('a non-string (%p) is refused', (value) => {
    expect(parseRfc3339(value)).toBeNull();
  });
});
