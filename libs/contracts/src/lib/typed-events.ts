import type { EventType } from './event-types';
import type {
  AppointmentPayload,
  CommunicationPayload,
  DiagnosticReportPayload,
  DowntimePayload,
  HeartbeatPayload,
  MedicationAdministrationPayload,
  MedicationRequestPayload,
  ServiceRequestPayload,
  SpecimenPayload,
} from './fhir/payloads';
import type { ParsedEvent } from './parsed-event';

/** The payload each §3 type carries once `parseMessage` accepted it. */
export interface PayloadByType {
  'continuity.prescription.ordered': MedicationRequestPayload;
  'continuity.prescription.discontinued': MedicationRequestPayload;
  'continuity.prescription.administered': MedicationAdministrationPayload;
  'continuity.lab.ordered': ServiceRequestPayload;
  'continuity.lab.cancelled': ServiceRequestPayload;
  'continuity.lab.specimen-collected': SpecimenPayload;
  'continuity.lab.resulted': DiagnosticReportPayload;
  'continuity.lab.result-received': CommunicationPayload;
  'continuity.scheduling.booked': AppointmentPayload;
  'continuity.scheduling.rescheduled': AppointmentPayload;
  'continuity.scheduling.cancelled': AppointmentPayload;
  'continuity.scheduling.synced': AppointmentPayload;
  'continuity.scheduling.checked-in': AppointmentPayload;
  'continuity.downtime.started': DowntimePayload;
  'continuity.downtime.ended': DowntimePayload;
  'continuity.source.heartbeat': HeartbeatPayload;
}

/** A parsed event of a known type, its `data` typed. */
export type TypedEvent<T extends EventType> = ParsedEvent & { type: T; known: true; data: PayloadByType[T] };

/** Narrows a parsed event to one type, so the rules read `event.data` typed. */
export function isEventOfType<T extends EventType>(event: ParsedEvent, type: T): event is TypedEvent<T> {
  return event.known && event.type === type;
}

/** Narrows to any of several types (e.g. every Appointment-carrying type). */
export function isEventOfTypes<T extends EventType>(event: ParsedEvent, types: readonly T[]): event is TypedEvent<T> {
  return event.known && (types as readonly string[]).includes(event.type);
}
