import { TOPICS } from '@continuity/contracts';
import { downtime, downtimeEvents, fhirEvent, iso, ms, reparse } from './domain-events';

describe('domain event helpers', () => {
  it('reads short ISO forms and refuses what is not a date-time', () => {
    expect(iso('2024-08-03T12:00Z')).toBe('2024-08-03T12:00:00.000Z');
    expect(ms('2024-08-03T12:00Z')).toBe(Date.parse('2024-08-03T12:00:00Z'));
    expect(() => iso('Saturday')).toThrow(/not a date-time/);
  });

  it('builds a FHIR event with the envelope defaults and a stable id', () => {
    const spec = { type: 'continuity.lab.cancelled', domain: 'lab' as const, businessId: 'ORD-1', data: { resourceType: 'ServiceRequest' }, defaultSource: 'urn:s' };
    const e = fhirEvent(spec, { at: '2024-08-03T12:00Z', recordedAt: '2024-08-05T08:00Z', entryMode: 'backentry' });
    expect(e).toMatchObject({
      id: 'cancelled:ORD-1:2024-08-03T12:00:00.000Z:2024-08-05T08:00:00.000Z',
      source: 'urn:s',
      patientKey: 'P1',
      subject: 'Patient/P1',
      facility: 'AVC',
      entryMode: 'backentry',
      timeMs: ms('2024-08-03T12:00Z'),
      recordedTimeMs: ms('2024-08-05T08:00Z'),
      domain: 'lab',
    });
    expect(fhirEvent(spec, { at: '2024-08-03T12:00Z', recordedAt: '2024-08-05T08:00Z' }).id).toBe(e.id);
  });

  it('downtimeEvents pass the contract parser', () => {
    const events = downtimeEvents('2024-08-03T08:00Z', '2024-08-04T20:00Z');
    expect(events.map((e) => e.type)).toEqual(['continuity.downtime.started', 'continuity.downtime.ended']);
    for (const e of events) expect(reparse(e, TOPICS.downtime).ok).toBe(true);
    expect(downtimeEvents('2024-08-03T08:00Z', null)).toHaveLength(1);
  });

  it('a declared downtime defaults to the EHR at AVC', () => {
    expect(downtime('2024-08-03T08:00Z', null)).toEqual({ id: 'ops#2024-08-03T08:00Z', facility: 'AVC', systems: ['ehr'], start: ms('2024-08-03T08:00Z'), end: null });
  });
});
