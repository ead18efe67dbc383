import { TOPICS } from '@continuity/contracts';
import { reparse } from '@continuity/rules';
import { booked, cancelled, checkedIn, rescheduled, synced } from './scheduling-events.factory';

// The tests are only as good as their events: each factory must produce what the contract accepts.
describe('scheduling factories', () => {
  it.each([
    ['booked', booked('APT-1', { at: '2024-08-03T10:00Z', start: '2024-08-05T09:00Z', entryMode: 'backentry', recordedAt: '2024-08-05T08:00Z' })],
    ['rescheduled', rescheduled('APT-1', { at: '2024-08-03T11:00Z', start: '2024-08-05T14:00Z' })],
    ['cancelled (noshow)', cancelled('APT-1', { at: '2024-08-05T10:00Z', status: 'noshow' })],
    ['synced', synced('APT-1', { at: '2024-08-05T07:00Z' })],
    ['checkedIn', checkedIn('APT-1', { at: '2024-08-05T08:55Z' })],
  ])('%s passes the contract parser unchanged', (_name, event) => {
    expect(reparse(event, TOPICS.scheduling)).toEqual({ ok: true, event });
  });
});
