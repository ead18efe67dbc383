import { makeEvent } from '../test-support/event-factory';
import { canonicalJson } from './canonical-json';
import type { NewEvent } from './event.types';
import { assertStorableJson, assertValidNewEvent, InvalidEventError } from './new-event.validation';

describe('assertValidNewEvent', () => {
  it('accepts a complete event, and one with only the required fields', () => {
    expect(() => assertValidNewEvent(makeEvent(), 0)).not.toThrow();
    expect(() => assertValidNewEvent({ streamId: 's', source: 'x', eventId: '1', type: 't', data: null }, 0)).not.toThrow();
  });

  it.each<[string, Partial<NewEvent>, string]>([
    ['empty event id', { eventId: '' }, 'eventId'],
    ['NUL in a stream id', { streamId: 'Patient/1\u0000' }, 'streamId'],
    ['unpaired surrogate in a source', { source: 'urn:\ud800x' }, 'source'],
    ['negative expected version', { expectedVersion: -1 }, 'expectedVersion'],
    ['fractional expected version', { expectedVersion: 1.5 }, 'expectedVersion'],
    ['invalid clinical time', { clinicalTime: new Date('nope') }, 'clinicalTime'],
    ['offset as a number', { kafka: { topic: 't', partition: 0, offset: 12 as unknown as string } }, 'kafka.offset'],
    ['offset beyond int64 digits', { kafka: { topic: 't', partition: 0, offset: '12345678901234567890' } }, 'kafka.offset'],
    ['negative partition', { kafka: { topic: 't', partition: -1, offset: '1' } }, 'kafka.partition'],
    ['lone low surrogate in a tag', { tags: ['ok', '\udc00'] }, 'tags[1]'],
    ['metadata as an array', { metadata: [] as unknown as Record<string, unknown> }, 'metadata'],
  ])('refuses %s, naming the field', (_name, over, field) => {
    expect(() => assertValidNewEvent(makeEvent(over), 3)).toThrow(expect.objectContaining({ index: 3, field, code: 'EVENT_STORE.INVALID_EVENT' }));
  });
});

describe('assertStorableJson', () => {
  it.each([
    ['NUL', { note: 'a\u0000b' }],
    ['an unpaired high surrogate', { note: '\ud83d' }],
    ['an unpaired low surrogate after escaped backslashes', { note: '\\\\\udc00' }],
  ])('refuses %s in a JSON string', (_name, data) => {
    expect(() => assertStorableJson(canonicalJson(data), 0, 'data')).toThrow(InvalidEventError);
  });

  it.each([
    ['paired surrogates (an emoji)', { note: 'pain 😣' }],
    ['the six characters \\u0000 (an escaped backslash)', { note: '\\u0000' }],
    ['control characters other than NUL', { note: 'tab\there\u0001' }],
  ])('accepts %s', (_name, data) => {
    expect(() => assertStorableJson(canonicalJson(data), 0, 'data')).not.toThrow();
  });
});
