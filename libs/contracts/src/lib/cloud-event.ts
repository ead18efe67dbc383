import type { EntryMode } from './parsed-event';

/** The §2 envelope a producer fills in; `encodeCloudEvent` adds `specversion`. */
export interface CloudEventInput<D = unknown> {
  id: string;
  source: string;
  type: string;
  /** Clinical time, RFC 3339 with zone. */
  time: string;
  /** `Patient/<key>`; absent on `continuity.downtime.v1`. */
  subject?: string;
  /** Defaults to the type's (`application/fhir+json` or `application/json`) when parsed. */
  datacontenttype?: string;
  facility: string;
  entrymode?: EntryMode;
  /** When it was entered; absent means equal to `time`. */
  recordedtime?: string;
  data: D;
}

/** The three legal `entrymode` values (CONTRACT.md §2). */
export const ENTRY_MODES: readonly EntryMode[] = ['realtime', 'backentry', 'downtime-tool'];

export const CLOUDEVENTS_JSON = 'application/cloudevents+json';
export const STRUCTURED_CONTENT_TYPE = `${CLOUDEVENTS_JSON}; charset=utf-8`;

/** Kafka headers as kafkajs hands them over. */
export type KafkaHeaders = Record<string, Buffer | string | ReadonlyArray<Buffer | string> | undefined>;

/** A message as read from Kafka, the input of `parseMessage`. */
export interface IncomingMessage {
  topic: string;
  key: Buffer | null;
  value: Buffer | null;
  headers?: KafkaHeaders;
}

/** Structured-mode value as text: the envelope and data as one JSON document (NDJSON writers use it). */
export function cloudEventJson(input: CloudEventInput): string {
  const event: Record<string, unknown> = {
    specversion: '1.0',
    id: input.id,
    source: input.source,
    type: input.type,
    time: input.time,
  };
  if (input.subject !== undefined) event.subject = input.subject;
  if (input.datacontenttype !== undefined) event.datacontenttype = input.datacontenttype;
  event.facility = input.facility;
  if (input.entrymode !== undefined) event.entrymode = input.entrymode;
  if (input.recordedtime !== undefined) event.recordedtime = input.recordedtime;
  event.data = input.data;
  return JSON.stringify(event);
}

/** Structured-mode value of a CloudEvent (CloudEvents JSON format), as bytes. */
export function encodeCloudEvent(input: CloudEventInput): Buffer {
  return Buffer.from(cloudEventJson(input), 'utf8');
}

/** Headers to send with a structured-mode value. */
export function cloudEventHeaders(): Record<string, string> {
  return { 'content-type': STRUCTURED_CONTENT_TYPE };
}

/**
 * Binary mode (CloudEvents Kafka binding): the attributes as `ce_*` headers, `content-type`
 * from `datacontenttype`, the data alone as the value. Accepted by `parseMessage` too.
 */
export function encodeBinaryCloudEvent(
  input: CloudEventInput,
  defaultContentType = 'application/fhir+json',
): { headers: Record<string, string>; value: Buffer } {
  const headers: Record<string, string> = {
    ce_specversion: '1.0',
    ce_id: input.id,
    ce_source: input.source,
    ce_type: input.type,
    ce_time: input.time,
  };
  if (input.subject !== undefined) headers.ce_subject = input.subject;
  headers.ce_facility = input.facility;
  if (input.entrymode !== undefined) headers.ce_entrymode = input.entrymode;
  if (input.recordedtime !== undefined) headers.ce_recordedtime = input.recordedtime;
  headers['content-type'] = input.datacontenttype ?? defaultContentType;
  return { headers, value: Buffer.from(JSON.stringify(input.data), 'utf8') };
}

/** The key to send an event with: the patient key, or the facility for operations events. */
export function messageKeyOf(input: Pick<CloudEventInput, 'subject' | 'facility'>): string {
  return input.subject?.startsWith('Patient/') ? input.subject.slice('Patient/'.length) : input.facility;
}
