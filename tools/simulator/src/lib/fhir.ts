import {
  ATC_SYSTEM,
  IDENTIFIER_TYPE_SYSTEM,
  INTERPRETATION_SYSTEM,
  LOINC_SYSTEM,
  PLACER_IDENTIFIER_CODE,
  type AppointmentPayload,
  type AppointmentStatus,
  type BusinessId,
  type CommunicationPayload,
  type DiagnosticReportPayload,
  type Identifier,
  type IdentifierReference,
  type MedicationAdministrationPayload,
  type MedicationRequestPayload,
  type MedicationRequestStatus,
  type RequestPriority,
  type ServiceRequestPayload,
  type ServiceRequestStatus,
  type SpecimenPayload,
} from '@continuity/contracts';
import { SNOMED_SYSTEM, type LabTest, type Service, type Substance } from './catalog';
import { PATIENT_SYSTEM, PRACTITIONER_SYSTEM } from './identifiers';
import { iso } from './time';

/** FHIR R4 payload builders for CONTRACT.md §3, with the identifiers events join on. */

const PLAC_TYPE = { coding: [{ system: IDENTIFIER_TYPE_SYSTEM, code: PLACER_IDENTIFIER_CODE }] };

const placer = (id: BusinessId): Identifier => ({ type: PLAC_TYPE, system: id.system, value: id.value });
const plain = (id: BusinessId): Identifier => ({ system: id.system, value: id.value });
const byId = (id: BusinessId, type?: string): IdentifierReference =>
  type === undefined ? { identifier: plain(id) } : { type, identifier: plain(id) };

/** The patient as every payload names it: by its pseudonymous key, never by name. */
export const patientRef = (patientKey: string): IdentifierReference => ({
  reference: `Patient/${patientKey}`,
  identifier: { system: PATIENT_SYSTEM, value: patientKey },
});

const atcConcept = (s: Substance) => ({ coding: [{ system: ATC_SYSTEM, code: s.atc, display: s.name }], text: s.name });
const loincConcept = (t: LabTest) => ({ coding: [{ system: LOINC_SYSTEM, code: t.loinc, display: t.name }], text: t.name });
const LAB_CATEGORY = [{ coding: [{ system: SNOMED_SYSTEM, code: '108252007', display: 'Laboratory procedure' }] }];

/** Dosing: every `everyHours` hours, or "when needed" (no timing, so no dose is ever due). */
export type Dosing = { everyHours: number } | { asNeeded: true };

export function medicationRequest(o: {
  id: BusinessId;
  status: MedicationRequestStatus;
  patientKey: string;
  substance: Substance;
  authoredOn?: number;
  dosing: Dosing;
}): MedicationRequestPayload {
  const dosage =
    'everyHours' in o.dosing
      ? { text: `every ${o.dosing.everyHours} hours`, timing: { repeat: { frequency: 1, period: o.dosing.everyHours, periodUnit: 'h' as const } } }
      : { text: 'when needed' };
  const mr: MedicationRequestPayload = {
    resourceType: 'MedicationRequest',
    identifier: [placer(o.id)],
    status: o.status,
    intent: 'order',
    subject: patientRef(o.patientKey),
    medicationCodeableConcept: atcConcept(o.substance),
    dosageInstruction: [dosage],
  };
  if (o.authoredOn !== undefined) mr.authoredOn = iso(o.authoredOn);
  return mr;
}

export function medicationAdministration(o: {
  id: BusinessId;
  status: 'completed' | 'not-done';
  patientKey: string;
  substance: Substance;
  order: BusinessId;
  effective: number;
}): MedicationAdministrationPayload {
  const ma: MedicationAdministrationPayload = {
    resourceType: 'MedicationAdministration',
    identifier: [plain(o.id)],
    status: o.status,
    medicationCodeableConcept: atcConcept(o.substance),
    subject: patientRef(o.patientKey),
    request: byId(o.order, 'MedicationRequest'),
    effectiveDateTime: iso(o.effective),
  };
  if (o.status === 'not-done') ma.statusReason = [{ text: 'patient refused' }];
  return ma;
}

export function serviceRequest(o: {
  id: BusinessId;
  status: ServiceRequestStatus;
  patientKey: string;
  test: LabTest;
  priority: RequestPriority;
  authoredOn: number;
}): ServiceRequestPayload {
  return {
    resourceType: 'ServiceRequest',
    identifier: [placer(o.id)],
    status: o.status,
    intent: 'order',
    category: LAB_CATEGORY,
    code: loincConcept(o.test),
    priority: o.priority,
    subject: patientRef(o.patientKey),
    authoredOn: iso(o.authoredOn),
  };
}

export function specimen(o: { id: BusinessId; patientKey: string; order: BusinessId; collected: number }): SpecimenPayload {
  return {
    resourceType: 'Specimen',
    identifier: [plain(o.id)],
    status: 'available',
    subject: patientRef(o.patientKey),
    request: [byId(o.order, 'ServiceRequest')],
    collection: { collectedDateTime: iso(o.collected) },
  };
}

export function diagnosticReport(o: {
  id: BusinessId;
  patientKey: string;
  order: BusinessId;
  test: LabTest;
  effective: number;
  issued: number;
  critical: boolean;
}): DiagnosticReportPayload {
  const interpretation = o.critical ? 'HH' : 'N';
  return {
    resourceType: 'DiagnosticReport',
    identifier: [plain(o.id)],
    basedOn: [byId(o.order, 'ServiceRequest')],
    status: 'final',
    code: loincConcept(o.test),
    subject: patientRef(o.patientKey),
    effectiveDateTime: iso(o.effective),
    issued: iso(o.issued),
    contained: [
      {
        resourceType: 'Observation',
        id: 'obs1',
        status: 'final',
        code: loincConcept(o.test),
        valueString: o.critical ? 'critical' : 'within reference range',
        interpretation: [{ coding: [{ system: INTERPRETATION_SYSTEM, code: interpretation }] }],
      },
    ],
    result: [{ reference: '#obs1' }],
  };
}

export function communication(o: { patientKey: string; report: BusinessId; received: number }): CommunicationPayload {
  return {
    resourceType: 'Communication',
    status: 'completed',
    subject: patientRef(o.patientKey),
    about: [byId(o.report, 'DiagnosticReport')],
    received: iso(o.received),
  };
}

export function appointment(o: {
  id: BusinessId;
  status: AppointmentStatus;
  patientKey: string;
  practitioner: string;
  service: Service;
  start: number;
  end: number;
}): AppointmentPayload {
  return {
    resourceType: 'Appointment',
    identifier: [placer(o.id)],
    status: o.status,
    serviceType: [{ coding: [{ system: SNOMED_SYSTEM, code: o.service.code, display: o.service.display }] }],
    start: iso(o.start),
    end: iso(o.end),
    participant: [
      { actor: { ...patientRef(o.patientKey), type: 'Patient' }, status: 'accepted' },
      {
        actor: { reference: `Practitioner/${o.practitioner}`, type: 'Practitioner', identifier: { system: PRACTITIONER_SYSTEM, value: o.practitioner } },
        status: 'accepted',
      },
    ],
  };
}
