import type { AppointmentPayload, BusinessId, ParsedEvent } from '@continuity/contracts';
import { businessKey, degradedWindowOf, eventRef, type DegradedWindow, type Downtime, type Instant, type ScopeItem } from '@continuity/rules';
import { schedulingScope, type SchedulingConfig } from './scheduling-config';
import { appointmentIdOf, instantOf, practitionerKeysOf, serviceCodeOf, type ServiceCode } from './scheduling-fhir';

/** Scheduling event types of CONTRACT.md §3. */
export const SCHEDULING_EVENT_TYPES = {
  booked: 'continuity.scheduling.booked',
  rescheduled: 'continuity.scheduling.rescheduled',
  cancelled: 'continuity.scheduling.cancelled',
  synced: 'continuity.scheduling.synced',
  checkedIn: 'continuity.scheduling.checked-in',
} as const;

/** Where an event sits for scope, and how to cite it. */
export interface EventFacts {
  /** `source#id`, cited as evidence. */
  ref: string;
  scope: ScopeItem;
}

/** A `booked` or `rescheduled` event: one version of the slot. */
export interface ScheduleVersion extends EventFacts {
  kind: 'booked' | 'rescheduled';
  start: Instant;
  end: Instant;
  service: ServiceCode | null;
  practitioners: readonly string[];
}

/** One appointment, known by its identifier. Any part may arrive first, or never. */
export interface AppointmentRecord {
  id: BusinessId;
  /** Booked and rescheduled events by ref; the current slot is `currentSchedule()`. */
  schedule: Readonly<Record<string, ScheduleVersion>>;
  /** Latest `synced` event: the slot showed on the practitioner's planning at that time. */
  synced: EventFacts | null;
  /** Earliest `cancelled` event (status cancelled or noshow). */
  cancelled: (EventFacts & { status: string }) | null;
  /** Earliest `checked-in` event (status arrived). */
  checkedIn: EventFacts | null;
  /** Every `checked-in` event by ref (evidence of an orphan arrival). */
  arrivals: Readonly<Record<string, EventFacts>>;
}

/**
 * One patient's scheduling state: appointments by identifier (`system|value`). Each part is a
 * set keyed by ref with a deterministic winner, so any arrival order, or a re-delivery, gives one state.
 */
export interface SchedulingPatientState {
  patientKey: string | null;
  appointments: Readonly<Record<string, AppointmentRecord>>;
}

/** The empty state of a patient. */
export function initialSchedulingState(): SchedulingPatientState {
  return { patientKey: null, appointments: {} };
}

function factsOf(event: ParsedEvent): EventFacts {
  return { ref: eventRef(event), scope: { facility: event.facility, time: event.timeMs, recordedTime: event.recordedTimeMs, entryMode: event.entryMode } };
}

function earlier<T extends EventFacts>(a: T | null, b: T): T {
  if (a === null) return b;
  if (a.scope.time !== b.scope.time) return a.scope.time < b.scope.time ? a : b;
  return a.ref <= b.ref ? a : b;
}

function later<T extends EventFacts>(a: T | null, b: T): T {
  if (a === null) return b;
  if (a.scope.time !== b.scope.time) return a.scope.time > b.scope.time ? a : b;
  return a.ref >= b.ref ? a : b;
}

const KIND_RANK = { booked: 0, rescheduled: 1 } as const;

/**
 * The slot in force: the latest version by clinical time, a reschedule winning a tie with the
 * booking, then by recorded time and ref. Independent of arrival order.
 */
export function currentSchedule(a: AppointmentRecord): ScheduleVersion | null {
  let best: ScheduleVersion | null = null;
  for (const v of Object.values(a.schedule)) {
    if (
      best === null ||
      v.scope.time > best.scope.time ||
      (v.scope.time === best.scope.time &&
        (KIND_RANK[v.kind] > KIND_RANK[best.kind] ||
          (v.kind === best.kind && (v.scope.recordedTime > best.scope.recordedTime || (v.scope.recordedTime === best.scope.recordedTime && v.ref > best.ref)))))
    ) {
      best = v;
    }
  }
  return best;
}

/** The service of an appointment: the current version's, else the booking's. */
export function serviceOf(a: AppointmentRecord): ServiceCode | null {
  const current = currentSchedule(a);
  if (current?.service) return current.service;
  const versions = Object.keys(a.schedule).sort().map((r) => a.schedule[r]);
  return versions.find((v) => v.service !== null)?.service ?? null;
}

/**
 * The degraded period touching the booking (any booked or rescheduled event): an open one wins,
 * else the one ending last, since deadlines count from its end. Null if the booking is untouched.
 */
export function bookingWindow(a: AppointmentRecord, downtimes: readonly Downtime[], config: SchedulingConfig): DegradedWindow | null {
  const scope = schedulingScope(config);
  let best: DegradedWindow | null = null;
  for (const ref of Object.keys(a.schedule).sort()) {
    const w = degradedWindowOf(a.schedule[ref].scope, downtimes, scope);
    if (w === null) continue;
    if (best === null || w.end === null || (best.end !== null && w.end > best.end)) best = w;
    if (best.end === null) break;
  }
  return best;
}

/**
 * Whether the slot in force shows on the planning: a sync at or after the clinical time of the
 * current version (a reschedule made on paper after the last sync is not on the planning yet).
 */
export function isOnPlanning(a: AppointmentRecord): boolean {
  const current = currentSchedule(a);
  return a.synced !== null && (current === null || a.synced.scope.time >= current.scope.time);
}

/** Evidence refs of an appointment's booking: its booked and rescheduled events. */
export function bookingRefs(a: AppointmentRecord): string[] {
  return Object.keys(a.schedule).sort();
}

function withAppointment(state: SchedulingPatientState, id: BusinessId, update: (a: AppointmentRecord) => AppointmentRecord): SchedulingPatientState {
  const key = businessKey(id);
  const current = state.appointments[key] ?? { id, schedule: {}, synced: null, cancelled: null, checkedIn: null, arrivals: {} };
  return { ...state, appointments: { ...state.appointments, [key]: update(current) } };
}

function scheduleVersion(event: ParsedEvent, data: AppointmentPayload, kind: ScheduleVersion['kind']): ScheduleVersion | null {
  const start = instantOf(data.start);
  const end = instantOf(data.end);
  if (start === null) return null; // a slot without a start moves nothing
  return { ...factsOf(event), kind, start, end: end ?? start, service: serviceCodeOf(data), practitioners: practitionerKeysOf(data) };
}

/**
 * Folds one event into a patient's scheduling state. Ignores unknown types, other domains and
 * appointments without an identifier (nothing could join them).
 */
export function evolveSchedulingState(state: SchedulingPatientState, event: ParsedEvent): SchedulingPatientState {
  if (!event.known || event.domain !== 'scheduling' || event.patientKey === null) return state;
  const data = (event.data ?? {}) as AppointmentPayload;
  const id = appointmentIdOf(data);
  if (id === null) return state;
  const s = state.patientKey === null ? { ...state, patientKey: event.patientKey } : state;
  switch (event.type) {
    case SCHEDULING_EVENT_TYPES.booked:
    case SCHEDULING_EVENT_TYPES.rescheduled: {
      const v = scheduleVersion(event, data, event.type === SCHEDULING_EVENT_TYPES.booked ? 'booked' : 'rescheduled');
      return v === null ? state : withAppointment(s, id, (a) => ({ ...a, schedule: { ...a.schedule, [v.ref]: v } }));
    }
    case SCHEDULING_EVENT_TYPES.cancelled:
      return withAppointment(s, id, (a) => ({ ...a, cancelled: earlier(a.cancelled, { ...factsOf(event), status: data.status ?? 'cancelled' }) }));
    case SCHEDULING_EVENT_TYPES.synced:
      return withAppointment(s, id, (a) => ({ ...a, synced: later(a.synced, factsOf(event)) }));
    case SCHEDULING_EVENT_TYPES.checkedIn: {
      const f = factsOf(event);
      return withAppointment(s, id, (a) => ({ ...a, checkedIn: earlier(a.checkedIn, f), arrivals: { ...a.arrivals, [f.ref]: f } }));
    }
    default:
      return state;
  }
}

/** Sorted keys of a record: rules iterate in this order so findings come out deterministically. */
export function sortedKeys(record: Readonly<Record<string, unknown>>): string[] {
  return Object.keys(record).sort();
}
