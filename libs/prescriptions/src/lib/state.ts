import {
  ATC_SYSTEM,
  codingOf,
  EVENT_TYPES,
  isEventOfType,
  parseRfc3339,
  placerIdOf,
  type BusinessId,
  type CodeableConcept,
  type EntryMode,
  type MedicationAdministrationStatus,
  type ParsedEvent,
  type TimingRepeat,
} from '@continuity/contracts';
import { businessKey, eventBusinessId, eventRef } from '@continuity/rules';

/** Where and how an event was entered: what scope needs. */
export interface Provenance {
  /** `source#id` of the event. */
  ref: string;
  facility: string;
  /** Clinical time of the event. */
  timeMs: number;
  recordedTimeMs: number;
  entryMode: EntryMode;
}

/** The drug named by a resource. */
export interface Drug {
  /** ATC code as sent (any level), or null. */
  atc: string | null;
  /** Name for descriptions: the coding's display or the concept's text, else null. */
  name: string | null;
}

/** One `prescription.ordered` event of an order. */
export interface OrderVersion extends Provenance {
  drug: Drug;
  authoredOnMs: number | null;
  validityStartMs: number | null;
  validityEndMs: number | null;
  /** `dosageInstruction[0].timing` is present: the order has a dosing schedule. */
  timed: boolean;
  repeat: TimingRepeat | null;
}

/** One `prescription.discontinued` event. */
export interface Discontinuation extends Provenance {
  status: string;
}

/** An order as its events tell it, keyed by placer identifier. Either side may arrive first. */
export interface OrderState {
  id: BusinessId;
  placed: Readonly<Record<string, OrderVersion>>;
  ended: Readonly<Record<string, Discontinuation>>;
}

/** One `prescription.administered` event. */
export interface AdministrationVersion extends Provenance {
  status: MedicationAdministrationStatus;
  effectiveMs: number;
  drug: Drug;
  /** The order it references (`request.identifier`), or null. */
  order: BusinessId | null;
}

/** An administration, keyed by its own identifier (or its event when it has none). */
export interface AdministrationState {
  id: BusinessId;
  versions: Readonly<Record<string, AdministrationVersion>>;
}

/** One patient's prescriptions: orders and administrations, each keyed by `system|value`. */
export interface RxPatientState {
  /** The patient key of the events (the value after `Patient/`), null before the first one. */
  patientKey: string | null;
  orders: Readonly<Record<string, OrderState>>;
  administrations: Readonly<Record<string, AdministrationState>>;
}

/** The state before any event. */
export function initialRxState(): RxPatientState {
  return { patientKey: null, orders: {}, administrations: {} };
}

function provenance(e: ParsedEvent): Provenance {
  return { ref: eventRef(e), facility: e.facility, timeMs: e.timeMs, recordedTimeMs: e.recordedTimeMs, entryMode: e.entryMode };
}

function drugOf(concept: CodeableConcept | undefined): Drug {
  const coding = codingOf(concept, ATC_SYSTEM);
  return { atc: coding?.code ?? null, name: coding?.display ?? concept?.text ?? null };
}

function orderEntry(state: RxPatientState, id: BusinessId): OrderState {
  return state.orders[businessKey(id)] ?? { id, placed: {}, ended: {} };
}

function withOrder(state: RxPatientState, order: OrderState): RxPatientState {
  return { ...state, orders: { ...state.orders, [businessKey(order.id)]: order } };
}

/**
 * Folds one event into a patient's state. Ignores unknown types and other domains. Every version
 * is kept under its event ref, so the state does not depend on arrival order: the rules pick
 * among versions deterministically (see `latest`).
 */
export function evolveRx(state: RxPatientState, event: ParsedEvent): RxPatientState {
  if (!event.known || event.domain !== 'prescriptions') return state;
  if (state.patientKey === null && event.patientKey !== null) state = { ...state, patientKey: event.patientKey };
  if (isEventOfType(event, EVENT_TYPES.prescriptionOrdered)) {
    const d = event.data;
    const id = placerIdOf(d) ?? eventBusinessId(event);
    const timing = d.dosageInstruction?.[0]?.timing;
    const version: OrderVersion = {
      ...provenance(event),
      drug: drugOf(d.medicationCodeableConcept),
      authoredOnMs: parseRfc3339(d.authoredOn),
      validityStartMs: parseRfc3339(d.dispenseRequest?.validityPeriod?.start),
      validityEndMs: parseRfc3339(d.dispenseRequest?.validityPeriod?.end),
      timed: timing !== undefined && (timing.repeat !== undefined || timing.code !== undefined),
      repeat: timing?.repeat ?? null,
    };
    const order = orderEntry(state, id);
    return withOrder(state, { ...order, placed: { ...order.placed, [version.ref]: version } });
  }
  if (isEventOfType(event, EVENT_TYPES.prescriptionDiscontinued)) {
    const id = placerIdOf(event.data) ?? eventBusinessId(event);
    const stop: Discontinuation = { ...provenance(event), status: event.data.status };
    const order = orderEntry(state, id);
    return withOrder(state, { ...order, ended: { ...order.ended, [stop.ref]: stop } });
  }
  if (isEventOfType(event, EVENT_TYPES.prescriptionAdministered)) {
    const d = event.data;
    const own = d.identifier?.[0];
    const id: BusinessId = own ? { system: own.system, value: own.value } : eventBusinessId(event);
    const requested = d.request?.identifier;
    const version: AdministrationVersion = {
      ...provenance(event),
      status: d.status,
      effectiveMs: parseRfc3339(d.effectiveDateTime) ?? event.timeMs,
      drug: drugOf(d.medicationCodeableConcept),
      order: requested ? { system: requested.system, value: requested.value } : null,
    };
    const key = businessKey(id);
    const current = state.administrations[key] ?? { id, versions: {} };
    return {
      ...state,
      administrations: { ...state.administrations, [key]: { ...current, versions: { ...current.versions, [version.ref]: version } } },
    };
  }
  return state;
}

/**
 * The version that stands for an item: the one recorded last (ties broken by event ref), so a
 * correction entered later wins whatever the arrival order.
 */
export function latest<T extends Provenance>(versions: Readonly<Record<string, T>>): T | null {
  let best: T | null = null;
  for (const v of Object.values(versions)) {
    if (best === null || v.recordedTimeMs > best.recordedTimeMs || (v.recordedTimeMs === best.recordedTimeMs && v.ref > best.ref)) best = v;
  }
  return best;
}
