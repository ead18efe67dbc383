import type { Identifier } from './fhir/payloads';
import type { BusinessId, ParsedEvent } from './parsed-event';
import { isActorOf, isPlacerIdentifier } from './payload-rules';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** `system|value`: a business identifier as one string (map keys, task id hashing). */
export const businessIdKey = (id: BusinessId): string => `${id.system}|${id.value}`;

/** Orders business ids by system, then value (code-unit order, the same on every machine). */
export function compareBusinessIds(a: BusinessId, b: BusinessId): number {
  if (a.system !== b.system) return a.system < b.system ? -1 : 1;
  if (a.value !== b.value) return a.value < b.value ? -1 : 1;
  return 0;
}

function asBusinessId(id: unknown): BusinessId | null {
  if (!isObject(id) || typeof id.system !== 'string' || typeof id.value !== 'string') return null;
  return { system: id.system, value: id.value };
}

function identifiersOf(resource: unknown): Identifier[] {
  if (!isObject(resource) || !Array.isArray(resource.identifier)) return [];
  return (resource.identifier as unknown[]).filter(
    (id): id is Identifier => asBusinessId(id) !== null,
  );
}

/** Every identifier of `resource` typed `PLAC`. */
export function placerIdsOf(resource: unknown): BusinessId[] {
  return identifiersOf(resource)
    .filter(isPlacerIdentifier)
    .map((id) => ({ system: id.system, value: id.value }));
}

/**
 * The identifier an order is known by: its first `PLAC` identifier. An Appointment (whose
 * booking system may not type its identifiers) falls back to its first identifier.
 */
export function placerIdOf(resource: unknown): BusinessId | null {
  const placers = placerIdsOf(resource);
  if (placers.length > 0) return placers[0];
  if (isObject(resource) && resource.resourceType === 'Appointment') {
    const first = identifiersOf(resource)[0];
    return first ? { system: first.system, value: first.value } : null;
  }
  return null;
}

/** Identifiers that `resource` references through basedOn, request and about. */
export function referencedIdsOf(resource: unknown): BusinessId[] {
  if (!isObject(resource)) return [];
  const out: BusinessId[] = [];
  for (const field of ['basedOn', 'request', 'about']) {
    const refs = resource[field];
    for (const ref of Array.isArray(refs) ? refs : [refs]) {
      const id = isObject(ref) ? asBusinessId(ref.identifier) : null;
      if (id) out.push(id);
    }
  }
  return out;
}

/** Own identifiers of a resource that other events reference. */
function ownIdsOf(resource: unknown): BusinessId[] {
  if (!isObject(resource)) return [];
  // A DiagnosticReport is referenced by its (filler) identifier from Communication.about; an
  // Appointment by whichever identifier its booking system gave it.
  if (resource.resourceType === 'DiagnosticReport' || resource.resourceType === 'Appointment') {
    const placers = placerIdsOf(resource);
    if (placers.length > 0) return placers;
    return identifiersOf(resource).map((id) => ({ system: id.system, value: id.value }));
  }
  return placerIdsOf(resource);
}

/**
 * The order identifiers an event names: its own PLAC identifier(s) (every identifier of a
 * DiagnosticReport or an Appointment without a PLAC one) and those it references through
 * basedOn, request and about. Deduplicated, sorted by system then value. Empty for unknown
 * types and downtime events.
 */
export function businessIdsOf(event: ParsedEvent): BusinessId[] {
  if (!event.known || event.domain === 'downtime') return [];
  const all = [...ownIdsOf(event.data), ...referencedIdsOf(event.data)].sort(compareBusinessIds);
  return all.filter((id, i) => i === 0 || compareBusinessIds(all[i - 1], id) !== 0);
}

/**
 * The patient identifiers a payload names: `subject`, `for`, `patient`, and the Patient
 * actors of an Appointment's participants. Used to check the envelope's patient key.
 */
export function patientIdsOf(resource: unknown): { path: string; id: BusinessId }[] {
  if (!isObject(resource)) return [];
  const out: { path: string; id: BusinessId }[] = [];
  for (const field of ['subject', 'for', 'patient']) {
    const ref = resource[field];
    const id = isObject(ref) ? asBusinessId(ref.identifier) : null;
    if (id) out.push({ path: `data.${field}.identifier.value`, id });
  }
  if (Array.isArray(resource.participant)) {
    resource.participant.forEach((p: unknown, i: number) => {
      const actor = isObject(p) && isObject(p.actor) ? p.actor : undefined;
      const id = actor && isActorOf(actor, 'Patient') ? asBusinessId(actor.identifier) : null;
      if (id) out.push({ path: `data.participant[${i}].actor.identifier.value`, id });
    });
  }
  return out;
}
