import { TOPICS, type Domain, type Topic } from './topics';

/** Every event type of CONTRACT.md §3, by a short name. */
export const EVENT_TYPES = {
  prescriptionOrdered: 'continuity.prescription.ordered',
  prescriptionDiscontinued: 'continuity.prescription.discontinued',
  prescriptionAdministered: 'continuity.prescription.administered',
  labOrdered: 'continuity.lab.ordered',
  labCancelled: 'continuity.lab.cancelled',
  labSpecimenCollected: 'continuity.lab.specimen-collected',
  labResulted: 'continuity.lab.resulted',
  labResultReceived: 'continuity.lab.result-received',
  schedulingBooked: 'continuity.scheduling.booked',
  schedulingRescheduled: 'continuity.scheduling.rescheduled',
  schedulingCancelled: 'continuity.scheduling.cancelled',
  schedulingSynced: 'continuity.scheduling.synced',
  schedulingCheckedIn: 'continuity.scheduling.checked-in',
  downtimeStarted: 'continuity.downtime.started',
  downtimeEnded: 'continuity.downtime.ended',
  sourceHeartbeat: 'continuity.source.heartbeat',
} as const;

export type EventType = (typeof EVENT_TYPES)[keyof typeof EVENT_TYPES];

/** Type of the CloudEvents the reconcilers publish on `reconciliation.tasks.v1` (CONTRACT.md §4). */
export const TASK_EVENT_TYPE = 'continuity.reconciliation.task';

/** FHIR resource types carried by §3 events. */
export type FhirResourceType =
  | 'MedicationRequest'
  | 'MedicationAdministration'
  | 'ServiceRequest'
  | 'Specimen'
  | 'DiagnosticReport'
  | 'Communication'
  | 'Appointment';

/** What `data` holds: a FHIR resource, or one of the two operations JSON shapes. */
export type PayloadKind = FhirResourceType | 'Downtime' | 'Heartbeat';

/** Where a type travels and what its payload must be. */
export interface EventTypeSpec {
  type: EventType;
  topic: Topic;
  domain: Domain | 'downtime';
  payload: PayloadKind;
  /** `data.resourceType` required, or null for `application/json` payloads. */
  resourceType: FhirResourceType | null;
  /** Used when the event does not say (`datacontenttype` / binary `content-type`). */
  dataContentType: 'application/fhir+json' | 'application/json';
  /** Legal `data.status` values for this type; null: any the resource allows. */
  statuses: readonly string[] | null;
  /** Top-level `data` fields this type needs although the resource makes them optional. */
  requires: readonly string[];
}

const FHIR = 'application/fhir+json' as const;
const JSON_CT = 'application/json' as const;

function spec(
  type: EventType,
  topic: Topic,
  domain: Domain | 'downtime',
  payload: PayloadKind,
  statuses: readonly string[] | null = null,
  requires: readonly string[] = [],
): EventTypeSpec {
  const fhir = payload !== 'Downtime' && payload !== 'Heartbeat';
  return {
    type,
    topic,
    domain,
    payload,
    resourceType: fhir ? (payload as FhirResourceType) : null,
    dataContentType: fhir ? FHIR : JSON_CT,
    statuses,
    requires,
  };
}

const T = EVENT_TYPES;
const SPEC_LIST: readonly EventTypeSpec[] = [
  spec(T.prescriptionOrdered, TOPICS.prescriptions, 'prescriptions', 'MedicationRequest', ['active'], ['authoredOn']),
  spec(T.prescriptionDiscontinued, TOPICS.prescriptions, 'prescriptions', 'MedicationRequest', ['stopped', 'cancelled', 'completed']),
  spec(T.prescriptionAdministered, TOPICS.prescriptions, 'prescriptions', 'MedicationAdministration', ['completed', 'not-done']),
  spec(T.labOrdered, TOPICS.lab, 'lab', 'ServiceRequest', ['active'], ['category', 'code', 'authoredOn']),
  spec(T.labCancelled, TOPICS.lab, 'lab', 'ServiceRequest', ['revoked']),
  spec(T.labSpecimenCollected, TOPICS.lab, 'lab', 'Specimen'),
  spec(T.labResulted, TOPICS.lab, 'lab', 'DiagnosticReport', ['final', 'amended', 'corrected']),
  spec(T.labResultReceived, TOPICS.lab, 'lab', 'Communication', ['completed']),
  spec(T.schedulingBooked, TOPICS.scheduling, 'scheduling', 'Appointment', ['booked'], ['start', 'end', 'serviceType']),
  spec(T.schedulingRescheduled, TOPICS.scheduling, 'scheduling', 'Appointment', ['booked', 'pending'], ['start', 'end']),
  spec(T.schedulingCancelled, TOPICS.scheduling, 'scheduling', 'Appointment', ['cancelled', 'noshow']),
  spec(T.schedulingSynced, TOPICS.scheduling, 'scheduling', 'Appointment'),
  spec(T.schedulingCheckedIn, TOPICS.scheduling, 'scheduling', 'Appointment', ['arrived']),
  spec(T.downtimeStarted, TOPICS.downtime, 'downtime', 'Downtime'),
  spec(T.downtimeEnded, TOPICS.downtime, 'downtime', 'Downtime'),
  spec(T.sourceHeartbeat, TOPICS.downtime, 'downtime', 'Heartbeat'),
];

/** Every §3 type with its topic, domain, payload and legal statuses. */
export const EVENT_TYPE_SPECS: Readonly<Record<EventType, EventTypeSpec>> = Object.freeze(
  Object.fromEntries(SPEC_LIST.map((s) => [s.type, s])) as Record<EventType, EventTypeSpec>,
);

// A Map, so that a `type` such as "constructor" never finds an inherited property.
const SPEC_BY_TYPE: ReadonlyMap<string, EventTypeSpec> = new Map(SPEC_LIST.map((s) => [s.type, s]));

/** The spec of a §3 type, or undefined for a type this contract does not know. */
export const specOfType = (type: string): EventTypeSpec | undefined => SPEC_BY_TYPE.get(type);

/** True for the §3 types. */
export const isKnownEventType = (type: string): type is EventType => SPEC_BY_TYPE.has(type);
