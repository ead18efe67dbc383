import { cloudEventHeaders, encodeBinaryCloudEvent, encodeCloudEvent, type CloudEventInput } from './cloud-event';
import { ERROR_CODES, type ErrorCode } from './error-codes';
import { EVENT_TYPES, EVENT_TYPE_SPECS, specOfType, type EventType } from './event-types';
import { DEFAULT_MAX_MESSAGE_BYTES, parseMessage } from './parse-message';
import { TOPICS } from './topics';
import {
  FIXTURE_FACTORIES,
  makeAppointmentBooked,
  makeAppointmentCancelled,
  makeCheckedIn,
  makeDowntimeStarted,
  makeHeartbeat,
  makeLabCancelled,
  makeLabOrdered,
  makeLabResulted,
  makeMedicationAdministered,
  makeMedicationDiscontinued,
  makeMedicationOrdered,
  makeResultReceived,
} from '../testing/fixtures';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Doc = Record<string, any>;

const topicOf = (type: string): string => specOfType(type)?.topic ?? TOPICS.prescriptions;

/** The structured JSON of `input`, changed by `edit`. */
function edited(input: CloudEventInput, edit: (doc: Doc) => void): Buffer {
  const doc = JSON.parse(encodeCloudEvent(input).toString('utf8'));
  edit(doc);
  return Buffer.from(JSON.stringify(doc), 'utf8');
}

function parseStructured(value: Buffer | string | null, topic: string = TOPICS.prescriptions, headers: Record<string, string> = cloudEventHeaders()) {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  return parseMessage({ topic, key: Buffer.from('PAT-0001'), value: bytes, headers });
}

function parseEdited(input: CloudEventInput, edit: (doc: Doc) => void) {
  return parseStructured(edited(input, edit), topicOf(input.type));
}

interface BadCase {
  name: string;
  run: () => ReturnType<typeof parseMessage>;
  code: ErrorCode;
  /** The error's field (and the start of its detail). */
  field: string;
}

const rx = makeMedicationOrdered();

const BAD: BadCase[] = [
  // not JSON
  { name: 'truncated JSON', code: 'CONTRACT.INVALID_JSON', field: 'value', run: () => parseStructured(encodeCloudEvent(rx).subarray(0, 60)) },
  { name: 'invalid UTF-8', code: 'CONTRACT.INVALID_JSON', field: 'value', run: () => parseStructured(Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d])) },
  {
    name: 'binary mode body not JSON',
    code: 'CONTRACT.INVALID_JSON',
    field: 'value',
    run: () => {
      const { headers } = encodeBinaryCloudEvent(rx);
      return parseMessage({ topic: TOPICS.prescriptions, key: null, value: Buffer.from('<xml/>'), headers });
    },
  },
  // not a CloudEvent
  { name: 'a JSON array', code: 'CONTRACT.NOT_CLOUDEVENT', field: 'value', run: () => parseStructured('[1,2]') },
  { name: 'specversion 0.3', code: 'CONTRACT.NOT_CLOUDEVENT', field: 'specversion', run: () => parseEdited(rx, (d) => (d.specversion = '0.3')) },
  { name: 'no specversion, no content-type', code: 'CONTRACT.NOT_CLOUDEVENT', field: 'specversion', run: () => parseStructured(edited(rx, (d) => delete d.specversion), TOPICS.prescriptions, {}) },
  { name: 'no id', code: 'CONTRACT.NOT_CLOUDEVENT', field: 'id', run: () => parseEdited(rx, (d) => delete d.id) },
  { name: 'numeric id', code: 'CONTRACT.NOT_CLOUDEVENT', field: 'id', run: () => parseEdited(rx, (d) => (d.id = 42)) },
  { name: 'no source', code: 'CONTRACT.NOT_CLOUDEVENT', field: 'source', run: () => parseEdited(rx, (d) => delete d.source) },
  { name: 'empty type', code: 'CONTRACT.NOT_CLOUDEVENT', field: 'type', run: () => parseEdited(rx, (d) => (d.type = '')) },
  {
    name: 'content-type application/json and no ce_ headers',
    code: 'CONTRACT.NOT_CLOUDEVENT',
    field: 'content-type',
    run: () => parseStructured(encodeCloudEvent(rx), TOPICS.prescriptions, { 'content-type': 'application/json' }),
  },
  // missing what the rules need
  { name: 'no time', code: 'CONTRACT.MISSING_FIELD', field: 'time', run: () => parseEdited(rx, (d) => delete d.time) },
  { name: 'no subject on a clinical topic', code: 'CONTRACT.MISSING_FIELD', field: 'subject', run: () => parseEdited(rx, (d) => delete d.subject) },
  { name: 'no facility', code: 'CONTRACT.MISSING_FIELD', field: 'facility', run: () => parseEdited(rx, (d) => delete d.facility) },
  { name: 'no data', code: 'CONTRACT.MISSING_FIELD', field: 'data', run: () => parseEdited(rx, (d) => delete d.data) },
  { name: 'null data', code: 'CONTRACT.MISSING_FIELD', field: 'data', run: () => parseEdited(rx, (d) => (d.data = null)) },
  { name: 'no PLAC identifier', code: 'CONTRACT.MISSING_FIELD', field: 'data.identifier', run: () => parseEdited(rx, (d) => delete d.data.identifier[0].type) },
  { name: 'identifier without system', code: 'CONTRACT.MISSING_FIELD', field: 'data.identifier[0].system', run: () => parseEdited(rx, (d) => delete d.data.identifier[0].system) },
  { name: 'ordered without authoredOn', code: 'CONTRACT.MISSING_FIELD', field: 'data.authoredOn', run: () => parseEdited(rx, (d) => delete d.data.authoredOn) },
  {
    name: 'no ATC coding',
    code: 'CONTRACT.MISSING_FIELD',
    field: 'data.medicationCodeableConcept.coding',
    run: () => parseEdited(rx, (d) => (d.data.medicationCodeableConcept.coding[0].system = 'urn:ucd')),
  },
  {
    name: 'administration without its order',
    code: 'CONTRACT.MISSING_FIELD',
    field: 'data.request',
    run: () => parseEdited(makeMedicationAdministered(), (d) => delete d.data.request),
  },
  {
    name: 'administration referencing its order without identifier value',
    code: 'CONTRACT.MISSING_FIELD',
    field: 'data.request.identifier.value',
    run: () => parseEdited(makeMedicationAdministered(), (d) => delete d.data.request.identifier.value),
  },
  { name: 'lab order without code', code: 'CONTRACT.MISSING_FIELD', field: 'data.code', run: () => parseEdited(makeLabOrdered(), (d) => delete d.data.code) },
  {
    name: 'booking without practitioner',
    code: 'CONTRACT.MISSING_FIELD',
    field: 'data.participant',
    run: () => parseEdited(makeAppointmentBooked(), (d) => d.data.participant.pop()),
  },
  {
    name: 'downtime without facility in data',
    code: 'CONTRACT.MISSING_FIELD',
    field: 'data.facility',
    run: () => parseEdited(makeDowntimeStarted(), (d) => delete d.data.facility),
  },
  // timestamps
  { name: 'impossible date', code: 'CONTRACT.INVALID_TIMESTAMP', field: 'time', run: () => parseEdited(rx, (d) => (d.time = '2024-02-30T10:00:00Z')) },
  { name: 'time without zone', code: 'CONTRACT.INVALID_TIMESTAMP', field: 'time', run: () => parseEdited(rx, (d) => (d.time = '2024-08-03T12:10:00')) },
  { name: 'recordedtime not a time', code: 'CONTRACT.INVALID_TIMESTAMP', field: 'recordedtime', run: () => parseEdited(rx, (d) => (d.recordedtime = 'monday')) },
  { name: 'authoredOn month 13', code: 'CONTRACT.INVALID_TIMESTAMP', field: 'data.authoredOn', run: () => parseEdited(rx, (d) => (d.data.authoredOn = '2024-13-01T00:00:00Z')) },
  {
    name: 'validity end a date only',
    code: 'CONTRACT.INVALID_TIMESTAMP',
    field: 'data.dispenseRequest.validityPeriod.end',
    run: () => parseEdited(rx, (d) => (d.data.dispenseRequest = { validityPeriod: { end: '2024-08-10' } })),
  },
  {
    name: 'specimen collected at 25:00',
    code: 'CONTRACT.INVALID_TIMESTAMP',
    field: 'data.collection.collectedDateTime',
    run: () => parseEdited(FIXTURE_FACTORIES[EVENT_TYPES.labSpecimenCollected](), (d) => (d.data.collection.collectedDateTime = '2024-08-03T25:00:00Z')),
  },
  // payload mismatch
  { name: 'wrong resourceType', code: 'CONTRACT.PAYLOAD_MISMATCH', field: 'data.resourceType', run: () => parseEdited(rx, (d) => (d.data.resourceType = 'ServiceRequest')) },
  { name: 'data is an array', code: 'CONTRACT.PAYLOAD_MISMATCH', field: 'data', run: () => parseEdited(rx, (d) => (d.data = [d.data])) },
  { name: 'discontinued but active', code: 'CONTRACT.PAYLOAD_MISMATCH', field: 'data.status', run: () => parseEdited(makeMedicationDiscontinued(), (d) => (d.data.status = 'active')) },
  { name: 'ordered with intent plan', code: 'CONTRACT.PAYLOAD_MISMATCH', field: 'data.intent', run: () => parseEdited(rx, (d) => (d.data.intent = 'plan')) },
  { name: 'status not FHIR', code: 'CONTRACT.PAYLOAD_MISMATCH', field: 'data.status', run: () => parseEdited(rx, (d) => (d.data.status = 'ongoing')) },
  { name: 'lab cancelled not revoked', code: 'CONTRACT.PAYLOAD_MISMATCH', field: 'data.status', run: () => parseEdited(makeLabCancelled(), (d) => (d.data.status = 'completed')) },
  { name: 'result preliminary', code: 'CONTRACT.PAYLOAD_MISMATCH', field: 'data.status', run: () => parseEdited(makeLabResulted(), (d) => (d.data.status = 'preliminary')) },
  { name: 'scheduling cancelled but booked', code: 'CONTRACT.PAYLOAD_MISMATCH', field: 'data.status', run: () => parseEdited(makeAppointmentCancelled(), (d) => (d.data.status = 'booked')) },
  { name: 'checked-in but booked', code: 'CONTRACT.PAYLOAD_MISMATCH', field: 'data.status', run: () => parseEdited(makeCheckedIn(), (d) => (d.data.status = 'booked')) },
  { name: 'priority not FHIR', code: 'CONTRACT.PAYLOAD_MISMATCH', field: 'data.priority', run: () => parseEdited(makeLabOrdered(), (d) => (d.data.priority = 'whenever')) },
  { name: 'malformed LOINC', code: 'CONTRACT.PAYLOAD_MISMATCH', field: 'data.code.coding.code', run: () => parseEdited(makeLabOrdered(), (d) => (d.data.code.coding[0].code = 'K+')) },
  {
    name: 'malformed ATC',
    code: 'CONTRACT.PAYLOAD_MISMATCH',
    field: 'data.medicationCodeableConcept.coding.code',
    run: () => parseEdited(rx, (d) => (d.data.medicationCodeableConcept.coding[0].code = 'enoxaparin')),
  },
  { name: 'subject as an array', code: 'CONTRACT.PAYLOAD_MISMATCH', field: 'data.subject', run: () => parseEdited(rx, (d) => (d.data.subject = [d.data.subject])) },
  { name: 'empty identifier list', code: 'CONTRACT.PAYLOAD_MISMATCH', field: 'data.identifier', run: () => parseEdited(rx, (d) => (d.data.identifier = [])) },
  {
    name: 'coding code a number',
    code: 'CONTRACT.PAYLOAD_MISMATCH',
    field: 'data.identifier[0].type.coding[0].code',
    run: () => parseEdited(rx, (d) => (d.data.identifier[0].type.coding[0].code = 7)),
  },
  {
    name: 'period unit not UCUM time',
    code: 'CONTRACT.PAYLOAD_MISMATCH',
    field: 'data.dosageInstruction[0].timing.repeat.periodUnit',
    run: () => parseEdited(rx, (d) => (d.data.dosageInstruction[0].timing.repeat.periodUnit = 'hours')),
  },
  {
    name: 'contained Observation without code',
    code: 'CONTRACT.MISSING_FIELD',
    field: 'data.contained[0].code',
    run: () => parseEdited(makeLabResulted(), (d) => delete d.data.contained[0].code),
  },
  {
    name: 'appointment ends before it starts',
    code: 'CONTRACT.PAYLOAD_MISMATCH',
    field: 'data.end',
    run: () => parseEdited(makeAppointmentBooked(), (d) => (d.data.end = '2024-08-05T08:00:00Z')),
  },
  {
    name: 'participant actor a string',
    code: 'CONTRACT.PAYLOAD_MISMATCH',
    field: 'data.participant[1].actor',
    run: () => parseEdited(makeAppointmentBooked(), (d) => (d.data.participant[1].actor = 'Dr House')),
  },
  // subject mismatch
  {
    name: 'payload about another patient',
    code: 'CONTRACT.SUBJECT_MISMATCH',
    field: 'data.subject.identifier.value',
    run: () => parseEdited(rx, (d) => (d.data.subject.identifier.value = 'PAT-0002')),
  },
  {
    name: 'appointment of another patient',
    code: 'CONTRACT.SUBJECT_MISMATCH',
    field: 'data.participant[0].actor.identifier.value',
    run: () => parseEdited(makeAppointmentBooked(), (d) => (d.subject = 'Patient/PAT-0009')),
  },
  {
    name: 'result receipt about another patient',
    code: 'CONTRACT.SUBJECT_MISMATCH',
    field: 'data.subject.identifier.value',
    run: () => parseEdited(makeResultReceived({ patientKey: 'A' }), (d) => (d.subject = 'Patient/B')),
  },
  // size, checked before parsing
  {
    name: 'over the configured limit',
    code: 'CONTRACT.TOO_LARGE',
    field: 'value',
    run: () => parseMessage({ topic: TOPICS.prescriptions, key: null, value: encodeCloudEvent(rx), headers: cloudEventHeaders() }, { maxBytes: 100 }),
  },
  {
    name: 'over the default limit, and not even JSON',
    code: 'CONTRACT.TOO_LARGE',
    field: 'value',
    run: () => parseStructured(Buffer.alloc(DEFAULT_MAX_MESSAGE_BYTES + 1, 0x7b)),
  },
  // prototype keys
  { name: '__proto__ at the top', code: 'CONTRACT.FORBIDDEN_KEY', field: 'value.__proto__', run: () => parseStructured(encodeCloudEvent(rx).toString().replace('{', '{"__proto__":{"polluted":1},')) },
  {
    name: 'constructor deep in data',
    code: 'CONTRACT.FORBIDDEN_KEY',
    field: 'value.data.identifier[0].type.constructor',
    run: () => parseEdited(rx, (d) => (d.data.identifier[0].type.constructor = { prototype: {} })),
  },
  {
    name: 'prototype key spelt with escapes',
    code: 'CONTRACT.FORBIDDEN_KEY',
    field: 'value.data.prototype',
    run: () => parseStructured(encodeCloudEvent(rx).toString().replace('"data":{', '"data":{"\\u0070rototype":1,')),
  },
  {
    name: '__proto__ in a binary-mode body',
    code: 'CONTRACT.FORBIDDEN_KEY',
    field: 'value.__proto__',
    run: () => {
      const { headers, value } = encodeBinaryCloudEvent(rx);
      return parseMessage({ topic: TOPICS.prescriptions, key: null, value: Buffer.from(value.toString().replace('{', '{"__proto__":{},')), headers });
    },
  },
  // empty
  { name: 'null value (tombstone)', code: 'CONTRACT.EMPTY_MESSAGE', field: 'value', run: () => parseStructured(null) },
  { name: 'zero bytes', code: 'CONTRACT.EMPTY_MESSAGE', field: 'value', run: () => parseStructured(Buffer.alloc(0)) },
  // invalid fields
  { name: 'entrymode paper', code: 'CONTRACT.INVALID_FIELD', field: 'entrymode', run: () => parseEdited(rx, (d) => (d.entrymode = 'paper')) },
  { name: 'empty facility', code: 'CONTRACT.INVALID_FIELD', field: 'facility', run: () => parseEdited(rx, (d) => (d.facility = '')) },
  { name: 'subject not a Patient', code: 'CONTRACT.INVALID_FIELD', field: 'subject', run: () => parseEdited(rx, (d) => (d.subject = 'Practitioner/DR-1')) },
  { name: 'lab type on the prescriptions topic', code: 'CONTRACT.INVALID_FIELD', field: 'type', run: () => parseStructured(encodeCloudEvent(makeLabOrdered()), TOPICS.prescriptions) },
  { name: 'unknown type on an unknown topic', code: 'CONTRACT.INVALID_FIELD', field: 'topic', run: () => parseStructured(edited(rx, (d) => (d.type = 'x.y')), 'somewhere.else') },
  { name: 'U+0000 in data', code: 'CONTRACT.INVALID_FIELD', field: 'value.data.identifier[0].value', run: () => parseEdited(rx, (d) => (d.data.identifier[0].value = 'RX\u00001')) },
  { name: 'lone surrogate in a key', code: 'CONTRACT.INVALID_FIELD', field: 'value.data.\ud800', run: () => parseEdited(rx, (d) => (d.data['\ud800'] = 1)) },
  {
    name: 'data nested 100 000 levels deep',
    code: 'CONTRACT.INVALID_FIELD',
    field: 'value',
    run: () => parseStructured(edited(rx, (d) => (d.data.note = '@')).toString().replace('"@"', `${'['.repeat(100_000)}${']'.repeat(100_000)}`)),
  },
  { name: 'id of 10 000 characters', code: 'CONTRACT.INVALID_FIELD', field: 'id', run: () => parseEdited(rx, (d) => (d.id = 'x'.repeat(10_000))) },
  // content types
  {
    name: 'batch mode',
    code: 'CONTRACT.UNSUPPORTED_CONTENT_TYPE',
    field: 'content-type',
    run: () => parseStructured(`[${encodeCloudEvent(rx).toString()}]`, TOPICS.prescriptions, { 'content-type': 'application/cloudevents-batch+json' }),
  },
  {
    name: 'binary mode with a text body',
    code: 'CONTRACT.UNSUPPORTED_CONTENT_TYPE',
    field: 'content-type',
    run: () => {
      const { headers, value } = encodeBinaryCloudEvent(rx);
      return parseMessage({ topic: TOPICS.prescriptions, key: null, value, headers: { ...headers, 'content-type': 'text/plain' } });
    },
  },
  { name: 'datacontenttype XML', code: 'CONTRACT.UNSUPPORTED_CONTENT_TYPE', field: 'datacontenttype', run: () => parseEdited(rx, (d) => (d.datacontenttype = 'application/fhir+xml')) },
  { name: 'data_base64', code: 'CONTRACT.UNSUPPORTED_CONTENT_TYPE', field: 'data_base64', run: () => parseEdited(rx, (d) => (d.data_base64 = 'e30=')) },
];

describe('parseMessage rejects malformed messages with a precise code', () => {
  test.each(BAD.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const result = c.run();
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ code: c.code, field: c.field });
    expect(result.error.detail.startsWith(`${c.field}: `)).toBe(true);
  });

  test('every error code is produced by at least one case', () => {
    const produced = new Set(BAD.map((c) => c.code));
    expect(ERROR_CODES.filter((code) => !produced.has(code))).toEqual([]);
  });

  test('prototype keys do not pollute Object.prototype', () => {
    const payload = encodeCloudEvent(rx).toString().replace('{', '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},');
    parseStructured(payload);
    expect(({} as Doc).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  test('nesting up to the limit is fine, and brackets inside strings do not count', () => {
    const ok = parseEdited(rx, (d) => {
      d.data.note = '[[[['.repeat(100);
      d.data.extension = JSON.parse(`${'['.repeat(60)}${']'.repeat(60)}`);
    });
    expect(ok.ok).toBe(true);
  });

  test('a detail never quotes clinical content', () => {
    const secret = 'Jean-Baptiste Dupont';
    const result = parseStructured(`{"specversion":"1.0","name":"${secret}" oops}`);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.detail).not.toContain('Dupont');
  });
});

describe('parseMessage accepts what the contract allows', () => {
  test.each(Object.keys(FIXTURE_FACTORIES) as EventType[])('%s: structured and binary modes give the same event', (type) => {
    const input = FIXTURE_FACTORIES[type]({ entrymode: 'backentry', recordedtime: '2024-08-05T08:02:00Z' });
    const topic = topicOf(type);
    const structured = parseMessage({ topic, key: null, value: encodeCloudEvent(input), headers: cloudEventHeaders() });
    const { headers, value } = encodeBinaryCloudEvent(input, specOfType(type)?.dataContentType);
    const binary = parseMessage({ topic, key: null, value, headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Buffer.from(v)])) });
    expect(structured.ok).toBe(true);
    expect(binary).toEqual(structured);
  });

  test.each(Object.keys(FIXTURE_FACTORIES) as EventType[])('%s: encode then parse gives back the input', (type) => {
    const input = FIXTURE_FACTORIES[type]();
    const result = parseMessage({ topic: topicOf(type), key: null, value: encodeCloudEvent(input), headers: cloudEventHeaders() });
    if (!result.ok) throw new Error(result.error.detail);
    const spec = EVENT_TYPE_SPECS[type];
    expect(result.event).toEqual({
      id: input.id,
      source: input.source,
      type,
      time: input.time,
      timeMs: Date.parse(input.time),
      recordedTime: input.time,
      recordedTimeMs: Date.parse(input.time),
      subject: input.subject ?? null,
      patientKey: spec.domain === 'downtime' ? null : 'PAT-0001',
      facility: 'AVC',
      entryMode: 'realtime',
      dataContentType: spec.dataContentType,
      data: input.data,
      known: true,
      domain: spec.domain,
    });
  });

  test('structured mode without any header', () => {
    const result = parseStructured(encodeCloudEvent(rx), TOPICS.prescriptions, {});
    expect(result.ok).toBe(true);
  });

  test('content-type parameters and header case do not matter', () => {
    const result = parseStructured(encodeCloudEvent(rx), TOPICS.prescriptions, { 'Content-Type': 'Application/CloudEvents+JSON; charset=UTF-8' });
    expect(result.ok).toBe(true);
  });

  test('an unknown type on a known topic is kept as is, unvalidated', () => {
    const data = { anything: ['goes', 1, null] };
    const result = parseEdited(rx, (d) => {
      d.type = 'continuity.prescription.dispensed';
      d.data = data;
    });
    expect(result).toMatchObject({ ok: true, event: { known: false, data, patientKey: 'PAT-0001', domain: 'prescriptions' } });
  });

  test('an unknown type still needs a patient on a clinical topic', () => {
    const result = parseEdited(rx, (d) => {
      d.type = 'continuity.prescription.dispensed';
      delete d.subject;
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'CONTRACT.MISSING_FIELD', field: 'subject' } });
  });

  test('downtime and heartbeat events have no patient', () => {
    for (const input of [makeDowntimeStarted({ scope: '*', systems: [] }), makeHeartbeat()]) {
      const result = parseStructured(encodeCloudEvent(input), TOPICS.downtime);
      expect(result).toMatchObject({ ok: true, event: { patientKey: null, subject: null, domain: 'downtime' } });
    }
  });

  test('recordedtime and entrymode are carried, with offsets turned into instants', () => {
    const input = makeMedicationOrdered({ time: '2024-08-03T14:10:00+02:00', recordedtime: '2024-08-05T08:02:00Z', entrymode: 'downtime-tool' });
    const result = parseStructured(encodeCloudEvent(input));
    expect(result).toMatchObject({
      ok: true,
      event: { timeMs: Date.UTC(2024, 7, 3, 12, 10), recordedTime: '2024-08-05T08:02:00Z', recordedTimeMs: Date.UTC(2024, 7, 5, 8, 2), entryMode: 'downtime-tool' },
    });
  });

  test('an unknown topic takes the domain given, or the type\'s', () => {
    const value = encodeCloudEvent(makeLabOrdered());
    expect(parseMessage({ topic: 'it-lab-123', key: null, value, headers: {} })).toMatchObject({ ok: true, event: { domain: 'lab' } });
    expect(parseMessage({ topic: 'it-rx-123', key: null, value, headers: {} }, { domain: 'prescriptions' })).toMatchObject({
      ok: false,
      error: { code: 'CONTRACT.INVALID_FIELD', field: 'type' },
    });
  });

  test('a critical result and a MAR not-done are valid', () => {
    expect(parseStructured(encodeCloudEvent(makeLabResulted({ critical: true })), TOPICS.lab).ok).toBe(true);
    expect(parseStructured(encodeCloudEvent(makeMedicationAdministered({ status: 'not-done' }))).ok).toBe(true);
  });
});
