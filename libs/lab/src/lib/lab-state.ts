import {
  type BusinessId,
  type CommunicationPayload,
  type DiagnosticReportPayload,
  type ParsedEvent,
  placerIdOf,
  type ServiceRequestPayload,
  type SpecimenPayload,
} from '@continuity/contracts';
import { businessKey, eventBusinessId, eventRef, type Instant, type ScopeItem } from '@continuity/rules';
import type { LabConfig } from './lab-config';
import { identifiersOf, instantOr, loincOf, referencedIds } from './lab-fhir';

/** Lab event types of CONTRACT.md §3. */
export const LAB_EVENT_TYPES = {
  ordered: 'continuity.lab.ordered',
  cancelled: 'continuity.lab.cancelled',
  specimenCollected: 'continuity.lab.specimen-collected',
  resulted: 'continuity.lab.resulted',
  resultReceived: 'continuity.lab.result-received',
} as const;

/** Where an event sits for scope, and how to cite it. */
export interface EventFacts {
  /** `source#id`, cited as evidence. */
  ref: string;
  scope: ScopeItem;
}

/** What the ordering event says about a lab order. */
export interface OrderedFacts extends EventFacts {
  authoredOn: Instant;
  loinc: string | null;
  display: string | null;
  /** FHIR ServiceRequest.priority: routine | urgent | asap | stat. */
  priority: string;
}

/** One lab order, known by its placer identifier. Either part may arrive first, or never. */
export interface LabOrder {
  id: BusinessId;
  ordered: OrderedFacts | null;
  cancelled: EventFacts | null;
}

/** A collected specimen and the orders it names. */
export interface LabSpecimen extends EventFacts {
  orderKeys: readonly string[];
  orderIds: readonly BusinessId[];
}

/** One released version of a report (a `resulted` event). */
export interface ReportVersion extends EventFacts {
  status: string;
  issued: Instant;
  critical: boolean;
  orderIds: readonly BusinessId[];
}

/** A diagnostic report, known by its first identifier; each `resulted` event is a version. */
export interface LabReport {
  id: BusinessId;
  /** Every identifier of every version (`system|value`): a receipt may name any of them. */
  identifierKeys: readonly string[];
  versions: Readonly<Record<string, ReportVersion>>;
}

/**
 * One patient's lab state. Every part is a set keyed by business id or event ref and each merge
 * keeps a deterministic winner, so folding the same events in any order, or twice, gives one state.
 */
export interface LabPatientState {
  patientKey: string | null;
  orders: Readonly<Record<string, LabOrder>>;
  specimens: Readonly<Record<string, LabSpecimen>>;
  reports: Readonly<Record<string, LabReport>>;
  /** Report identifier keys (`system|value`) named by receipts → the receipt refs. */
  receipts: Readonly<Record<string, readonly string[]>>;
}

/** The empty state of a patient. */
export function initialLabState(): LabPatientState {
  return { patientKey: null, orders: {}, specimens: {}, reports: {}, receipts: {} };
}

function scopeOf(event: ParsedEvent): ScopeItem {
  return { facility: event.facility, time: event.timeMs, recordedTime: event.recordedTimeMs, entryMode: event.entryMode };
}

function factsOf(event: ParsedEvent): EventFacts {
  return { ref: eventRef(event), scope: scopeOf(event) };
}

/** The earlier of two facts by (clinical time, ref): the winner does not depend on arrival order. */
function earlier<T extends EventFacts>(a: T | null, b: T): T {
  if (a === null) return b;
  if (a.scope.time !== b.scope.time) return a.scope.time < b.scope.time ? a : b;
  return a.ref <= b.ref ? a : b;
}

function withOrder(state: LabPatientState, id: BusinessId, update: (o: LabOrder) => LabOrder): LabPatientState {
  const key = businessKey(id);
  const current = state.orders[key] ?? { id, ordered: null, cancelled: null };
  return { ...state, orders: { ...state.orders, [key]: update(current) } };
}

function isCritical(data: DiagnosticReportPayload, config: LabConfig): boolean {
  return (data.contained ?? []).some(
    (r) =>
      r.resourceType === 'Observation' &&
      (r.interpretation ?? []).some((i) => (i.coding ?? []).some((c) => typeof c.code === 'string' && config.criticalInterpretations.includes(c.code))),
  );
}

function sortedUnique(keys: readonly string[]): string[] {
  return [...new Set(keys)].sort();
}

function evolveOrdered(state: LabPatientState, event: ParsedEvent): LabPatientState {
  const data = event.data as ServiceRequestPayload;
  const id = placerIdOf(data) ?? eventBusinessId(event);
  const loinc = loincOf(data.code);
  const facts: OrderedFacts = {
    ...factsOf(event),
    authoredOn: instantOr(data.authoredOn, event.timeMs),
    loinc: loinc?.code ?? null,
    display: loinc?.display ?? data.code?.text ?? null,
    priority: data.priority ?? 'routine',
  };
  return withOrder(state, id, (o) => ({ ...o, ordered: earlier(o.ordered, facts) }));
}

function evolveCancelled(state: LabPatientState, event: ParsedEvent): LabPatientState {
  const id = placerIdOf(event.data);
  if (id === null) return state; // a cancel that names no order cannot withdraw one
  return withOrder(state, id, (o) => ({ ...o, cancelled: earlier(o.cancelled, factsOf(event)) }));
}

function evolveSpecimen(state: LabPatientState, event: ParsedEvent): LabPatientState {
  const orderIds = referencedIds((event.data as SpecimenPayload).request);
  const specimen: LabSpecimen = { ...factsOf(event), orderIds, orderKeys: sortedUnique(orderIds.map(businessKey)) };
  return { ...state, specimens: { ...state.specimens, [specimen.ref]: specimen } };
}

function evolveResulted(state: LabPatientState, event: ParsedEvent, config: LabConfig): LabPatientState {
  const data = event.data as DiagnosticReportPayload;
  const ids = identifiersOf(data.identifier);
  const id = ids[0] ?? eventBusinessId(event);
  const key = businessKey(id);
  const version: ReportVersion = {
    ...factsOf(event),
    status: data.status ?? 'unknown',
    issued: instantOr(data.issued, event.timeMs),
    critical: isCritical(data, config),
    orderIds: referencedIds(data.basedOn),
  };
  const current = state.reports[key] ?? { id, identifierKeys: [], versions: {} };
  const report: LabReport = {
    id,
    identifierKeys: sortedUnique([...current.identifierKeys, key, ...ids.map(businessKey)]),
    versions: { ...current.versions, [version.ref]: version },
  };
  return { ...state, reports: { ...state.reports, [key]: report } };
}

function evolveReceived(state: LabPatientState, event: ParsedEvent): LabPatientState {
  const ref = eventRef(event);
  const receipts = { ...state.receipts };
  for (const key of sortedUnique(referencedIds((event.data as CommunicationPayload).about).map(businessKey))) {
    receipts[key] = sortedUnique([...(receipts[key] ?? []), ref]);
  }
  return { ...state, receipts };
}

/**
 * Folds one event into a patient's lab state. Ignores unknown types and other domains' events.
 * Order tolerant: a specimen or result naming an order not yet seen is kept as it is.
 */
export function evolveLabState(state: LabPatientState, event: ParsedEvent, config: LabConfig): LabPatientState {
  if (!event.known || event.domain !== 'lab' || event.patientKey === null) return state;
  const s = state.patientKey === null ? { ...state, patientKey: event.patientKey } : state;
  switch (event.type) {
    case LAB_EVENT_TYPES.ordered:
      return evolveOrdered(s, event);
    case LAB_EVENT_TYPES.cancelled:
      return evolveCancelled(s, event);
    case LAB_EVENT_TYPES.specimenCollected:
      return evolveSpecimen(s, event);
    case LAB_EVENT_TYPES.resulted:
      return evolveResulted(s, event, config);
    case LAB_EVENT_TYPES.resultReceived:
      return evolveReceived(s, event);
    default:
      return state;
  }
}

/** Sorted keys of a record: rules iterate in this order so findings come out deterministically. */
export function sortedKeys(record: Readonly<Record<string, unknown>>): string[] {
  return Object.keys(record).sort();
}

/** Whether a receipt names any identifier of the report. */
export function isReceived(state: LabPatientState, report: LabReport): boolean {
  return report.identifierKeys.some((k) => (state.receipts[k]?.length ?? 0) > 0);
}
