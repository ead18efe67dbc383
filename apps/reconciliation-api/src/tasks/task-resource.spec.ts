import { fhirTask } from '../testing/task-fixtures';
import { orderKeysOf, readIncomingTask } from './task-resource';

describe('readIncomingTask', () => {
  const task = fhirTask({ rule: 'rx-duplicate-order', patientKey: 'PAT-7', facility: 'BCT', severity: 'catastrophic', order: 'RX-2', related: ['RX-1'] });

  it('reads a reconciler Task with its indexed fields', () => {
    const reading = readIncomingTask(task, 'Patient/PAT-7');
    expect(reading).toEqual({
      ok: true,
      value: { task, domain: 'prescriptions', rule: 'rx-duplicate-order', patientKey: 'PAT-7', facility: 'BCT', severity: 'catastrophic' },
    });
  });

  it.each([
    ['not a Task', { ...task, resourceType: 'Patient' }, /^data: not a FHIR Task/],
    ['a bad id', { ...task, id: 'a/b' }, /^data.id/],
    ['an officer status', { ...task, status: 'accepted' }, /^data.status/],
    ['an unknown priority', { ...task, priority: 'high' }, /^data.priority/],
    ['an unknown rule', { ...task, code: { coding: [{ system: 'urn:continuity:discrepancy', code: 'rx-nope' }] } }, /^data.code/],
    ['another code system', { ...task, code: { coding: [{ system: 'http://loinc.org', code: 'rx-duplicate-order' }] } }, /^data.code/],
    ['no patient', { ...task, for: {} }, /^data.for: no patient/],
    ['a bad date', { ...task, lastModified: 'yesterday' }, /^data.lastModified/],
    ['no facility', { ...task, extension: task.extension.filter((e) => e.url !== 'urn:continuity:facility') }, /^data.extension: no facility/],
    ['no severity', { ...task, extension: [] }, /^data.extension/],
  ])('refuses %s', (_label, data, reason) => {
    const reading = readIncomingTask(data, 'Patient/PAT-7');
    expect(reading.ok).toBe(false);
    if (!reading.ok) expect(reading.reason).toMatch(reason);
  });

  it('refuses a Task whose patient is not the subject of its envelope', () => {
    expect(readIncomingTask(task, 'Patient/PAT-8')).toEqual({ ok: false, reason: 'data.for: differs from the patient of subject' });
    expect(readIncomingTask(task, null)).toMatchObject({ ok: false });
  });

  it('never quotes a value in its reason', () => {
    const reading = readIncomingTask({ ...task, status: 'Patient/2750312345678' }, 'Patient/PAT-7');
    expect(JSON.stringify(reading)).not.toContain('2750312345678');
  });
});

describe('orderKeysOf', () => {
  it('lists the focus and the related orders, not the evidence events', () => {
    const task = fhirTask({ order: 'RX-2', related: ['RX-1'] });
    expect(orderKeysOf(task)).toEqual(['urn:continuity:fixture:rx-order|RX-2', 'urn:continuity:fixture:rx-order|RX-1']);
  });
});
