import { TOPICS } from '@continuity/contracts';
import { reparse } from '@continuity/rules';
import { labCancelled, labOrdered, labResulted, resultReceived, specimenCollected } from './lab-events.factory';

// The tests are only as good as their events: each factory must produce what the contract accepts.
describe('lab factories', () => {
  it.each([
    ['labOrdered', labOrdered('ORD-1', { at: '2024-08-03T10:00Z', priority: 'stat', entryMode: 'backentry', recordedAt: '2024-08-05T08:00Z' })],
    ['labCancelled', labCancelled('ORD-1', { at: '2024-08-03T11:00Z' })],
    ['specimenCollected', specimenCollected('ORD-1', { at: '2024-08-03T11:00Z' })],
    ['labResulted (critical)', labResulted('ORD-1', { at: '2024-08-03T13:00Z', critical: true })],
    ['resultReceived', resultReceived('RPT-ORD-1', { at: '2024-08-03T14:00Z' })],
  ])('%s passes the contract parser unchanged', (_name, event) => {
    expect(reparse(event, TOPICS.lab)).toEqual({ ok: true, event });
  });
});
