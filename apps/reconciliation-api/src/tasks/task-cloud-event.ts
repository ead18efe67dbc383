import { STRUCTURED_CONTENT_TYPE, TASK_EVENT_TYPE } from '@continuity/contracts';
import type { OutboxRow } from '@continuity/messaging';
import { API_SOURCE } from '../config/api-options';
import { patientKeyOf, type ServedTask } from './task-resource';

/**
 * A new version of a Task on `reconciliation.tasks.v1` (CONTRACT.md §4), keyed by patient like
 * the reconcilers' own. Its (source, id) is the stored transition's, so when the API reads its
 * own message back, the store sees a duplicate and the read model is not touched twice.
 */
export function taskCloudEventRow(topic: string, task: ServedTask, eventId: string, facility: string): OutboxRow {
  const patientKey = patientKeyOf(task);
  const event = {
    specversion: '1.0',
    id: eventId,
    source: API_SOURCE,
    type: TASK_EVENT_TYPE,
    time: task.lastModified,
    subject: `Patient/${patientKey}`,
    datacontenttype: 'application/fhir+json',
    facility,
    data: task,
  };
  return { topic, key: patientKey, value: Buffer.from(JSON.stringify(event), 'utf8'), headers: { 'content-type': STRUCTURED_CONTENT_TYPE } };
}
