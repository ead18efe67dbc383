import { cloudEventHeaders, encodeCloudEvent, parseMessage, TOPICS, type ParsedEvent } from '@continuity/contracts';
import { downtimeEvents, labCancelled, labOrdered, labResulted, resultReceived, specimenCollected } from './lab-events.factory';

/** Sends a factory event through the real contract parser, as a producer would publish it. */
function reparse(e: ParsedEvent, topic: string = TOPICS.lab) {
  const value = encodeCloudEvent({
    id: e.id,
    source: e.source,
    type: e.type,
    time: e.time,
    subject: e.subject ?? undefined,
    datacontenttype: e.dataContentType,
    facility: e.facility,
    entrymode: e.entryMode,
    recordedtime: e.recordedTime,
    data: e.data,
  });
  return parseMessage({ topic, key: e.patientKey ? Buffer.from(e.patientKey) : Buffer.from(e.facility), value, headers: cloudEventHeaders() });
}

// The tests are only as good as their events: each factory must produce what the contract accepts.
describe('lab factories', () => {
  it.each([
    ['labOrdered', labOrdered('ORD-1', { at: '2024-08-03T10:00Z', priority: 'stat', entryMode: 'backentry', recordedAt: '2024-08-05T08:00Z' })],
    ['labCancelled', labCancelled('ORD-1', { at: '2024-08-03T11:00Z' })],
    ['specimenCollected', specimenCollected('ORD-1', { at: '2024-08-03T11:00Z' })],
    ['labResulted (critical)', labResulted('ORD-1', { at: '2024-08-03T13:00Z', critical: true })],
    ['resultReceived', resultReceived('RPT-ORD-1', { at: '2024-08-03T14:00Z' })],
  ])('%s passes the contract parser unchanged', (_name, event) => {
    expect(reparse(event)).toEqual({ ok: true, event });
  });

  it('downtimeEvents pass the contract parser', () => {
    for (const e of downtimeEvents('2024-08-03T08:00Z', '2024-08-04T20:00Z')) expect(reparse(e, TOPICS.downtime).ok).toBe(true);
  });
});
