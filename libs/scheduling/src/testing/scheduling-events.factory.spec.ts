import { cloudEventHeaders, encodeCloudEvent, parseMessage, TOPICS, type ParsedEvent } from '@continuity/contracts';
import { booked, cancelled, checkedIn, downtimeEvents, rescheduled, synced } from './scheduling-events.factory';

/** Sends a factory event through the real contract parser, as a producer would publish it. */
function reparse(e: ParsedEvent, topic: string = TOPICS.scheduling) {
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
  return parseMessage({ topic, key: Buffer.from(e.patientKey ?? e.facility), value, headers: cloudEventHeaders() });
}

// The tests are only as good as their events: each factory must produce what the contract accepts.
describe('scheduling factories', () => {
  it.each([
    ['booked', booked('APT-1', { at: '2024-08-03T10:00Z', start: '2024-08-05T09:00Z', entryMode: 'backentry', recordedAt: '2024-08-05T08:00Z' })],
    ['rescheduled', rescheduled('APT-1', { at: '2024-08-03T11:00Z', start: '2024-08-05T14:00Z' })],
    ['cancelled (noshow)', cancelled('APT-1', { at: '2024-08-05T10:00Z', status: 'noshow' })],
    ['synced', synced('APT-1', { at: '2024-08-05T07:00Z' })],
    ['checkedIn', checkedIn('APT-1', { at: '2024-08-05T08:55Z' })],
  ])('%s passes the contract parser unchanged', (_name, event) => {
    expect(reparse(event)).toEqual({ ok: true, event });
  });

  it('downtimeEvents pass the contract parser', () => {
    for (const e of downtimeEvents('2024-08-03T08:00Z', '2024-08-04T20:00Z')) expect(reparse(e, TOPICS.downtime).ok).toBe(true);
  });
});
