import type { CloudEventInput } from '../lib/cloud-event';
import { EVENT_TYPES, type EventType } from '../lib/event-types';
import {
  ATC_SYSTEM,
  IDENTIFIER_TYPE_SYSTEM,
  INTERPRETATION_SYSTEM,
  LOINC_SYSTEM,
  PLACER_IDENTIFIER_CODE,
  type AppointmentPayload,
  type CommunicationPayload,
  type DiagnosticReportPayload,
  type DowntimePayload,
  type HeartbeatPayload,
  type Identifier,
  type IdentifierReference,
  type MedicationAdministrationPayload,
  type MedicationRequestPayload,
  type ServiceRequestPayload,
  type SpecimenPayload,
} from '../lib/fhir/payloads';
import type { EntryMode } from '../lib/parsed-event';

/**
 * Small typed factories of valid §3 events (CloudEventInput, ready for `encodeCloudEvent`),
 * for tests and the simulator. Every default is overridable; `data` is merged shallowly last.
 */

export const FIXTURE_PATIENT_SYSTEM = 'urn:oid:1.2.250.1.213.1.4.8';
export const FIXTURE_PRACTITIONER_SYSTEM = 'urn:oid:1.2.250.1.71.4.2.1';
export const FIXTURE_RX_ORDER_SYSTEM = 'urn:continuity:fixture:rx-order';
export const FIXTURE_LAB_ORDER_SYSTEM = 'urn:continuity:fixture:lab-order';
export const FIXTURE_REPORT_SYSTEM = 'urn:continuity:fixture:lab-report';
export const FIXTURE_APPOINTMENT_SYSTEM = 'urn:continuity:fixture:appointment';
export const FIXTURE_TIME = '2024-08-03T12:10:00Z';

let sequence = 0;
/** Next deterministic event id (`fx-000001`, …) unless the caller gives one. */
export const nextFixtureId = (): string => `fx-${String(++sequence).padStart(6, '0')}`;

/** Envelope fields every factory accepts. */
export interface EnvelopeOverrides {
  id?: string;
  source?: string;
  time?: string;
  recordedtime?: string;
  entrymode?: EntryMode;
  facility?: string;
  patientKey?: string;
  datacontenttype?: string;
}

function envelope<D>(type: EventType, system: string, o: EnvelopeOverrides, data: D, patient = true): CloudEventInput<D> {
  const facility = o.facility ?? 'AVC';
  const event: CloudEventInput<D> = {
    id: o.id ?? nextFixtureId(),
    source: o.source ?? `urn:continuity:system:${system}:${facility}`,
    type,
    time: o.time ?? FIXTURE_TIME,
    facility,
    data,
  };
  if (patient) event.subject = `Patient/${o.patientKey ?? 'PAT-0001'}`;
  if (o.datacontenttype !== undefined) event.datacontenttype = o.datacontenttype;
  if (o.entrymode !== undefined) event.entrymode = o.entrymode;
  if (o.recordedtime !== undefined) event.recordedtime = o.recordedtime;
  return event;
}

/** A placer (`PLAC`) identifier. */
export const placerIdentifier = (system: string, value: string): Identifier => ({
  type: { coding: [{ system: IDENTIFIER_TYPE_SYSTEM, code: PLACER_IDENTIFIER_CODE }] },
  system,
  value,
});

/** A reference by identifier. */
export const refById = (system: string, value: string, type?: string): IdentifierReference =>
  type === undefined ? { identifier: { system, value } } : { type, identifier: { system, value } };

const patientRef = (o: EnvelopeOverrides): IdentifierReference =>
  refById(FIXTURE_PATIENT_SYSTEM, o.patientKey ?? 'PAT-0001', 'Patient');

// ---- prescriptions ----------------------------------------------------------------------------

export interface MedicationOverrides extends EnvelopeOverrides {
  /** Placer order number. */
  order?: string;
  /** ATC substance code (default B01AB05, enoxaparin). */
  atc?: string;
}

export function makeMedicationOrdered(
  o: MedicationOverrides & { authoredOn?: string; everyHours?: number; data?: Partial<MedicationRequestPayload> } = {},
): CloudEventInput<MedicationRequestPayload> {
  const data: MedicationRequestPayload = {
    resourceType: 'MedicationRequest',
    identifier: [placerIdentifier(FIXTURE_RX_ORDER_SYSTEM, o.order ?? 'RX-1')],
    status: 'active',
    intent: 'order',
    subject: patientRef(o),
    medicationCodeableConcept: { coding: [{ system: ATC_SYSTEM, code: o.atc ?? 'B01AB05' }] },
    authoredOn: o.authoredOn ?? o.time ?? FIXTURE_TIME,
    dosageInstruction: [{ timing: { repeat: { frequency: 1, period: o.everyHours ?? 12, periodUnit: 'h' } } }],
    ...o.data,
  };
  return envelope(EVENT_TYPES.prescriptionOrdered, 'orbis', o, data);
}

export function makeMedicationDiscontinued(
  o: MedicationOverrides & { status?: 'stopped' | 'cancelled' | 'completed'; data?: Partial<MedicationRequestPayload> } = {},
): CloudEventInput<MedicationRequestPayload> {
  const data: MedicationRequestPayload = {
    resourceType: 'MedicationRequest',
    identifier: [placerIdentifier(FIXTURE_RX_ORDER_SYSTEM, o.order ?? 'RX-1')],
    status: o.status ?? 'stopped',
    intent: 'order',
    subject: patientRef(o),
    medicationCodeableConcept: { coding: [{ system: ATC_SYSTEM, code: o.atc ?? 'B01AB05' }] },
    ...o.data,
  };
  return envelope(EVENT_TYPES.prescriptionDiscontinued, 'orbis', o, data);
}

export function makeMedicationAdministered(
  o: MedicationOverrides & {
    status?: 'completed' | 'not-done';
    effective?: string;
    data?: Partial<MedicationAdministrationPayload>;
  } = {},
): CloudEventInput<MedicationAdministrationPayload> {
  const data: MedicationAdministrationPayload = {
    resourceType: 'MedicationAdministration',
    status: o.status ?? 'completed',
    medicationCodeableConcept: { coding: [{ system: ATC_SYSTEM, code: o.atc ?? 'B01AB05' }] },
    subject: patientRef(o),
    request: refById(FIXTURE_RX_ORDER_SYSTEM, o.order ?? 'RX-1', 'MedicationRequest'),
    effectiveDateTime: o.effective ?? o.time ?? FIXTURE_TIME,
    ...o.data,
  };
  return envelope(EVENT_TYPES.prescriptionAdministered, 'mar', o, data);
}

// ---- lab ----------------------------------------------------------------------------------------

export interface LabOverrides extends EnvelopeOverrides {
  order?: string;
  /** LOINC code (default 2823-3, potassium). */
  loinc?: string;
}

function serviceRequest(o: LabOverrides, status: 'active' | 'revoked'): ServiceRequestPayload {
  return {
    resourceType: 'ServiceRequest',
    identifier: [placerIdentifier(FIXTURE_LAB_ORDER_SYSTEM, o.order ?? 'LAB-1')],
    status,
    intent: 'order',
    category: [{ coding: [{ system: 'http://snomed.info/sct', code: '108252007', display: 'Laboratory procedure' }] }],
    code: { coding: [{ system: LOINC_SYSTEM, code: o.loinc ?? '2823-3' }] },
    priority: 'routine',
    subject: patientRef(o),
    authoredOn: o.time ?? FIXTURE_TIME,
  };
}

export function makeLabOrdered(
  o: LabOverrides & { priority?: ServiceRequestPayload['priority']; authoredOn?: string; data?: Partial<ServiceRequestPayload> } = {},
): CloudEventInput<ServiceRequestPayload> {
  const data = { ...serviceRequest(o, 'active'), priority: o.priority ?? 'routine', ...o.data };
  if (o.authoredOn !== undefined) data.authoredOn = o.authoredOn;
  return envelope(EVENT_TYPES.labOrdered, 'orbis', o, data);
}

export function makeLabCancelled(
  o: LabOverrides & { data?: Partial<ServiceRequestPayload> } = {},
): CloudEventInput<ServiceRequestPayload> {
  return envelope(EVENT_TYPES.labCancelled, 'orbis', o, { ...serviceRequest(o, 'revoked'), ...o.data });
}

export function makeSpecimenCollected(
  o: LabOverrides & { collected?: string; data?: Partial<SpecimenPayload> } = {},
): CloudEventInput<SpecimenPayload> {
  const data: SpecimenPayload = {
    resourceType: 'Specimen',
    subject: patientRef(o),
    request: [refById(FIXTURE_LAB_ORDER_SYSTEM, o.order ?? 'LAB-1', 'ServiceRequest')],
    collection: { collectedDateTime: o.collected ?? o.time ?? FIXTURE_TIME },
    ...o.data,
  };
  return envelope(EVENT_TYPES.labSpecimenCollected, 'lis', o, data);
}

export function makeLabResulted(
  o: LabOverrides & {
    /** The report's own identifier value (default REP-<order>). */
    report?: string;
    status?: 'final' | 'amended' | 'corrected';
    issued?: string;
    /** Marks the observation HH (critical). */
    critical?: boolean;
    data?: Partial<DiagnosticReportPayload>;
  } = {},
): CloudEventInput<DiagnosticReportPayload> {
  const order = o.order ?? 'LAB-1';
  const loinc = { coding: [{ system: LOINC_SYSTEM, code: o.loinc ?? '2823-3' }] };
  const data: DiagnosticReportPayload = {
    resourceType: 'DiagnosticReport',
    identifier: [{ system: FIXTURE_REPORT_SYSTEM, value: o.report ?? `REP-${order}` }],
    basedOn: [refById(FIXTURE_LAB_ORDER_SYSTEM, order, 'ServiceRequest')],
    status: o.status ?? 'final',
    code: loinc,
    subject: patientRef(o),
    issued: o.issued ?? o.time ?? FIXTURE_TIME,
    contained: [
      {
        resourceType: 'Observation',
        id: 'obs1',
        status: o.status ?? 'final',
        code: loinc,
        valueQuantity: { value: o.critical ? 6.9 : 4.1, unit: 'mmol/L' },
        interpretation: [{ coding: [{ system: INTERPRETATION_SYSTEM, code: o.critical ? 'HH' : 'N' }] }],
      },
    ],
    result: [{ reference: '#obs1' }],
    ...o.data,
  };
  return envelope(EVENT_TYPES.labResulted, 'lis', o, data);
}

export function makeResultReceived(
  o: EnvelopeOverrides & { report?: string; received?: string; data?: Partial<CommunicationPayload> } = {},
): CloudEventInput<CommunicationPayload> {
  const data: CommunicationPayload = {
    resourceType: 'Communication',
    status: 'completed',
    subject: patientRef(o),
    about: [refById(FIXTURE_REPORT_SYSTEM, o.report ?? 'REP-LAB-1', 'DiagnosticReport')],
    received: o.received ?? o.time ?? FIXTURE_TIME,
    ...o.data,
  };
  return envelope(EVENT_TYPES.labResultReceived, 'orbis', o, data);
}

// ---- scheduling --------------------------------------------------------------------------------

export interface AppointmentOverrides extends EnvelopeOverrides {
  /** Appointment identifier value. */
  appointment?: string;
  start?: string;
  end?: string;
  practitioner?: string;
  /** serviceType code (default "cardiology"). */
  service?: string;
  data?: Partial<AppointmentPayload>;
}

/** One patient's booking of `minutes` from `start` with a practitioner (default DR-9): the shape the practitioner-clash tests build. */
export function appointmentSlot(appointment: string, patientKey: string, start: string, minutes: number, practitioner = 'DR-9'): AppointmentOverrides {
  return { appointment, patientKey, practitioner, start, end: new Date(Date.parse(start) + minutes * 60_000).toISOString() };
}

function appointment(o: AppointmentOverrides, status: AppointmentPayload['status']): AppointmentPayload {
  return {
    resourceType: 'Appointment',
    identifier: [{ system: FIXTURE_APPOINTMENT_SYSTEM, value: o.appointment ?? 'APT-1' }],
    status,
    serviceType: [{ coding: [{ system: 'urn:continuity:fixture:service', code: o.service ?? 'cardiology' }] }],
    start: o.start ?? '2024-08-05T09:00:00Z',
    end: o.end ?? '2024-08-05T09:30:00Z',
    participant: [
      { actor: patientRef(o), status: 'accepted' },
      { actor: refById(FIXTURE_PRACTITIONER_SYSTEM, o.practitioner ?? 'DR-1', 'Practitioner'), status: 'accepted' },
    ],
    ...o.data,
  };
}

export const makeAppointmentBooked = (o: AppointmentOverrides = {}): CloudEventInput<AppointmentPayload> =>
  envelope(EVENT_TYPES.schedulingBooked, 'booking', o, appointment(o, 'booked'));

export const makeAppointmentRescheduled = (o: AppointmentOverrides = {}): CloudEventInput<AppointmentPayload> =>
  envelope(EVENT_TYPES.schedulingRescheduled, 'booking', o, appointment(o, 'booked'));

export const makeAppointmentCancelled = (
  o: AppointmentOverrides & { status?: 'cancelled' | 'noshow' } = {},
): CloudEventInput<AppointmentPayload> =>
  envelope(EVENT_TYPES.schedulingCancelled, 'booking', o, appointment(o, o.status ?? 'cancelled'));

export const makeAppointmentSynced = (o: AppointmentOverrides = {}): CloudEventInput<AppointmentPayload> =>
  envelope(EVENT_TYPES.schedulingSynced, 'orbis', o, appointment(o, 'booked'));

export const makeCheckedIn = (o: AppointmentOverrides = {}): CloudEventInput<AppointmentPayload> =>
  envelope(EVENT_TYPES.schedulingCheckedIn, 'orbis', o, appointment(o, 'arrived'));

// ---- downtime topic ----------------------------------------------------------------------------

export interface DowntimeOverrides extends Omit<EnvelopeOverrides, 'patientKey'> {
  /** Facility the downtime covers (default the envelope's, "*" for all). */
  scope?: string;
  systems?: string[];
  reason?: string;
}

function downtime(o: DowntimeOverrides): DowntimePayload {
  return { facility: o.scope ?? o.facility ?? 'AVC', systems: o.systems ?? ['ehr'], reason: o.reason ?? 'power failure' };
}

export const makeDowntimeStarted = (o: DowntimeOverrides = {}): CloudEventInput<DowntimePayload> =>
  envelope(EVENT_TYPES.downtimeStarted, 'operations', o, downtime(o), false);

export const makeDowntimeEnded = (o: DowntimeOverrides = {}): CloudEventInput<DowntimePayload> =>
  envelope(EVENT_TYPES.downtimeEnded, 'operations', o, downtime(o), false);

export const makeHeartbeat = (
  o: Omit<EnvelopeOverrides, 'patientKey'> & { system?: string } = {},
): CloudEventInput<HeartbeatPayload> =>
  envelope(EVENT_TYPES.sourceHeartbeat, o.system ?? 'orbis', o, { facility: o.facility ?? 'AVC', system: o.system ?? 'orbis' }, false);

/** One factory per §3 type, with its defaults: handy for table tests and generators. */
export const FIXTURE_FACTORIES: Readonly<Record<EventType, (o?: EnvelopeOverrides) => CloudEventInput>> = {
  [EVENT_TYPES.prescriptionOrdered]: makeMedicationOrdered,
  [EVENT_TYPES.prescriptionDiscontinued]: makeMedicationDiscontinued,
  [EVENT_TYPES.prescriptionAdministered]: makeMedicationAdministered,
  [EVENT_TYPES.labOrdered]: makeLabOrdered,
  [EVENT_TYPES.labCancelled]: makeLabCancelled,
  [EVENT_TYPES.labSpecimenCollected]: makeSpecimenCollected,
  [EVENT_TYPES.labResulted]: makeLabResulted,
  [EVENT_TYPES.labResultReceived]: makeResultReceived,
  [EVENT_TYPES.schedulingBooked]: makeAppointmentBooked,
  [EVENT_TYPES.schedulingRescheduled]: makeAppointmentRescheduled,
  [EVENT_TYPES.schedulingCancelled]: makeAppointmentCancelled,
  [EVENT_TYPES.schedulingSynced]: makeAppointmentSynced,
  [EVENT_TYPES.schedulingCheckedIn]: makeCheckedIn,
  [EVENT_TYPES.downtimeStarted]: makeDowntimeStarted,
  [EVENT_TYPES.downtimeEnded]: makeDowntimeEnded,
  [EVENT_TYPES.sourceHeartbeat]: makeHeartbeat,
};
