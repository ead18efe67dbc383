import { EVENT_TYPES } from '@continuity/contracts';
import { orderStateAsOf, type OrderHistoryEvent } from './order-state';

const at = (hour: number) => `2024-08-03T${String(hour).padStart(2, '0')}:00:00.000Z`;
const event = (type: string, hour: number, resource: Record<string, unknown> = {}): OrderHistoryEvent => ({ type, recordedTime: at(hour), resource });

describe('orderStateAsOf', () => {
  const medication = [
    event(EVENT_TYPES.prescriptionOrdered, 8, { resourceType: 'MedicationRequest', status: 'active' }),
    event(EVENT_TYPES.prescriptionAdministered, 9, { status: 'completed' }),
    event(EVENT_TYPES.prescriptionAdministered, 10, { status: 'not-done' }),
    event(EVENT_TYPES.prescriptionAdministered, 11, { status: 'completed' }),
    event(EVENT_TYPES.prescriptionDiscontinued, 12, { resourceType: 'MedicationRequest', status: 'stopped' }),
  ];

  it('knows nothing before the first event was recorded', () => {
    expect(orderStateAsOf(medication, new Date(at(7)))).toEqual({
      known: false,
      kind: null,
      status: null,
      resource: null,
      lastEventType: null,
      lastRecordedTime: null,
      events: 0,
      counts: {},
    });
  });

  it('folds what was recorded at or before the time asked', () => {
    expect(orderStateAsOf(medication, new Date(at(10)))).toMatchObject({
      known: true,
      kind: 'medication',
      status: 'active',
      lastEventType: EVENT_TYPES.prescriptionAdministered,
      lastRecordedTime: at(10),
      events: 3,
      counts: { administrations: 1, administrationsNotDone: 1 },
    });
  });

  it('ends with the discontinuation', () => {
    const state = orderStateAsOf(medication, new Date(at(23)));
    expect(state).toMatchObject({ status: 'stopped', events: 5, counts: { administrations: 2, administrationsNotDone: 1 } });
    expect(state.resource).toEqual({ resourceType: 'MedicationRequest', status: 'stopped' });
  });

  it('counts specimens and results of a lab order, zero when none yet', () => {
    const lab = [
      event(EVENT_TYPES.labOrdered, 8, { status: 'active' }),
      event(EVENT_TYPES.labSpecimenCollected, 9),
      event(EVENT_TYPES.labResulted, 12, { status: 'final' }),
    ];
    expect(orderStateAsOf(lab, new Date(at(9))).counts).toEqual({ specimens: 1, results: 0, resultReceipts: 0 });
    expect(orderStateAsOf(lab, new Date(at(12)))).toMatchObject({ kind: 'lab', status: 'active', counts: { specimens: 1, results: 1 } });
  });

  it('follows an appointment through its own statuses', () => {
    const booking = [
      event(EVENT_TYPES.schedulingBooked, 8, { status: 'booked' }),
      event(EVENT_TYPES.schedulingRescheduled, 9, { status: 'booked' }),
      event(EVENT_TYPES.schedulingCheckedIn, 10, { status: 'arrived' }),
    ];
    expect(orderStateAsOf(booking, new Date(at(10)))).toMatchObject({ kind: 'appointment', status: 'arrived', counts: { reschedules: 1, syncs: 0, checkIns: 1 } });
  });

  it('counts administrations of an order never seen (an orphan) without inventing a status', () => {
    expect(orderStateAsOf([event(EVENT_TYPES.prescriptionAdministered, 9, { status: 'completed' })], new Date(at(9)))).toMatchObject({
      known: true,
      kind: 'medication',
      status: null,
      counts: { administrations: 1, administrationsNotDone: 0 },
    });
  });
});
