import { businessIdKey, businessIdsOf, patientIdsOf, placerIdOf } from './business-ids';
import { cloudEventHeaders, encodeCloudEvent, type CloudEventInput } from './cloud-event';
import { EVENT_TYPE_SPECS, type EventType } from './event-types';
import type { ParsedEvent } from './parsed-event';
import { parseMessage } from './parse-message';
import {
  FIXTURE_APPOINTMENT_SYSTEM,
  FIXTURE_LAB_ORDER_SYSTEM,
  FIXTURE_REPORT_SYSTEM,
  FIXTURE_RX_ORDER_SYSTEM,
  makeAppointmentBooked,
  makeDowntimeStarted,
  makeLabResulted,
  makeMedicationAdministered,
  makeMedicationOrdered,
  makeResultReceived,
  makeSpecimenCollected,
  placerIdentifier,
  refById,
} from '../testing/fixtures';

function parsed(input: CloudEventInput): ParsedEvent {
  const result = parseMessage({ topic: EVENT_TYPE_SPECS[input.type as EventType].topic, key: null, value: encodeCloudEvent(input), headers: cloudEventHeaders() });
  if (!result.ok) throw new Error(result.error.detail);
  return result.event;
}

describe('businessIdsOf', () => {
  test('an order names its placer identifiers only, not its other identifiers', () => {
    const event = parsed(
      makeMedicationOrdered({
        order: 'RX-9',
        data: {
          identifier: [
            { system: 'urn:pharmacy', value: 'DISP-1' },
            placerIdentifier(FIXTURE_RX_ORDER_SYSTEM, 'RX-9'),
            placerIdentifier('urn:a-first', 'RX-9b'),
          ],
        },
      }),
    );
    expect(businessIdsOf(event)).toEqual([
      { system: 'urn:a-first', value: 'RX-9b' },
      { system: FIXTURE_RX_ORDER_SYSTEM, value: 'RX-9' },
    ]);
    expect(placerIdOf(event.data)).toEqual({ system: FIXTURE_RX_ORDER_SYSTEM, value: 'RX-9' });
  });

  test('an administration names the order it references', () => {
    expect(businessIdsOf(parsed(makeMedicationAdministered({ order: 'RX-2' })))).toEqual([{ system: FIXTURE_RX_ORDER_SYSTEM, value: 'RX-2' }]);
  });

  test('a specimen for two orders names both, sorted and deduplicated', () => {
    const event = parsed(
      makeSpecimenCollected({
        data: {
          request: [
            refById(FIXTURE_LAB_ORDER_SYSTEM, 'LAB-9'),
            refById(FIXTURE_LAB_ORDER_SYSTEM, 'LAB-10'),
            refById(FIXTURE_LAB_ORDER_SYSTEM, 'LAB-9'),
          ],
        },
      }),
    );
    expect(businessIdsOf(event).map(businessIdKey)).toEqual([`${FIXTURE_LAB_ORDER_SYSTEM}|LAB-10`, `${FIXTURE_LAB_ORDER_SYSTEM}|LAB-9`]);
  });

  test('a result names its order and its own report identifier; the receipt names the report', () => {
    expect(businessIdsOf(parsed(makeLabResulted({ order: 'LAB-3', report: 'R-3' })))).toEqual([
      { system: FIXTURE_LAB_ORDER_SYSTEM, value: 'LAB-3' },
      { system: FIXTURE_REPORT_SYSTEM, value: 'R-3' },
    ]);
    expect(businessIdsOf(parsed(makeResultReceived({ report: 'R-3' })))).toEqual([{ system: FIXTURE_REPORT_SYSTEM, value: 'R-3' }]);
  });

  test('an appointment is known by its identifier', () => {
    const event = parsed(makeAppointmentBooked({ appointment: 'APT-7' }));
    expect(businessIdsOf(event)).toEqual([{ system: FIXTURE_APPOINTMENT_SYSTEM, value: 'APT-7' }]);
    expect(placerIdOf(event.data)).toEqual({ system: FIXTURE_APPOINTMENT_SYSTEM, value: 'APT-7' });
  });

  test('downtime and unknown events name no order', () => {
    expect(businessIdsOf(parsed(makeDowntimeStarted()))).toEqual([]);
    const unknown = { ...parsed(makeMedicationOrdered()), known: false };
    expect(businessIdsOf(unknown)).toEqual([]);
  });

  test('placerIdOf tolerates anything', () => {
    for (const value of [null, 1, 'x', [], {}, { identifier: 'x' }, { identifier: [null, 1, { system: 1 }] }]) {
      expect(placerIdOf(value)).toBeNull();
    }
  });
});

describe('patientIdsOf', () => {
  test('finds subject, and the Patient actors of an appointment', () => {
    expect(patientIdsOf(makeMedicationOrdered({ patientKey: 'P1' }).data).map((p) => [p.path, p.id.value])).toEqual([
      ['data.subject.identifier.value', 'P1'],
    ]);
    expect(patientIdsOf(makeAppointmentBooked({ patientKey: 'P2' }).data).map((p) => [p.path, p.id.value])).toEqual([
      ['data.participant[0].actor.identifier.value', 'P2'],
    ]);
  });
});
