import { cloudEventHeaders, encodeCloudEvent, parseMessage, type EntryMode, type ParsedEvent } from '@continuity/contracts';
import type { Downtime, RuleSet } from '../lib/model';

/*
 * What the domains' event factories share: the CloudEvent envelope of a FHIR payload with
 * defaults, declared downtimes in both forms, and the round trip through the contract parser that
 * proves a factory's events are what a producer could publish.
 */

/** The patients' national identifier system in test payloads. */
export const PATIENT_SYSTEM = 'urn:oid:1.2.250.1.213.1.4.8';
/** FHIR v2-0203 "placer identifier": the type of an order's or a booking's own number. */
export const PLACER_TYPE = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'PLAC' }] };

/** Envelope options every domain factory takes. */
export interface EnvelopeOptions {
  /** Clinical time, ISO (short forms such as '2024-08-03T12:00Z' are fine). */
  at: string;
  /** When it was entered; default `at`. */
  recordedAt?: string;
  entryMode?: EntryMode;
  facility?: string;
  patient?: string;
  source?: string;
  /** CloudEvent id; default derived from the type, the business id and the times. */
  id?: string;
}

/** ISO string of a short or full ISO date-time. */
export function iso(text: string): string {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new Error(`not a date-time: ${text}`);
  return new Date(ms).toISOString();
}

/** Epoch ms of a short or full ISO date-time. */
export function ms(text: string): number {
  return Date.parse(iso(text));
}

/** What a domain factory says about its event; the envelope options say the rest. */
export interface FhirEventSpec {
  type: string;
  domain: RuleSet<unknown>['domain'];
  /** The order, report or appointment the event is about: part of the default id. */
  businessId: string;
  /** The FHIR resource, as it goes in `data`. */
  data: Record<string, unknown>;
  /** The system that publishes this type when the options name none. */
  defaultSource: string;
}

/**
 * A ParsedEvent of a FHIR payload as `parseMessage` returns it: patient P1 at AVC, entered in
 * real time when it happened, with an id that is stable for the same type, business id and times.
 */
export function fhirEvent(spec: FhirEventSpec, o: EnvelopeOptions): ParsedEvent {
  const time = iso(o.at);
  const recordedTime = iso(o.recordedAt ?? o.at);
  const patient = o.patient ?? 'P1';
  return {
    id: o.id ?? `${spec.type.split('.').pop()}:${spec.businessId}:${time}:${recordedTime}`,
    source: o.source ?? spec.defaultSource,
    type: spec.type,
    time,
    timeMs: Date.parse(time),
    recordedTime,
    recordedTimeMs: Date.parse(recordedTime),
    subject: `Patient/${patient}`,
    patientKey: patient,
    facility: o.facility ?? 'AVC',
    entryMode: o.entryMode ?? 'realtime',
    dataContentType: 'application/fhir+json',
    data: spec.data,
    known: true,
    domain: spec.domain,
  };
}

/** A declared downtime of the EHR at AVC (defaults), for `EvalContext.downtimes`. */
export function downtime(start: string, end: string | null, over: Partial<Omit<Downtime, 'start' | 'end'>> = {}): Downtime {
  return { id: `ops#${start}`, facility: 'AVC', systems: ['ehr'], start: ms(start), end: end === null ? null : ms(end), ...over };
}

/** `continuity.downtime.started` / `.ended` ParsedEvents of the same period (EHR at AVC by default), for engine tests. */
export function downtimeEvents(start: string, end: string | null, o: { facility?: string; systems?: string[] } = {}): ParsedEvent[] {
  const make = (type: string, at: string): ParsedEvent => ({
    id: `${type.split('.').pop()}:${iso(start)}`,
    source: 'urn:continuity:operations',
    type,
    time: iso(at),
    timeMs: ms(at),
    recordedTime: iso(at),
    recordedTimeMs: ms(at),
    subject: null,
    patientKey: null,
    facility: o.facility ?? 'AVC',
    entryMode: 'realtime',
    dataContentType: 'application/json',
    data: { facility: o.facility ?? 'AVC', systems: o.systems ?? ['ehr'], reason: 'test' },
    known: true,
    domain: 'downtime',
  });
  const started = make('continuity.downtime.started', start);
  return end === null ? [started] : [started, make('continuity.downtime.ended', end)];
}

/** Sends a factory event through the real contract parser, as a producer would publish it on `topic`. */
export function reparse(e: ParsedEvent, topic: string): ReturnType<typeof parseMessage> {
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
