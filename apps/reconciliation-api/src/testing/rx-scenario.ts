import {
  cloudEventHeaders,
  encodeCloudEvent,
  FIXTURE_RX_ORDER_SYSTEM,
  makeMedicationDiscontinued,
  makeMedicationOrdered,
  type CloudEventInput,
} from '@continuity/contracts';
import type { OutgoingMessage } from '@continuity/messaging';

/** The reference outage of the end-to-end tests: a weekend without the EHR. */
export const T0 = '2024-08-03T10:00:00.000Z';
export const T1 = '2024-08-04T18:00:00.000Z';
export const RX_SYSTEM = FIXTURE_RX_ORDER_SYSTEM;

/** The ISO time `h` hours after `iso`. */
export const plus = (iso: string, h: number): string => new Date(Date.parse(iso) + h * 3_600_000).toISOString();

/** A clinical CloudEvent as a message keyed by its patient. */
export function message(event: CloudEventInput): OutgoingMessage {
  return { key: event.subject?.slice('Patient/'.length) ?? event.facility, value: encodeCloudEvent(event), headers: cloudEventHeaders() };
}

/** Enoxaparin ordered in the EHR two hours before the outage. */
export const orderedBefore = (patientKey: string, order: string) =>
  makeMedicationOrdered({ id: `${patientKey}-${order}-ordered`, patientKey, order, time: plus(T0, -2) });

/** The same drug ordered on paper during the outage, typed in two hours after it ended. */
export const orderedOnPaper = (patientKey: string, order: string) =>
  makeMedicationOrdered({ id: `${patientKey}-${order}-paper`, patientKey, order, time: plus(T0, 3), entrymode: 'backentry', recordedtime: plus(T1, 2) });

/** The first order's stop, made on paper during the outage and typed in later: the duplicate resolves itself. */
export const stoppedLate = (patientKey: string, order: string, recordedHours = 5) =>
  makeMedicationDiscontinued({
    id: `${patientKey}-${order}-stopped`,
    patientKey,
    order,
    time: plus(T0, 2),
    entrymode: 'backentry',
    recordedtime: plus(T1, recordedHours),
  });
