import type { ParsedEvent } from '@continuity/contracts';
import { fhirEvent, iso, PATIENT_SYSTEM, PLACER_TYPE, type EnvelopeOptions } from '@continuity/rules';
import { LAB_EVENT_TYPES } from '../lib/lab-state';

// The envelope and downtime helpers every domain shares, so one import serves this domain's tests.
export { downtime, downtimeEvents, iso, ms, PATIENT_SYSTEM, type EnvelopeOptions } from '@continuity/rules';

/*
 * Small factories of lab ParsedEvents with defaults, shaped as CONTRACT.md §3 payloads, so a test
 * states only what matters to it: `labOrdered('ORD-1', { at: '2024-08-03T12:00Z', entryMode: 'backentry' })`.
 */

/** The systems that publish lab events in tests (each keeps its own order in property tests). */
export const LAB_SOURCES = {
  ehr: 'urn:continuity:system:orbis:AVC',
  lis: 'urn:continuity:system:lis:AVC',
} as const;

export const ORDER_SYSTEM = 'urn:continuity:avc:orbis:lab-order';
export const REPORT_SYSTEM = 'urn:continuity:avc:lis:report';

/** The lab envelope: the patient goes in the payload's `subject` too, as the contract wants. */
function envelope(type: string, businessId: string, data: Record<string, unknown>, o: EnvelopeOptions, defaultSource: string): ParsedEvent {
  const subject = { identifier: { system: PATIENT_SYSTEM, value: o.patient ?? 'P1' } };
  return fhirEvent({ type, domain: 'lab', businessId, data: { ...data, subject }, defaultSource }, o);
}

const orderRef = (order: string) => ({ identifier: { system: ORDER_SYSTEM, value: order } });
const orderIdentifier = (order: string) => [{ type: PLACER_TYPE, system: ORDER_SYSTEM, value: order }];

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

