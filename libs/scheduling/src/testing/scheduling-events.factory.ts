import type { ParsedEvent } from '@continuity/contracts';
import { fhirEvent, iso, ms, PATIENT_SYSTEM, PLACER_TYPE, type EnvelopeOptions } from '@continuity/rules';
import { SCHEDULING_EVENT_TYPES } from '../lib/scheduling-state';

// The envelope and downtime helpers every domain shares, so one import serves this domain's tests.
export { downtime, downtimeEvents, iso, ms, PATIENT_SYSTEM, type EnvelopeOptions } from '@continuity/rules';

/*
 * Small factories of scheduling ParsedEvents with defaults, shaped as CONTRACT.md §3 Appointment
 * payloads, so a test states only what matters: `booked('APT-1', { at, start: '2024-08-05T09:00Z' })`.
 */

/** The systems that publish scheduling events in tests (each keeps its own order in property tests). */
export const SCHED_SOURCES = {
  booking: 'urn:continuity:system:booking:AVC',
  planning: 'urn:continuity:system:orbis-planning:AVC',
  ehr: 'urn:continuity:system:orbis:AVC',
} as const;

export const APPOINTMENT_SYSTEM = 'urn:continuity:avc:appointment';
export const PRACTITIONER_SYSTEM = 'urn:oid:1.2.250.1.71.4.2.1'; // RPPS

/** What a slot says: start (required for booked/rescheduled), duration, service, practitioner. */
export interface SlotOptions {
  start: string;
  /** Minutes; default 30. */
  minutes?: number;
  /** SNOMED CT service code; default 394609007 General surgery. */
  service?: string;
  serviceDisplay?: string;
  practitioner?: string;
}

function appointmentEvent(type: string, appointment: string, status: string, o: EnvelopeOptions, slot: SlotOptions | null, defaultSource: string): ParsedEvent {
  const patient = o.patient ?? 'P1';
  const participant: unknown[] = [{ actor: { type: 'Patient', identifier: { system: PATIENT_SYSTEM, value: patient } }, status: 'accepted' }];
  const data: Record<string, unknown> = {
    resourceType: 'Appointment',
    identifier: [{ type: PLACER_TYPE, system: APPOINTMENT_SYSTEM, value: appointment }],
    status,
    participant,
  };
  if (slot) {
    const start = ms(slot.start);
    data.start = iso(slot.start);
    data.end = new Date(start + (slot.minutes ?? 30) * 60_000).toISOString();
    data.serviceType = [{ coding: [{ system: 'http://snomed.info/sct', code: slot.service ?? '394609007', display: slot.serviceDisplay ?? 'General surgery' }] }];
    participant.push({ actor: { type: 'Practitioner', identifier: { system: PRACTITIONER_SYSTEM, value: slot.practitioner ?? 'DR-1' } }, status: 'accepted' });
  }
  return fhirEvent({ type, domain: 'scheduling', businessId: appointment, data, defaultSource }, o);
}

/** `continuity.scheduling.booked`. */
export const booked = (appointment: string, o: EnvelopeOptions & SlotOptions): ParsedEvent =>
  appointmentEvent(SCHEDULING_EVENT_TYPES.booked, appointment, 'booked', o, o, SCHED_SOURCES.booking);

/** `continuity.scheduling.rescheduled`: the same appointment at a new start. */
export const rescheduled = (appointment: string, o: EnvelopeOptions & SlotOptions): ParsedEvent =>
  appointmentEvent(SCHEDULING_EVENT_TYPES.rescheduled, appointment, 'booked', o, o, SCHED_SOURCES.booking);

/** `continuity.scheduling.cancelled` (status cancelled, or noshow). */
export const cancelled = (appointment: string, o: EnvelopeOptions & { status?: 'cancelled' | 'noshow' }): ParsedEvent =>
  appointmentEvent(SCHEDULING_EVENT_TYPES.cancelled, appointment, o.status ?? 'cancelled', o, null, SCHED_SOURCES.booking);

/** `continuity.scheduling.synced`: it now shows on the practitioner's planning. */
export const synced = (appointment: string, o: EnvelopeOptions): ParsedEvent =>
  appointmentEvent(SCHEDULING_EVENT_TYPES.synced, appointment, 'booked', o, null, SCHED_SOURCES.planning);

/** `continuity.scheduling.checked-in` (status arrived). */
export const checkedIn = (appointment: string, o: EnvelopeOptions): ParsedEvent =>
  appointmentEvent(SCHEDULING_EVENT_TYPES.checkedIn, appointment, 'arrived', o, null, SCHED_SOURCES.ehr);

