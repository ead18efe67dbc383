import type { ContractError } from './error-codes';
import type { EventTypeSpec } from './event-types';
import {
  ATC_SYSTEM,
  LOINC_SYSTEM,
  PLACER_IDENTIFIER_CODE,
  type AppointmentPayload,
  type CodeableConcept,
  type Identifier,
  type MedicationAdministrationPayload,
  type MedicationRequestPayload,
  type Period,
  type Reference,
  type ServiceRequestPayload,
} from './fhir/payloads';
import { parseRfc3339 } from './timestamps';

/** ATC code of any level: A, A10, A10A, A10AB, A10AB01. */
const ATC_CODE = /^[A-Z](\d\d([A-Z]([A-Z](\d\d)?)?)?)?$/;
/** LOINC code: digits, a dash, the check digit. */
const LOINC_CODE = /^\d{1,7}-\d$/;
/** Category codes meaning "laboratory": observation-category `laboratory`, SNOMED 108252007. */
const LAB_CATEGORY_CODES: ReadonlySet<string> = new Set(['laboratory', '108252007']);

/**
 * What the contract demands beyond the FHIR subset, once the DTO accepted the shape:
 * the statuses legal for the type, fields the type needs, placer identifiers and codings.
 * `data` has passed its DTO, so the fields read here have their declared types.
 */
export function checkPayloadRules(spec: EventTypeSpec, data: Record<string, unknown>): ContractError | null {
  if (spec.statuses !== null && !spec.statuses.includes(data.status as string)) {
    return mismatch('data.status', `"${String(data.status)}" is not legal for ${spec.type} (expected ${spec.statuses.join('|')})`);
  }
  for (const field of spec.requires) {
    if (data[field] === undefined || data[field] === null) {
      return missing(`data.${field}`, `required for ${spec.type}`);
    }
  }
  switch (spec.payload) {
    case 'MedicationRequest':
      return checkMedicationRequest(spec, data as unknown as MedicationRequestPayload);
    case 'MedicationAdministration':
      return checkAdministration(data as unknown as MedicationAdministrationPayload);
    case 'ServiceRequest':
      return checkServiceRequest(spec, data as unknown as ServiceRequestPayload);
    case 'Appointment':
      return checkAppointment(spec, data as unknown as AppointmentPayload);
    case 'Specimen':
    case 'DiagnosticReport':
    case 'Communication':
    case 'Downtime':
    case 'Heartbeat':
      return null;
    default: {
      const exhaustive: never = spec.payload;
      return exhaustive;
    }
  }
}

function checkMedicationRequest(spec: EventTypeSpec, mr: MedicationRequestPayload): ContractError | null {
  if (spec.type === 'continuity.prescription.ordered' && mr.intent !== 'order') {
    return mismatch('data.intent', `"${mr.intent}" is not legal for ${spec.type} (expected order)`);
  }
  return (
    requirePlacer(mr.identifier) ??
    requireCoding(mr.medicationCodeableConcept, 'data.medicationCodeableConcept', ATC_SYSTEM, ATC_CODE, 'an ATC') ??
    checkPeriod(mr.dispenseRequest?.validityPeriod, 'data.dispenseRequest.validityPeriod')
  );
}

function checkAdministration(ma: MedicationAdministrationPayload): ContractError | null {
  const concept = ma.medicationCodeableConcept;
  if (concept && codingOf(concept, ATC_SYSTEM)) {
    return requireCoding(concept, 'data.medicationCodeableConcept', ATC_SYSTEM, ATC_CODE, 'an ATC');
  }
  return null;
}

function checkServiceRequest(spec: EventTypeSpec, sr: ServiceRequestPayload): ContractError | null {
  const placer = requirePlacer(sr.identifier);
  if (placer) return placer;
  if (sr.category && !sr.category.some((c) => c.coding?.some((k) => k.code !== undefined && LAB_CATEGORY_CODES.has(k.code)))) {
    return mismatch('data.category', 'no laboratory category (observation-category "laboratory" or SNOMED 108252007)');
  }
  if (sr.code) return requireCoding(sr.code, 'data.code', LOINC_SYSTEM, LOINC_CODE, 'a LOINC');
  return spec.requires.includes('code') ? missing('data.code', `required for ${spec.type}`) : null;
}

function checkAppointment(spec: EventTypeSpec, ap: AppointmentPayload): ContractError | null {
  const actors = ap.participant.map((p) => p.actor);
  const patientAt = actors.findIndex((a) => isActorOf(a, 'Patient'));
  if (patientAt < 0) return missing('data.participant', 'no participant whose actor is a Patient');
  if (!actors[patientAt]?.identifier) {
    return missing(`data.participant[${patientAt}].actor.identifier`, 'the Patient actor needs an identifier');
  }
  if (spec.type === 'continuity.scheduling.booked' || spec.type === 'continuity.scheduling.rescheduled') {
    const doctorAt = actors.findIndex((a) => isActorOf(a, 'Practitioner'));
    if (doctorAt < 0) return missing('data.participant', `no participant whose actor is a Practitioner (required for ${spec.type})`);
    if (!actors[doctorAt]?.identifier) {
      return missing(`data.participant[${doctorAt}].actor.identifier`, 'the Practitioner actor needs an identifier');
    }
  }
  return checkPeriod(ap, 'data');
}

/** True when a reference names a resource of `type`, by `type` or by a relative `reference`. */
export function isActorOf(ref: Reference | undefined, type: string): boolean {
  if (!ref) return false;
  return ref.type === type || (ref.type === undefined && ref.reference?.startsWith(`${type}/`) === true);
}

function requirePlacer(identifiers: readonly Identifier[]): ContractError | null {
  if (identifiers.some(isPlacerIdentifier)) return null;
  return missing('data.identifier', `no identifier with type.coding code ${PLACER_IDENTIFIER_CODE}`);
}

/** True for an identifier typed `PLAC` (the placer, i.e. order, identifier). */
export const isPlacerIdentifier = (id: Identifier): boolean =>
  id.type?.coding?.some((c) => c.code === PLACER_IDENTIFIER_CODE) === true;

function requireCoding(concept: CodeableConcept, path: string, system: string, format: RegExp, what: string): ContractError | null {
  const coding = codingOf(concept, system);
  if (!coding) return missing(`${path}.coding`, `no coding with system ${system}`);
  if (coding.code === undefined) return missing(`${path}.coding.code`, `${what} coding needs a code`);
  if (!format.test(coding.code)) return mismatch(`${path}.coding.code`, `"${coding.code.slice(0, 20)}" is not ${what} code`);
  return null;
}

/** The first coding of `concept` in `system`. */
export const codingOf = (concept: CodeableConcept | undefined, system: string) =>
  concept?.coding?.find((c) => c.system === system);

function checkPeriod(period: Period | undefined, path: string): ContractError | null {
  if (!period || period.start === undefined || period.end === undefined) return null;
  const start = parseRfc3339(period.start) as number;
  const end = parseRfc3339(period.end) as number;
  return end < start ? mismatch(`${path}.end`, `is before ${path}.start`) : null;
}

function missing(field: string, why: string): ContractError {
  return { code: 'CONTRACT.MISSING_FIELD', field, detail: `${field}: ${why}` };
}

function mismatch(field: string, why: string): ContractError {
  return { code: 'CONTRACT.PAYLOAD_MISMATCH', field, detail: `${field}: ${why}` };
}
