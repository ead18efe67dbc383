import type { BusinessId } from '@continuity/contracts';

/*
 * Narrow views of the FHIR R4 fields the lab rules read (CONTRACT.md §3). Payloads were validated
 * at the edge; these readers still tolerate absent optional fields rather than trusting shapes.
 */

/** A FHIR Coding, only the fields read here. */
export interface FhirCoding {
  system?: string;
  code?: string;
  display?: string;
}

/** A FHIR CodeableConcept. */
export interface FhirCodeableConcept {
  coding?: FhirCoding[];
  text?: string;
}

/** A FHIR Identifier. */
export interface FhirIdentifier {
  system?: string;
  value?: string;
  type?: FhirCodeableConcept;
}

/** A FHIR Reference by business identifier. */
export interface FhirReference {
  reference?: string;
  identifier?: FhirIdentifier;
}

/** `continuity.lab.ordered` / `continuity.lab.cancelled`. */
export interface ServiceRequestData {
  resourceType?: 'ServiceRequest';
  identifier?: FhirIdentifier[];
  status?: string;
  priority?: string;
  code?: FhirCodeableConcept;
  authoredOn?: string;
}

/** `continuity.lab.specimen-collected`. */
export interface SpecimenData {
  resourceType?: 'Specimen';
  identifier?: FhirIdentifier[];
  request?: FhirReference[];
  collection?: { collectedDateTime?: string };
}

/** A contained resource of a report; only Observations' interpretations matter. */
export interface ContainedResource {
  resourceType?: string;
  interpretation?: FhirCodeableConcept[];
}

/** `continuity.lab.resulted`. */
export interface DiagnosticReportData {
  resourceType?: 'DiagnosticReport';
  identifier?: FhirIdentifier[];
  basedOn?: FhirReference[];
  status?: string;
  issued?: string;
  contained?: ContainedResource[];
}

/** `continuity.lab.result-received`. */
export interface CommunicationData {
  resourceType?: 'Communication';
  status?: string;
  about?: FhirReference[];
  received?: string;
}

/** LOINC's coding system URI. */
export const LOINC_SYSTEM = 'http://loinc.org';

/** An identifier with a value, as a business id (an absent system becomes ''). */
export function toBusinessId(identifier: FhirIdentifier | undefined): BusinessId | null {
  if (!identifier || typeof identifier.value !== 'string' || identifier.value === '') return null;
  return { system: identifier.system ?? '', value: identifier.value };
}

/** The placer identifier (type PLAC) of a resource, else its first identifier with a value. */
export function placerIdOf(identifiers: readonly FhirIdentifier[] | undefined): BusinessId | null {
  const list = identifiers ?? [];
  const placer = list.find((i) => i.type?.coding?.some((c) => c.code === 'PLAC'));
  return toBusinessId(placer) ?? list.map(toBusinessId).find((id): id is BusinessId => id !== null) ?? null;
}

/** Every identifier of a resource that has a value. */
export function identifiersOf(identifiers: readonly FhirIdentifier[] | undefined): BusinessId[] {
  return (identifiers ?? []).map(toBusinessId).filter((id): id is BusinessId => id !== null);
}

/** The business ids a list of references names (references without an identifier are skipped). */
export function referencedIds(refs: readonly FhirReference[] | undefined): BusinessId[] {
  return (refs ?? []).map((r) => toBusinessId(r.identifier)).filter((id): id is BusinessId => id !== null);
}

/** The LOINC coding of a concept, or null. */
export function loincOf(concept: FhirCodeableConcept | undefined): FhirCoding | null {
  return concept?.coding?.find((c) => c.system === LOINC_SYSTEM && typeof c.code === 'string') ?? null;
}

/** Epoch ms of an ISO date-time, or the fallback when absent or unreadable. */
export function instantOr(iso: string | undefined, fallback: number): number {
  if (typeof iso !== 'string') return fallback;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? fallback : ms;
}
