import {
  codingOf,
  LOINC_SYSTEM,
  type BusinessId,
  type CodeableConcept,
  type Coding,
  type Identifier,
  type Reference,
} from '@continuity/contracts';

/*
 * Readers of the FHIR R4 fields the lab rules use (payload types from @continuity/contracts).
 * Payloads were validated at the edge; these still tolerate absent optional fields.
 */

/** An identifier with a value, as a business id. */
export function toBusinessId(identifier: Partial<Identifier> | undefined): BusinessId | null {
  if (!identifier || typeof identifier.value !== 'string' || identifier.value === '') return null;
  return { system: identifier.system ?? '', value: identifier.value };
}

/** Every identifier of a resource that has a value. */
export function identifiersOf(identifiers: readonly Identifier[] | undefined): BusinessId[] {
  return (identifiers ?? []).map(toBusinessId).filter((id): id is BusinessId => id !== null);
}

/** The business ids a list of references names (references without an identifier are skipped). */
export function referencedIds(refs: readonly Reference[] | undefined): BusinessId[] {
  return (refs ?? []).map((r) => toBusinessId(r.identifier)).filter((id): id is BusinessId => id !== null);
}

/** The LOINC coding of a concept, or null. */
export function loincOf(concept: CodeableConcept | undefined): Coding | null {
  const c = codingOf(concept, LOINC_SYSTEM);
  return c && typeof c.code === 'string' ? c : null;
}

/** Epoch ms of an ISO date-time, or the fallback when absent or unreadable. */
export function instantOr(iso: string | undefined, fallback: number): number {
  if (typeof iso !== 'string') return fallback;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? fallback : ms;
}
