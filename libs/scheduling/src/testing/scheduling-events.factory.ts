import type { EntryMode, ParsedEvent } from '@continuity/contracts';
import type { Downtime } from '@continuity/rules';
import { SCHEDULING_EVENT_TYPES } from '../lib/scheduling-state';

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

export const PATIENT_SYSTEM = 'urn:oid:1.2.250.1.213.1.4.8';
export const APPOINTMENT_SYSTEM = 'urn:continuity:avc:appointment';
export const PRACTITIONER_SYSTEM = 'urn:oid:1.2.250.1.71.4.2.1'; // RPPS
const PLAC = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'PLAC' }] };

/** Envelope options every factory takes. */
export interface EnvelopeOptions {
  /** Clinical time, ISO (short forms such as '2024-08-03T12:00Z' are fine). */
  at: string;
  /** When it was entered; default `at`. */
  recordedAt?: string;
  entryMode?: EntryMode;
  facility?: string;
  patient?: string;
  source?: string;
  /** CloudEvent id; default derived from the type, the appointment and the times. */
  id?: string;
}

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

/** ISO string of a short or full ISO date-time. */
export function iso(text: string): string {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new Error(`not a date-time: ${text}`);
  return new Date(ms).toISOString();
}

/** Epoch ms of a short or full ISO date-time. */
export function ms(text: string): number {
  return Date.parse(iso(text));
}

function appointmentEvent(type: string, appointment: string, status: string, o: EnvelopeOptions, slot: SlotOptions | null, defaultSource: string): ParsedEvent {
  const time = iso(o.at);
  const recordedTime = iso(o.recordedAt ?? o.at);
  const patient = o.patient ?? 'P1';
  const participant: unknown[] = [{ actor: { type: 'Patient', identifier: { system: PATIENT_SYSTEM, value: patient } }, status: 'accepted' }];
  const data: Record<string, unknown> = {
    resourceType: 'Appointment',
    identifier: [{ type: PLAC, system: APPOINTMENT_SYSTEM, value: appointment }],
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
  return {
    id: o.id ?? `${type.split('.').pop()}:${appointment}:${time}:${recordedTime}`,
    source: o.source ?? defaultSource,
    type,
    time,
    timeMs: Date.parse(time),
    recordedTime,
    recordedTimeMs: Date.parse(recordedTime),
    subject: `Patient/${patient}`,
    patientKey: patient,
    facility: o.facility ?? 'AVC',
    entryMode: o.entryMode ?? 'realtime',
    dataContentType: 'application/fhir+json',
    data,
    known: true,
    domain: 'scheduling',
  };
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

/** A declared downtime of the EHR at AVC (defaults), for `EvalContext.downtimes`. */
export function downtime(start: string, end: string | null, over: Partial<Omit<Downtime, 'start' | 'end'>> = {}): Downtime {
  return { id: `ops#${start}`, facility: 'AVC', systems: ['ehr'], start: ms(start), end: end === null ? null : ms(end), ...over };
}

/** `continuity.downtime.started` / `.ended` ParsedEvents of the same period, for engine tests. */
export function downtimeEvents(start: string, end: string | null, o: { facility?: string; systems?: string[] } = {}): ParsedEvent[] {
  const make = (type: string, at: string): ParsedEvent => ({
    id: `${type.split('.').pop()}:${iso(start)}`,
    source: 'urn:continuity:operations',
    type,
    time: iso(at),
    timeMs: ms(at),
    recordedTime: iso(at),
    recordedTimeMs: ms(at),
    subject: null,
    patientKey: null,
    facility: o.facility ?? 'AVC',
    entryMode: 'realtime',
    dataContentType: 'application/json',
    data: { facility: o.facility ?? 'AVC', systems: o.systems ?? ['ehr'], reason: 'test' },
    known: true,
    domain: 'downtime',
  });
  const started = make('continuity.downtime.started', start);
  return end === null ? [started] : [started, make('continuity.downtime.ended', end)];
}
