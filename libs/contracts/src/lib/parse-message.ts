import { patientIdsOf } from './business-ids';
import { CLOUDEVENTS_JSON, ENTRY_MODES, type IncomingMessage, type KafkaHeaders } from './cloud-event';
import type { ContractError, ErrorCode, ParseResult } from './error-codes';
import { specOfType, type EventTypeSpec } from './event-types';
import type { EntryMode, ParsedEvent } from './parsed-event';
import { validatePayload } from './payload-validation';
import { isStorable, parseJsonStrict } from './safe-json';
import { parseRfc3339 } from './timestamps';
import { domainOfTopic, type Domain } from './topics';

/** Default largest accepted value: far above a real FHIR resource, far below a broker's limit. */
export const DEFAULT_MAX_MESSAGE_BYTES = 512 * 1024;

/** Longest accepted envelope string: these attributes end up in unique indexes. */
const MAX_ATTRIBUTE_LENGTH = 512;
/** Longest error detail kept: it travels as a DLQ header. */
const MAX_DETAIL_LENGTH = 300;

/** FHIR id syntax, which every patient key must have. */
const PATIENT_SUBJECT = /^Patient\/([A-Za-z0-9.-]{1,64})$/;
const JSON_MEDIA_TYPE = /^application\/(?:[a-z0-9.!#$&^_-]+\+)?json$/;

export interface ParseOptions {
  /** Values longer than this are refused before decoding (`CONTRACT.TOO_LARGE`). */
  maxBytes?: number;
  /**
   * Domain of the topic when its name is not one of CONTRACT.md's (e.g. a test's unique topic).
   * Without it, an unknown topic takes the domain of the event's type.
   */
  domain?: Domain | 'downtime';
}

type Failure = { ok: false; error: ContractError };
type Envelope = { attrs: Record<string, unknown>; contentType: unknown; hasData: boolean; data: unknown };

/**
 * Checks one Kafka message against CONTRACT.md §2–3 and returns the normalised event, or the
 * first reason it breaks the contract (an `ErrorCode` and a detail naming the field, never
 * quoting clinical content). Accepts structured mode (`content-type: application/cloudevents+json`,
 * or no content-type and a JSON object with `specversion`) and binary mode (`ce_*` headers).
 * The key is not checked: partitioning by patient is the producer's concern. Never throws,
 * whatever the bytes.
 */
export function parseMessage(message: IncomingMessage, options: ParseOptions = {}): ParseResult<ParsedEvent> {
  try {
    return parse(message, options);
  } catch (e) {
    // Only reachable through a bug or a pathological value: the message is still rejected, with a reason.
    return fail('CONTRACT.INVALID_FIELD', 'value', `value: could not be checked (${e instanceof Error ? e.name : 'error'})`);
  }
}

function parse(message: IncomingMessage, options: ParseOptions): ParseResult<ParsedEvent> {
  const raw: unknown = message.value;
  const value = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw instanceof Uint8Array ? raw : null;
  if (value === null || value.length === 0) {
    return fail('CONTRACT.EMPTY_MESSAGE', 'value', 'value: empty message (no bytes)');
  }
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  if (value.length > maxBytes) {
    return fail('CONTRACT.TOO_LARGE', 'value', `value: ${value.length} bytes exceeds the limit of ${maxBytes}`);
  }
  const envelope = readEnvelope(value, readHeaders(message.headers));
  if ('ok' in envelope) return envelope;
  return checkEnvelope(envelope, String(message.topic), options);
}

/** Lower-cased header names, values decoded as UTF-8 (the first one if repeated). */
function readHeaders(headers: KafkaHeaders | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!headers || typeof headers !== 'object') return out;
  for (const name of Object.keys(headers)) {
    let v = headers[name];
    if (Array.isArray(v)) v = v[0];
    if (typeof v === 'string') out.set(name.toLowerCase(), v);
    else if (v instanceof Uint8Array) out.set(name.toLowerCase(), Buffer.from(v).toString('utf8'));
  }
  return out;
}

/** Picks the mode as the CloudEvents Kafka binding says, and returns attributes and data. */
function readEnvelope(value: Uint8Array, headers: Map<string, string>): Envelope | Failure {
  const contentType = headers.get('content-type');
  const mediaType = contentType?.split(';')[0].trim().toLowerCase();
  if (mediaType !== undefined && mediaType.startsWith('application/cloudevents')) {
    if (mediaType !== CLOUDEVENTS_JSON) {
      return fail('CONTRACT.UNSUPPORTED_CONTENT_TYPE', 'content-type', `content-type: ${clip(mediaType)} is not supported (only ${CLOUDEVENTS_JSON})`);
    }
    return readStructured(value);
  }
  if (headers.has('ce_specversion')) return readBinary(value, headers);
  if (mediaType === undefined) return readStructured(value);
  return fail('CONTRACT.NOT_CLOUDEVENT', 'content-type', `content-type: ${clip(mediaType)} without ce_specversion header is neither structured nor binary mode`);
}

function readStructured(value: Uint8Array): Envelope | Failure {
  const parsed = parseJsonStrict(value, 'value');
  if (!parsed.ok) return parsed;
  const doc = parsed.value;
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    return fail('CONTRACT.NOT_CLOUDEVENT', 'value', 'value: not a JSON object');
  }
  const attrs = doc as Record<string, unknown>;
  if (Object.hasOwn(attrs, 'data_base64')) {
    return fail('CONTRACT.UNSUPPORTED_CONTENT_TYPE', 'data_base64', 'data_base64: binary data is not accepted, send JSON data');
  }
  return { attrs, contentType: attrs.datacontenttype, hasData: Object.hasOwn(attrs, 'data'), data: attrs.data };
}

function readBinary(value: Uint8Array, headers: Map<string, string>): Envelope | Failure {
  const attrs: Record<string, unknown> = Object.create(null);
  for (const [name, v] of headers) {
    if (name.startsWith('ce_')) attrs[name.slice(3)] = v;
  }
  const contentType = headers.get('content-type');
  if (contentType !== undefined && !isJsonMediaType(contentType)) {
    return fail('CONTRACT.UNSUPPORTED_CONTENT_TYPE', 'content-type', `content-type: ${clip(contentType)} is not JSON`);
  }
  const parsed = parseJsonStrict(value, 'value');
  if (!parsed.ok) return parsed;
  return { attrs, contentType, hasData: true, data: parsed.value };
}

function checkEnvelope(env: Envelope, topic: string, options: ParseOptions): ParseResult<ParsedEvent> {
  const a = env.attrs;
  if (a.specversion === undefined) return fail('CONTRACT.NOT_CLOUDEVENT', 'specversion', 'specversion: missing');
  if (a.specversion !== '1.0') return fail('CONTRACT.NOT_CLOUDEVENT', 'specversion', 'specversion: must be "1.0"');
  for (const name of ['id', 'source', 'type'] as const) {
    const bad = checkString(a[name], name, 'CONTRACT.NOT_CLOUDEVENT', 'CONTRACT.NOT_CLOUDEVENT');
    if (bad) return bad;
  }
  const type = a.type as string;
  const spec = specOfType(type);
  const domain = options.domain ?? domainOfTopic(topic) ?? spec?.domain;
  if (domain === undefined) {
    return fail('CONTRACT.INVALID_FIELD', 'topic', `topic: ${clip(topic)} is not an input topic and type ${clip(type)} is unknown`);
  }
  if (spec && spec.domain !== domain) {
    return fail('CONTRACT.INVALID_FIELD', 'type', `type: ${type} belongs on ${spec.topic}, not on ${clip(topic)}`);
  }

  if (a.time === undefined) return fail('CONTRACT.MISSING_FIELD', 'time', 'time: missing');
  const timeMs = parseRfc3339(a.time);
  if (timeMs === null) return fail('CONTRACT.INVALID_TIMESTAMP', 'time', 'time: not an RFC 3339 date-time with a zone');
  let recordedTimeMs = timeMs;
  if (a.recordedtime !== undefined) {
    const ms = parseRfc3339(a.recordedtime);
    if (ms === null) return fail('CONTRACT.INVALID_TIMESTAMP', 'recordedtime', 'recordedtime: not an RFC 3339 date-time with a zone');
    recordedTimeMs = ms;
  }

  const badFacility = checkString(a.facility, 'facility', 'CONTRACT.MISSING_FIELD', 'CONTRACT.INVALID_FIELD');
  if (badFacility) return badFacility;
  let entryMode: EntryMode = 'realtime';
  if (a.entrymode !== undefined) {
    if (!ENTRY_MODES.includes(a.entrymode as EntryMode)) {
      return fail('CONTRACT.INVALID_FIELD', 'entrymode', `entrymode: must be one of ${ENTRY_MODES.join('|')}`);
    }
    entryMode = a.entrymode as EntryMode;
  }

  let subject: string | null = null;
  let patientKey: string | null = null;
  if (a.subject !== undefined || domain !== 'downtime') {
    const bad = checkString(a.subject, 'subject', 'CONTRACT.MISSING_FIELD', 'CONTRACT.INVALID_FIELD');
    if (bad) return bad;
    subject = a.subject as string;
    if (domain !== 'downtime') {
      const m = PATIENT_SUBJECT.exec(subject);
      if (m === null) return fail('CONTRACT.INVALID_FIELD', 'subject', 'subject: must be "Patient/<patient key>"');
      patientKey = m[1];
    }
  }

  let dataContentType: string = spec?.dataContentType ?? 'application/json';
  if (env.contentType !== undefined) {
    if (typeof env.contentType !== 'string' || !isJsonMediaType(env.contentType)) {
      return fail('CONTRACT.UNSUPPORTED_CONTENT_TYPE', 'datacontenttype', 'datacontenttype: data must be JSON');
    }
    dataContentType = env.contentType.trim();
  }

  if (spec && (!env.hasData || env.data === null)) return fail('CONTRACT.MISSING_FIELD', 'data', 'data: missing');
  const data = env.hasData ? env.data : null;
  if (spec) {
    const bad = validatePayload(spec, data) ?? checkPatient(spec, data, patientKey);
    if (bad) return fail(bad.code, bad.field ?? 'data', bad.detail);
  }

  return {
    ok: true,
    event: {
      id: a.id as string,
      source: a.source as string,
      type,
      time: a.time as string,
      timeMs,
      recordedTime: (a.recordedtime as string | undefined) ?? (a.time as string),
      recordedTimeMs,
      subject,
      patientKey,
      facility: a.facility as string,
      entryMode,
      dataContentType,
      data,
      known: spec !== undefined,
      domain,
    },
  };
}

/** Every patient identifier in the payload must be the envelope's patient key. */
function checkPatient(spec: EventTypeSpec, data: unknown, patientKey: string | null): ContractError | null {
  if (patientKey === null || spec.resourceType === null) return null;
  for (const { path, id } of patientIdsOf(data)) {
    if (id.value !== patientKey) {
      return { code: 'CONTRACT.SUBJECT_MISMATCH', field: path, detail: `${path}: differs from the patient key of subject` };
    }
  }
  return null;
}

function checkString(v: unknown, name: string, ifMissing: ErrorCode, ifBad: ErrorCode): Failure | null {
  if (v === undefined || v === null) return fail(ifMissing, name, `${name}: missing`);
  if (typeof v !== 'string' || v.length === 0) return fail(ifBad, name, `${name}: must be a non-empty string`);
  if (v.length > MAX_ATTRIBUTE_LENGTH) return fail('CONTRACT.INVALID_FIELD', name, `${name}: longer than ${MAX_ATTRIBUTE_LENGTH} characters`);
  if (!isStorable(v)) return fail('CONTRACT.INVALID_FIELD', name, `${name}: contains U+0000 or a lone surrogate`);
  return null;
}

function isJsonMediaType(contentType: string): boolean {
  return JSON_MEDIA_TYPE.test(contentType.split(';')[0].trim().toLowerCase());
}

const clip = (text: string): string => (text.length > 80 ? `${text.slice(0, 80)}…` : text);

function fail(code: ErrorCode, field: string, detail: string): Failure {
  const short = detail.length > MAX_DETAIL_LENGTH ? `${detail.slice(0, MAX_DETAIL_LENGTH)}…` : detail;
  return { ok: false, error: { code, field, detail: short } };
}
