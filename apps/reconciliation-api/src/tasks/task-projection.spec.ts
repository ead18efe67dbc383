import { fhirTask, type TaskSpec } from '../testing/task-fixtures';
import { projectSystemChange, projectTransition, type TaskRow } from './task-projection';
import { readIncomingTask, type IncomingTask } from './task-resource';

function incoming(spec: TaskSpec): IncomingTask {
  const task = fhirTask(spec);
  const reading = readIncomingTask(task, `Patient/${task.for.identifier.value}`);
  if (!reading.ok) throw new Error(reading.reason);
  return reading.value;
}

const officer = { name: 'olivia', role: 'officer' as const };
const opened = incoming({ order: 'RX-2', related: ['RX-1'], authoredOn: '2024-08-04T20:00:00Z' });
const cancelled = incoming({ order: 'RX-2', related: ['RX-1'], status: 'cancelled', authoredOn: '2024-08-04T20:00:00Z', lastModified: '2024-08-05T09:00:00Z' });

describe('projectSystemChange', () => {
  it('makes a row of a new task, version 1', () => {
    const { row, note } = projectSystemChange(undefined, opened);
    expect(note).toBeNull();
    expect(row).toMatchObject({
      id: opened.task.id,
      domain: 'prescriptions',
      status: 'requested',
      systemStatus: 'requested',
      code: 'rx-duplicate-order',
      facility: 'AVC',
      patientKey: 'PAT-1',
      version: 1,
      authoredOn: '2024-08-04T20:00:00.000Z',
    });
    expect(row.resource.meta).toEqual({ versionId: '1', lastUpdated: '2024-08-04T20:00:00.000Z' });
    expect(row.orderKeys).toContain('urn:continuity:fixture:rx-order|RX-1');
  });

  it('cancels a task nobody has taken', () => {
    const first = projectSystemChange(undefined, opened).row;
    const { row, note } = projectSystemChange(first, cancelled);
    expect(note).toBeNull();
    expect(row).toMatchObject({ status: 'cancelled', systemStatus: 'cancelled', version: 2, lastModified: '2024-08-05T09:00:00.000Z' });
    expect(row.resource.status).toBe('cancelled');
  });

  it.each(['accepted', 'in-progress', 'completed', 'rejected'] as const)('keeps a %s task as it is, with a note', (taken) => {
    const first = projectSystemChange(undefined, opened).row;
    const byOfficer = projectTransition(first, taken, 'seen', officer, '2024-08-05T08:00:00.000Z');
    const { row, note } = projectSystemChange(byOfficer, cancelled);
    expect(row).toMatchObject({ status: taken, systemStatus: 'cancelled', version: 3 });
    expect(row.resource.status).toBe(taken);
    expect(note?.text).toMatch(new RegExp(`resolved by later events; the task stays ${taken} because an officer has taken it`));
    expect(row.resource.note?.at(-1)).toEqual(note);
  });

  it('reopens a task the reconciler had cancelled', () => {
    const first = projectSystemChange(projectSystemChange(undefined, opened).row, cancelled).row;
    const again = incoming({ order: 'RX-2', related: ['RX-1'], authoredOn: '2024-08-04T20:00:00Z', lastModified: '2024-08-05T10:00:00Z' });
    expect(projectSystemChange(first, again).row).toMatchObject({ status: 'requested', systemStatus: 'requested', version: 3, authoredOn: '2024-08-04T20:00:00.000Z' });
  });
});

describe('projectTransition', () => {
  const first: TaskRow = projectSystemChange(undefined, opened).row;

  it('moves the status, bumps the version and dates the change', () => {
    const row = projectTransition(first, 'accepted', undefined, officer, '2024-08-05T08:00:00.000Z');
    expect(row).toMatchObject({ status: 'accepted', version: 2, lastModified: '2024-08-05T08:00:00.000Z' });
    expect(row.resource).toMatchObject({ status: 'accepted', lastModified: '2024-08-05T08:00:00.000Z', meta: { versionId: '2' } });
    expect(row.resource.note).toBeUndefined();
  });

  it('keeps the reason of a rejection as statusReason and as a note by the officer', () => {
    const row = projectTransition(first, 'rejected', ' false alarm: same paper order ', officer, '2024-08-05T08:00:00.000Z');
    expect(row.resource.statusReason).toEqual({ text: 'false alarm: same paper order' });
    expect(row.resource.note).toEqual([{ time: '2024-08-05T08:00:00.000Z', authorString: 'olivia', text: 'requested → rejected: false alarm: same paper order' }]);
  });
});
