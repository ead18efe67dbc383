import { isActorOf, placerIdOf, type AppointmentPayload, type BusinessId, type Identifier } from '@continuity/contracts';

/*
 * Readers of the Appointment fields the scheduling rules use (payload types from
 * @continuity/contracts). Payloads were validated at the edge; these still tolerate absent fields.
 */

/** A coded service, e.g. SNOMED CT 394609007 "General surgery". */
export interface ServiceCode {
  system: string;
  code: string;
  display: string | null;
}

function toBusinessId(identifier: Partial<Identifier> | undefined): BusinessId | null {
  if (!identifier || typeof identifier.value !== 'string' || identifier.value === '') return null;
  return { system: identifier.system ?? '', value: identifier.value };
}

/** The appointment's identity: its PLAC-typed identifier if present, else its first (CONTRACT.md §3). */
export function appointmentIdOf(data: AppointmentPayload): BusinessId | null {
  return placerIdOf(data);
}

/** The first coded service type, or null. */
export function serviceCodeOf(data: AppointmentPayload): ServiceCode | null {
  for (const concept of data.serviceType ?? []) {
    const c = concept.coding?.find((x) => typeof x.code === 'string' && x.code !== '');
    if (c) return { system: c.system ?? '', code: c.code as string, display: c.display ?? concept.text ?? null };
  }
  return null;
}

/**
 * The practitioners taking part, as stable keys: `system|value` of the actor's identifier, else its
 * `reference`. An actor is a practitioner by its `type` or, untyped, a `Practitioner/…` reference.
 */
export function practitionerKeysOf(data: AppointmentPayload): string[] {
  const keys = new Set<string>();
  for (const p of data.participant ?? []) {
    const actor = p.actor;
    if (!actor) continue;
    if (!isActorOf(actor, 'Practitioner')) continue;
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
