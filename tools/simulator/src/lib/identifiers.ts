import type { BusinessId } from '@continuity/contracts';

/**
 * Identifiers of simulated things. Patient keys are pseudonymous 13-digit strings starting with 9
 * (a French NIR starts with 1, 2, 7 or 8, so none can be mistaken for a real one); there are no
 * names anywhere. Business identifiers embed the patient key and a counter, so they are unique by
 * construction, never by luck.
 */

/** System of the patient identifier inside payloads (`subject.identifier.system`). */
export const PATIENT_SYSTEM = 'urn:continuity:patient-key';
export const PRACTITIONER_SYSTEM = 'urn:continuity:practitioner';

const TEN_TO_12 = 10n ** 12n;
// Odd and not a multiple of 5, hence invertible modulo 10^12: distinct indexes, distinct keys.
const KEY_MULTIPLIER = 614_889_782_588_491n;

/** The pseudonymous key of patient number `index` of a run seeded with `seed`. */
export function patientKeyOf(seed: number, index: number): string {
  const offset = BigInt(seed >>> 0) * 1_000_003n;
  const v = (BigInt(index) * KEY_MULTIPLIER + offset) % TEN_TO_12;
  return `9${v.toString().padStart(12, '0')}`;
}

/** Business identifier systems, one namespace per facility and kind of thing. */
export const idSystems = {
  order: (facility: string): string => `urn:continuity:${facility.toLowerCase()}:order`,
  administration: (facility: string): string => `urn:continuity:${facility.toLowerCase()}:administration`,
  specimen: (facility: string): string => `urn:continuity:${facility.toLowerCase()}:specimen`,
  report: (facility: string): string => `urn:continuity:${facility.toLowerCase()}:report`,
  appointment: (facility: string): string => `urn:continuity:${facility.toLowerCase()}:appointment`,
} as const;

export type IdKind = keyof typeof idSystems;

const PREFIX: Record<IdKind, string> = { order: 'OR', administration: 'MA', specimen: 'SP', report: 'DR', appointment: 'AP' };

/** Hands out the business ids of one patient: `OR<key>-<n>`, `AP<key>-<n>`… */
export class IdFactory {
  private counter = 0;
  constructor(
    private readonly facility: string,
    private readonly patientKey: string,
  ) {}

  next(kind: IdKind): BusinessId {
    this.counter++;
    return { system: idSystems[kind](this.facility), value: `${PREFIX[kind]}${this.patientKey}-${this.counter}` };
  }
}

/** murmur3's finaliser: a well-mixed 32-bit word from any 32-bit input. */
function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const hex8 = (w: number): string => w.toString(16).padStart(8, '0');

/**
 * A UUID-shaped CloudEvent id, a pure function of (seed, stream, counter): random-looking bits, and
 * the stream number and event counter in the last group, so two events of a run never share an id
 * (48 bits: 2^28 streams × 2^20 events). Stateless, so an event can be materialised at any time.
 */
export function eventId(seed: number, stream: number, counter: number): string {
  const base = mix32(seed ^ mix32(stream + 0x9e3779b9) ^ mix32(counter + 0x7f4a7c15));
  const a = mix32(base + 1);
  const b = mix32(base + 2);
  const c = mix32(base + 3);
  const tail = (stream * 1_048_576 + counter).toString(16).padStart(12, '0');
  return `${hex8(a)}-${hex8(b).slice(0, 4)}-4${hex8(b).slice(4, 7)}-a${hex8(c).slice(0, 3)}-${tail}`;
}

/** `urn:continuity:system:<system>:<facility>`: one source per system and site. */
export const sourceOf = (system: string, facility: string): string => `urn:continuity:system:${system}:${facility}`;

/** Source of downtime declarations (operations staff or the API). */
export const OPERATIONS_SOURCE = 'urn:continuity:operations';
