import fc from 'fast-check';
import { businessIdKey, businessIdsOf, compareBusinessIds } from './business-ids';
import { cloudEventHeaders, encodeBinaryCloudEvent, encodeCloudEvent, type CloudEventInput, type IncomingMessage } from './cloud-event';
import { ERROR_CODES, type ErrorCode } from './error-codes';
import { EVENT_TYPE_SPECS, type EventType, type EventTypeSpec } from './event-types';
import { parseMessage } from './parse-message';
import { ALL_TOPICS } from './topics';
import { FIXTURE_FACTORIES, type EnvelopeOverrides } from '../testing/fixtures';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Doc = Record<string, any>;

const TYPES = Object.keys(FIXTURE_FACTORIES) as EventType[];
const specOf = (type: string): EventTypeSpec => EVENT_TYPE_SPECS[type as EventType];

/** An RFC 3339 time with a random zone offset. */
const timeArb = fc
  .tuple(
    fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2090, 0, 1) }),
    fc.integer({ min: -14 * 60, max: 14 * 60 }),
    fc.boolean(),
  )
  .map(([ms, offset, fraction]) => {
    if (offset === 0) return new Date(ms).toISOString();
    const local = new Date(ms + offset * 60_000).toISOString();
    const abs = Math.abs(offset);
    const zone = `${offset < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
    return `${fraction ? local.slice(0, 23) : local.slice(0, 19)}${zone}`;
  });

const textArb = fc.string({ minLength: 1, maxLength: 24 });
const keyArb = fc.stringMatching(/^[A-Za-z0-9.-]{1,60}$/);

interface Generated {
  input: CloudEventInput;
  mode: 'structured' | 'binary' | 'bare';
}

const validArb: fc.Arbitrary<Generated> = fc
  .record({
    type: fc.constantFrom(...TYPES),
    id: textArb,
    source: textArb,
    time: timeArb,
    recordedtime: fc.option(timeArb, { nil: undefined }),
    entrymode: fc.option(fc.constantFrom('realtime', 'backentry', 'downtime-tool') as fc.Arbitrary<EnvelopeOverrides['entrymode']>, { nil: undefined }),
    facility: textArb,
    patientKey: keyArb,
    order: textArb,
    atc: fc.constantFrom('B01AB05', 'A10AB01', 'N02AA01', 'B05XA01', 'C07A'),
    loinc: fc.constantFrom('2823-3', '718-7', '1558-6'),
    mode: fc.constantFrom('structured', 'binary', 'bare') as fc.Arbitrary<Generated['mode']>,
  })
  .map(({ type, mode, ...overrides }) => {
    const o: Doc = { ...overrides };
    for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
    return { input: FIXTURE_FACTORIES[type](o), mode };
  });

function toMessage({ input, mode }: Generated): IncomingMessage {
  const topic = specOf(input.type).topic;
  if (mode === 'binary') {
    const { headers, value } = encodeBinaryCloudEvent(input, specOf(input.type).dataContentType);
    return { topic, key: null, value, headers };
  }
  return { topic, key: null, value: encodeCloudEvent(input), headers: mode === 'structured' ? cloudEventHeaders() : {} };
}

const isClinical = (type: string): boolean => specOf(type).domain !== 'downtime';
const isFhir = (type: string): boolean => specOf(type).resourceType !== null;

interface Mutation {
  name: string;
  appliesTo: (type: string) => boolean;
  edit: (doc: Doc) => void;
  code: ErrorCode;
}

const always = (): boolean => true;

/** Rejected with a contract code, and not through the last-resort net (which would mean a bug). */
function expectCleanResult(result: ReturnType<typeof parseMessage>): void {
  if (result.ok) return;
  expect(ERROR_CODES).toContain(result.error.code);
  expect(result.error.detail).not.toContain('could not be checked');
}

const MUTATIONS: Mutation[] = [
  { name: 'no specversion', appliesTo: always, edit: (d) => delete d.specversion, code: 'CONTRACT.NOT_CLOUDEVENT' },
  { name: 'specversion 2.0', appliesTo: always, edit: (d) => (d.specversion = '2.0'), code: 'CONTRACT.NOT_CLOUDEVENT' },
  { name: 'no id', appliesTo: always, edit: (d) => delete d.id, code: 'CONTRACT.NOT_CLOUDEVENT' },
  { name: 'numeric id', appliesTo: always, edit: (d) => (d.id = 7), code: 'CONTRACT.NOT_CLOUDEVENT' },
  { name: 'no source', appliesTo: always, edit: (d) => delete d.source, code: 'CONTRACT.NOT_CLOUDEVENT' },
  { name: 'no type', appliesTo: always, edit: (d) => delete d.type, code: 'CONTRACT.NOT_CLOUDEVENT' },
  { name: 'no time', appliesTo: always, edit: (d) => delete d.time, code: 'CONTRACT.MISSING_FIELD' },
  { name: 'date-only time', appliesTo: always, edit: (d) => (d.time = d.time.slice(0, 10)), code: 'CONTRACT.INVALID_TIMESTAMP' },
  { name: 'February 30th', appliesTo: always, edit: (d) => (d.time = `2023-02-30${d.time.slice(10)}`), code: 'CONTRACT.INVALID_TIMESTAMP' },
  { name: 'recordedtime garbage', appliesTo: always, edit: (d) => (d.recordedtime = 'later'), code: 'CONTRACT.INVALID_TIMESTAMP' },
  { name: 'no facility', appliesTo: always, edit: (d) => delete d.facility, code: 'CONTRACT.MISSING_FIELD' },
  { name: 'numeric facility', appliesTo: always, edit: (d) => (d.facility = 12), code: 'CONTRACT.INVALID_FIELD' },
  { name: 'entrymode paper', appliesTo: always, edit: (d) => (d.entrymode = 'paper'), code: 'CONTRACT.INVALID_FIELD' },
  { name: 'no data', appliesTo: always, edit: (d) => delete d.data, code: 'CONTRACT.MISSING_FIELD' },
  { name: 'data a string', appliesTo: always, edit: (d) => (d.data = 'hello'), code: 'CONTRACT.PAYLOAD_MISMATCH' },
  { name: 'data an array', appliesTo: always, edit: (d) => (d.data = [d.data]), code: 'CONTRACT.PAYLOAD_MISMATCH' },
  { name: 'datacontenttype text', appliesTo: always, edit: (d) => (d.datacontenttype = 'text/plain'), code: 'CONTRACT.UNSUPPORTED_CONTENT_TYPE' },
  {
    name: '__proto__ in data',
    appliesTo: always,
    edit: (d) => Object.defineProperty(d.data, '__proto__', { value: { polluted: true }, enumerable: true }),
    code: 'CONTRACT.FORBIDDEN_KEY',
  },
  { name: 'constructor at the top', appliesTo: always, edit: (d) => (d['constructor' as string] = {}), code: 'CONTRACT.FORBIDDEN_KEY' },
  { name: 'no subject', appliesTo: isClinical, edit: (d) => delete d.subject, code: 'CONTRACT.MISSING_FIELD' },
  { name: 'subject without key', appliesTo: isClinical, edit: (d) => (d.subject = 'Patient/'), code: 'CONTRACT.INVALID_FIELD' },
  { name: 'another patient', appliesTo: isFhir, edit: (d) => (d.subject = `${d.subject}X`), code: 'CONTRACT.SUBJECT_MISMATCH' },
  { name: 'resourceType Patient', appliesTo: isFhir, edit: (d) => (d.data.resourceType = 'Patient'), code: 'CONTRACT.PAYLOAD_MISMATCH' },
  { name: 'status bogus', appliesTo: isFhir, edit: (d) => (d.data.status = 'bogus'), code: 'CONTRACT.PAYLOAD_MISMATCH' },
  { name: 'heartbeat system empty', appliesTo: (t) => t === 'continuity.source.heartbeat', edit: (d) => (d.data.system = ''), code: 'CONTRACT.PAYLOAD_MISMATCH' },
  { name: 'downtime systems a string', appliesTo: (t) => t.startsWith('continuity.downtime.'), edit: (d) => (d.data.systems = 'ehr'), code: 'CONTRACT.PAYLOAD_MISMATCH' },
];

describe('parseMessage properties', () => {
  test('any valid generated event parses, in any mode, to its own data', () => {
    fc.assert(
      fc.property(validArb, (generated) => {
        const result = parseMessage(toMessage(generated));
        if (!result.ok) throw new Error(`${generated.input.type}: ${result.error.detail}`);
        const { input } = generated;
        expect(result.event).toMatchObject({ id: input.id, source: input.source, type: input.type, facility: input.facility, known: true });
        expect(result.event.data).toEqual(input.data);
        expect(result.event.timeMs).toBe(Date.parse(input.time));
        const ids = businessIdsOf(result.event);
        expect([...ids].sort(compareBusinessIds)).toEqual(ids);
        expect(new Set(ids.map(businessIdKey)).size).toBe(ids.length);
      }),
      { numRuns: 300 },
    );
  });

  test('any single corruption among the mutations is rejected with its code, never thrown', () => {
    const arb = validArb
      .filter((g) => g.mode !== 'binary')
      .chain((g) => fc.record({ g: fc.constant(g), m: fc.constantFrom(...MUTATIONS.filter((m) => m.appliesTo(g.input.type))) }));
    fc.assert(
      fc.property(arb, ({ g, m }) => {
        const doc = JSON.parse(encodeCloudEvent(g.input).toString('utf8'));
        m.edit(doc);
        const message = { ...toMessage(g), value: Buffer.from(JSON.stringify(doc), 'utf8') };
        const result = parseMessage(message);
        expect(result.ok).toBe(false);
        if (!result.ok) expect([m.name, result.error.code]).toEqual([m.name, m.code]);
      }),
      { numRuns: 500 },
    );
    expect(({} as Doc).polluted).toBeUndefined();
  });

  const headersArb = fc.oneof(
    fc.constant({}),
    fc.constant(cloudEventHeaders()),
    fc.constant({ 'content-type': 'application/fhir+json', ce_specversion: '1.0', ce_id: 'a', ce_source: 'b', ce_type: 'continuity.lab.ordered', ce_time: '2024-08-03T12:10:00Z', ce_subject: 'Patient/P', ce_facility: 'AVC' }),
    fc.dictionary(fc.string({ maxLength: 20 }), fc.oneof(fc.string(), fc.uint8Array({ maxLength: 20 }).map((b) => Buffer.from(b)))),
  );
  const topicArb = fc.constantFrom(...ALL_TOPICS, 'elsewhere');

  test('never throws on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), headersArb, topicArb, (bytes, headers, topic) => {
        const result = parseMessage({ topic, key: null, value: Buffer.from(bytes), headers });
        expectCleanResult(result);
      }),
      { numRuns: 1000 },
    );
  });

  test('never throws on random JSON, as a whole message or as the data of a valid envelope', () => {
    fc.assert(
      fc.property(fc.jsonValue(), validArb, headersArb, (json, g, headers) => {
        const whole = parseMessage({ topic: specOf(g.input.type).topic, key: null, value: Buffer.from(JSON.stringify(json) ?? 'null'), headers });
        expectCleanResult(whole);
        const withData = parseMessage({ ...toMessage(g), value: encodeCloudEvent({ ...g.input, data: json }) });
        expectCleanResult(withData);
      }),
      { numRuns: 500 },
    );
  });

  test('never throws when a valid message has one byte changed', () => {
    fc.assert(
      fc.property(validArb, fc.nat(), fc.integer({ min: 0, max: 255 }), (g, at, byte) => {
        const message = toMessage(g);
        const value = Buffer.from(message.value as Buffer);
        value[at % value.length] = byte;
        const result = parseMessage({ ...message, value });
        expectCleanResult(result);
      }),
      { numRuns: 500 },
    );
  });
});
