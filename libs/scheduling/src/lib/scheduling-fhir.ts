import type { BusinessId } from '@continuity/contracts';

/*
 * Narrow view of the FHIR R4 Appointment fields the scheduling rules read (CONTRACT.md §3).
 * Payloads were validated at the edge; these readers still tolerate absent optional fields.
 */

export interface FhirCoding {
  system?: string;
  code?: string;
  display?: string;
}

export interface FhirCodeableConcept {
  coding?: FhirCoding[];
  text?: string;
}

export interface FhirIdentifier {
  system?: string;
  value?: string;
  type?: FhirCodeableConcept;
}

export interface FhirReference {
  reference?: string;
  type?: string;
  identifier?: FhirIdentifier;
}

export interface AppointmentParticipantData {
  actor?: FhirReference;
}

/** Every `continuity.scheduling.*` event carries an Appointment. */
export interface AppointmentData {
  resourceType?: 'Appointment';
  identifier?: FhirIdentifier[];
  status?: string;
  serviceType?: FhirCodeableConcept[];
  start?: string;
  end?: string;
  participant?: AppointmentParticipantData[];
}

/** A coded service, e.g. SNOMED CT 394609007 "General surgery". */
export interface ServiceCode {
  system: string;
  code: string;
  display: string | null;
}

function toBusinessId(identifier: FhirIdentifier | undefined): BusinessId | null {
  if (!identifier || typeof identifier.value !== 'string' || identifier.value === '') return null;
  return { system: identifier.system ?? '', value: identifier.value };
}

/** The appointment's identity: its PLAC-typed identifier if present, else its first with a value. */
export function appointmentIdOf(data: AppointmentData): BusinessId | null {
  const list = data.identifier ?? [];
  const placer = list.find((i) => i.type?.coding?.some((c) => c.code === 'PLAC'));
  return toBusinessId(placer) ?? list.map(toBusinessId).find((id): id is BusinessId => id !== null) ?? null;
}

/** The first coded service type, or null. */
export function serviceCodeOf(data: AppointmentData): ServiceCode | null {
  for (const concept of data.serviceType ?? []) {
    const c = concept.coding?.find((x) => typeof x.code === 'string' && x.code !== '');
    if (c) return { system: c.system ?? '', code: c.code as string, display: c.display ?? concept.text ?? null };
  }
  return null;
}

/**
 * The practitioners taking part, as stable keys: `system|value` of the actor's identifier, else its
 * `reference`. An actor is a practitioner by its `type` or a `Practitioner/…` reference.
 */
export function practitionerKeysOf(data: AppointmentData): string[] {
  const keys = new Set<string>();
  for (const p of data.participant ?? []) {
    const actor = p.actor;
    if (!actor) continue;
    const isPractitioner = actor.type === 'Practitioner' || (actor.reference ?? '').startsWith('Practitioner/');
    if (!isPractitioner) continue;
    const id = toBusinessId(actor.identifier);
    const key = id ? `${id.system}|${id.value}` : (actor.reference ?? null);
    if (key) keys.add(key);
  }
  return [...keys].sort();
}

/** Epoch ms of an ISO date-time, or null when absent or unreadable. */
export function instantOf(iso: string | undefined): number | null {
  if (typeof iso !== 'string') return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}
