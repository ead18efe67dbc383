import type { EntryMode, ParsedEvent } from '@continuity/contracts';
import type { Downtime } from '@continuity/rules';
import { LAB_EVENT_TYPES } from '../lib/lab-state';

/*
 * Small factories of lab ParsedEvents with defaults, shaped as CONTRACT.md §3 payloads, so a test
 * states only what matters to it: `labOrdered('ORD-1', { at: '2024-08-03T12:00Z', entryMode: 'backentry' })`.
 */

/** The systems that publish lab events in tests (each keeps its own order in property tests). */
export const LAB_SOURCES = {
  ehr: 'urn:continuity:system:orbis:AVC',
  lis: 'urn:continuity:system:lis:AVC',
} as const;

export const PATIENT_SYSTEM = 'urn:oid:1.2.250.1.213.1.4.8';
export const ORDER_SYSTEM = 'urn:continuity:avc:orbis:lab-order';
export const REPORT_SYSTEM = 'urn:continuity:avc:lis:report';
const PLAC = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'PLAC' }] };

/** Envelope options every factory takes. */
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

function envelope(type: string, businessId: string, data: Record<string, unknown>, o: EnvelopeOptions, defaultSource: string): ParsedEvent {
  const time = iso(o.at);
  const recordedTime = iso(o.recordedAt ?? o.at);
  const patient = o.patient ?? 'P1';
  return {
    id: o.id ?? `${type.split('.').pop()}:${businessId}:${time}:${recordedTime}`,
    source: o.source ?? defaultSource,
    type,
    time,
    timeMs: Date.parse(time),
    recordedTime,
    recordedTimeMs: Date.parse(recordedTime),
    subject: `Patient/${patient}`,
    patientKey: patient,
    facility: o.facility ?? 'AVC',
    entryMode: o.entryMode ?? 'realtime',
    dataContentType: 'application/fhir+json',
    data: { ...data, subject: { identifier: { system: PATIENT_SYSTEM, value: patient } } },
    known: true,
    domain: 'lab',
  };
}

const orderRef = (order: string) => ({ identifier: { system: ORDER_SYSTEM, value: order } });
const orderIdentifier = (order: string) => [{ type: PLAC, system: ORDER_SYSTEM, value: order }];

/** `continuity.lab.ordered`: a ServiceRequest with a LOINC code (default potassium, routine). */
export function labOrdered(
  order: string,
  o: EnvelopeOptions & { loinc?: string; display?: string; priority?: 'routine' | 'urgent' | 'asap' | 'stat'; authoredOn?: string },
): ParsedEvent {
  return envelope(
    LAB_EVENT_TYPES.ordered,
    order,
    {
      resourceType: 'ServiceRequest',
      identifier: orderIdentifier(order),
      status: 'active',
      intent: 'order',
      category: [{ coding: [{ system: 'http://snomed.info/sct', code: '108252007', display: 'Laboratory procedure' }] }],
      code: { coding: [{ system: 'http://loinc.org', code: o.loinc ?? '2823-3', display: o.display ?? 'Potassium [Moles/volume] in Serum or Plasma' }] },
      priority: o.priority ?? 'routine',
      authoredOn: iso(o.authoredOn ?? o.at),
    },
    o,
    LAB_SOURCES.ehr,
  );
}

/** `continuity.lab.cancelled`: the same ServiceRequest, revoked. */
export function labCancelled(order: string, o: EnvelopeOptions): ParsedEvent {
  return envelope(
    LAB_EVENT_TYPES.cancelled,
    order,
    { resourceType: 'ServiceRequest', identifier: orderIdentifier(order), status: 'revoked', intent: 'order' },
    o,
    LAB_SOURCES.ehr,
  );
}

/** `continuity.lab.specimen-collected`: a Specimen naming the order(s); null names none. */
export function specimenCollected(order: string | string[] | null, o: EnvelopeOptions & { specimen?: string }): ParsedEvent {
  const orders = order === null ? [] : Array.isArray(order) ? order : [order];
  return envelope(
    LAB_EVENT_TYPES.specimenCollected,
    o.specimen ?? orders.join('+'),
    {
      resourceType: 'Specimen',
      ...(o.specimen ? { identifier: [{ system: 'urn:continuity:avc:lis:specimen', value: o.specimen }] } : {}),
      request: orders.map(orderRef),
      collection: { collectedDateTime: iso(o.at) },
    },
    o,
    LAB_SOURCES.lis,
  );
}

/** `continuity.lab.resulted`: a DiagnosticReport based on the order; `critical` adds an HH observation. */
export function labResulted(
  order: string | null,
  o: EnvelopeOptions & { report?: string; status?: 'final' | 'amended' | 'corrected'; critical?: boolean; issued?: string },
): ParsedEvent {
  const report = o.report ?? `RPT-${order ?? 'X'}`;
  return envelope(
    LAB_EVENT_TYPES.resulted,
    report,
    {
      resourceType: 'DiagnosticReport',
      identifier: [{ system: REPORT_SYSTEM, value: report }],
      basedOn: order === null ? [] : [orderRef(order)],
      status: o.status ?? 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '2823-3' }] },
      issued: iso(o.issued ?? o.at),
      contained: [
        {
          resourceType: 'Observation',
          status: o.status ?? 'final',
          code: { coding: [{ system: 'http://loinc.org', code: '2823-3' }] },
          valueQuantity: { value: o.critical ? 6.9 : 4.1, unit: 'mmol/L' },
          interpretation: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', code: o.critical ? 'HH' : 'N' }] }],
        },
      ],
    },
    o,
    LAB_SOURCES.lis,
  );
}

/** `continuity.lab.result-received`: a Communication about the report, by its identifier. */
export function resultReceived(report: string, o: EnvelopeOptions): ParsedEvent {
  return envelope(
    LAB_EVENT_TYPES.resultReceived,
    report,
    { resourceType: 'Communication', status: 'completed', about: [{ identifier: { system: REPORT_SYSTEM, value: report } }], received: iso(o.at) },
    o,
    LAB_SOURCES.ehr,
  );
}

/** A declared downtime of the EHR at AVC (defaults), for `EvalContext.downtimes`. */
export function downtime(start: string, end: string | null, over: Partial<Omit<Downtime, 'start' | 'end'>> = {}): Downtime {
  return { id: `ops#${start}`, facility: 'AVC', systems: ['ehr'], start: ms(start), end: end === null ? null : ms(end), ...over };
}

/** `continuity.downtime.started` / `.ended` ParsedEvents of the same period, for engine tests. */
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
