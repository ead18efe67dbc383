import { randomBytes } from 'node:crypto';
import { encodeCloudEvent, FIXTURE_RX_ORDER_SYSTEM, TASK_EVENT_TYPE, cloudEventHeaders, type Domain } from '@continuity/contracts';
import type { OutgoingMessage } from '@continuity/messaging';
import { taskIdOf, toFhirTask, type FhirTask, type Priority, type RuleCode, type Severity, type TaskRecord } from '@continuity/rules';

/** What a test says about a task; everything else has a default. */
export interface TaskSpec {
  rule?: RuleCode;
  patientKey?: string;
  facility?: string;
  severity?: Severity;
  priority?: Priority;
  status?: 'requested' | 'cancelled';
  /** Placer number of the order at fault. */
  order?: string;
  related?: string[];
  authoredOn?: string;
  lastModified?: string;
}

const DOMAIN_OF: Record<string, Domain> = { rx: 'prescriptions', lab: 'lab', sched: 'scheduling' };

/** A reconciler's task record (as the engine keeps it), with a deterministic id. */
export function taskRecord(spec: TaskSpec = {}): TaskRecord {
  const rule = spec.rule ?? 'rx-duplicate-order';
  const order = spec.order ?? `RX-${randomBytes(4).toString('hex')}`;
  const focus = { system: FIXTURE_RX_ORDER_SYSTEM, value: order };
  const related = (spec.related ?? []).map((value) => ({ system: FIXTURE_RX_ORDER_SYSTEM, value }));
  const authoredOn = Date.parse(spec.authoredOn ?? '2024-08-04T20:00:00Z');
  const patientKey = spec.patientKey ?? 'PAT-1';
  return {
    id: taskIdOf(rule, [{ system: 'urn:continuity:patient-key', value: patientKey }, focus, ...related]),
    status: spec.status ?? 'requested',
    finding: {
      rule,
      severity: spec.severity ?? 'major',
      priority: spec.priority ?? 'asap',
      patientKey,
      facility: spec.facility ?? 'AVC',
      focus,
      related,
      evidence: [`urn:continuity:system:orbis:AVC#${order}`],
      description: `Two active orders overlap (${order}).`,
    },
    authoredOn,
    lastModified: spec.lastModified === undefined ? authoredOn : Date.parse(spec.lastModified),
    ruleSetVersion: 'prescriptions@1.0.0',
    configHash: 'test',
  };
}

/** The FHIR Task of a spec. */
export const fhirTask = (spec: TaskSpec = {}): FhirTask => toFhirTask(taskRecord(spec));

/** A Task CloudEvent as a reconciler publishes it (CONTRACT.md §4), version `version` of the task. */
export function taskMessage(task: FhirTask, version = 1): OutgoingMessage {
  const patientKey = task.for.identifier.value;
  const domain = DOMAIN_OF[task.code.coding[0].code.split('-')[0]];
  const facility = task.extension.find((e) => e.url === 'urn:continuity:facility');
  return {
    key: patientKey,
    value: encodeCloudEvent({
      id: `${task.id}-${version}`,
      source: `urn:continuity:reconciler:${domain}`,
      type: TASK_EVENT_TYPE,
      time: task.lastModified,
      subject: `Patient/${patientKey}`,
      datacontenttype: 'application/fhir+json',
      facility: facility && 'valueCode' in facility ? facility.valueCode : 'AVC',
      data: task,
    }),
    headers: cloudEventHeaders(),
  };
}
