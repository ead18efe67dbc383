import { toFhirTask } from './fhir-task';
import type { TaskRecord } from './model';

const record: TaskRecord = {
  id: 'abc',
  status: 'requested',
  authoredOn: Date.parse('2024-08-05T08:02:00Z'),
  lastModified: Date.parse('2024-08-05T09:00:00Z'),
  ruleSetVersion: 'prescriptions@1.0.0',
  configHash: 'f00',
  finding: {
    rule: 'rx-duplicate-order',
    severity: 'catastrophic',
    priority: 'stat',
    patientKey: '2750312345678',
    facility: 'AVC',
    focus: { system: 'urn:rx', value: 'RX-2' },
    related: [{ system: 'urn:rx', value: 'RX-1' }],
    evidence: ['urn:ehr#e2', 'urn:ehr#e1'],
    description: 'Two active orders of enoxaparin (B01AB05) overlap.',
  },
};

describe('toFhirTask', () => {
  it('builds the CONTRACT.md §4 Task', () => {
    expect(toFhirTask(record)).toEqual({
      resourceType: 'Task',
      id: 'abc',
      status: 'requested',
      intent: 'order',
      priority: 'stat',
      code: { coding: [{ system: 'urn:continuity:discrepancy', code: 'rx-duplicate-order', display: 'Duplicate medication order' }] },
      description: 'Two active orders of enoxaparin (B01AB05) overlap.',
      for: { reference: 'Patient/2750312345678', identifier: { system: 'urn:continuity:patient-key', value: '2750312345678' } },
      focus: { identifier: { system: 'urn:rx', value: 'RX-2' } },
      input: [
        { type: { coding: [{ system: 'urn:continuity:task-input', code: 'related-order' }] }, valueIdentifier: { system: 'urn:rx', value: 'RX-1' } },
        { type: { coding: [{ system: 'urn:continuity:task-input', code: 'evidence-event' }] }, valueString: 'urn:ehr#e1' },
        { type: { coding: [{ system: 'urn:continuity:task-input', code: 'evidence-event' }] }, valueString: 'urn:ehr#e2' },
      ],
      authoredOn: '2024-08-05T08:02:00.000Z',
      lastModified: '2024-08-05T09:00:00.000Z',
      extension: [
        { url: 'urn:continuity:facility', valueCode: 'AVC' },
        { url: 'urn:continuity:severity', valueCode: 'catastrophic' },
        { url: 'urn:continuity:rule-set-version', valueString: 'prescriptions@1.0.0' },
        { url: 'urn:continuity:config-hash', valueString: 'f00' },
      ],
    });
  });

  it('names non-order related ids for what they are and carries a cancelled status', () => {
    const t = toFhirTask({
      ...record,
      status: 'cancelled',
      finding: { ...record.finding, related: [{ system: 'urn:continuity:event', value: 's#1' }, { system: 'urn:continuity:downtime', value: 'ops#d' }] },
    });
    expect(t.status).toBe('cancelled');
    expect(t.input.filter((i) => i.valueIdentifier).map((i) => i.type.coding[0].code)).toEqual(['related-downtime', 'related-event']);
  });
});
