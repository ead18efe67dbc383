import { EVENT_TYPES } from '@continuity/contracts';

/** An event of an order's history, as the fold needs it. */
export interface OrderHistoryEvent {
  type: string;
  recordedTime: string;
  /** The FHIR resource carried. */
  resource: unknown;
}

export type OrderKind = 'medication' | 'lab' | 'appointment';

/** The state of an order as known at a time: a fold of the events recorded by then. */
export interface OrderState {
  /** False when nothing about the order had been recorded by then. */
  known: boolean;
  kind: OrderKind | null;
  /** `status` of the order's own latest resource (active, stopped, revoked, booked, arrived…), null if never seen. */
  status: string | null;
  /** The order's own latest resource (MedicationRequest, ServiceRequest, Appointment). */
  resource: unknown;
  lastEventType: string | null;
  lastRecordedTime: string | null;
  events: number;
  /** What happened to it, by kind: administrations, specimens, results… */
  counts: Record<string, number>;
}

const KIND_OF_TYPE: Readonly<Record<string, OrderKind>> = {
  [EVENT_TYPES.prescriptionOrdered]: 'medication',
  [EVENT_TYPES.prescriptionDiscontinued]: 'medication',
  [EVENT_TYPES.prescriptionAdministered]: 'medication',
  [EVENT_TYPES.labOrdered]: 'lab',
  [EVENT_TYPES.labCancelled]: 'lab',
  [EVENT_TYPES.labSpecimenCollected]: 'lab',
  [EVENT_TYPES.labResulted]: 'lab',
  [EVENT_TYPES.labResultReceived]: 'lab',
  [EVENT_TYPES.schedulingBooked]: 'appointment',
  [EVENT_TYPES.schedulingRescheduled]: 'appointment',
  [EVENT_TYPES.schedulingCancelled]: 'appointment',
  [EVENT_TYPES.schedulingSynced]: 'appointment',
  [EVENT_TYPES.schedulingCheckedIn]: 'appointment',
};

/** Types that carry the order's own resource (its status is the order's status). */
const OWN_RESOURCE_TYPES: ReadonlySet<string> = new Set([
  EVENT_TYPES.prescriptionOrdered,
  EVENT_TYPES.prescriptionDiscontinued,
  EVENT_TYPES.labOrdered,
  EVENT_TYPES.labCancelled,
  EVENT_TYPES.schedulingBooked,
  EVENT_TYPES.schedulingRescheduled,
  EVENT_TYPES.schedulingCancelled,
  EVENT_TYPES.schedulingSynced,
  EVENT_TYPES.schedulingCheckedIn,
]);

/** The counters shown for each kind, zero when nothing happened. */
const COUNTERS: Readonly<Record<OrderKind, readonly string[]>> = {
  medication: ['administrations', 'administrationsNotDone'],
  lab: ['specimens', 'results', 'resultReceipts'],
  appointment: ['reschedules', 'syncs', 'checkIns'],
};

function counterOf(event: OrderHistoryEvent): string | null {
  switch (event.type) {
    case EVENT_TYPES.prescriptionAdministered:
      return (event.resource as { status?: unknown } | null)?.status === 'not-done' ? 'administrationsNotDone' : 'administrations';
    case EVENT_TYPES.labSpecimenCollected:
      return 'specimens';
    case EVENT_TYPES.labResulted:
      return 'results';
    case EVENT_TYPES.labResultReceived:
      return 'resultReceipts';
    case EVENT_TYPES.schedulingRescheduled:
      return 'reschedules';
    case EVENT_TYPES.schedulingSynced:
      return 'syncs';
    case EVENT_TYPES.schedulingCheckedIn:
      return 'checkIns';
    default:
      return null;
  }
}

/**
 * The order's state as known at `asOf`: the events recorded at or before it, folded in the order
 * given (recorded time). Events of unknown types count but change nothing else.
 */
export function orderStateAsOf(events: readonly OrderHistoryEvent[], asOf: Date): OrderState {
  const state: OrderState = { known: false, kind: null, status: null, resource: null, lastEventType: null, lastRecordedTime: null, events: 0, counts: {} };
  for (const event of events) {
    if (Date.parse(event.recordedTime) > asOf.getTime()) continue;
    state.known = true;
    state.events += 1;
    state.lastEventType = event.type;
    state.lastRecordedTime = event.recordedTime;
    const kind = KIND_OF_TYPE[event.type];
    if (kind !== undefined && state.kind === null) {
      state.kind = kind;
      for (const name of COUNTERS[kind]) state.counts[name] = state.counts[name] ?? 0;
    }
    if (OWN_RESOURCE_TYPES.has(event.type)) {
      const status = (event.resource as { status?: unknown } | null)?.status;
      if (typeof status === 'string') state.status = status;
      state.resource = event.resource;
    }
    const counter = counterOf(event);
    if (counter !== null) state.counts[counter] = (state.counts[counter] ?? 0) + 1;
  }
  return state;
}
