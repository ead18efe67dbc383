import { parseRfc3339, type Domain } from '@continuity/contracts';
import { DISCREPANCY_SYSTEM, RULE_DISPLAY, TASK_EXTENSIONS, type FhirTask, type RuleCode } from '@continuity/rules';
import { isTaskStatus, type SystemStatus, type TaskStatus } from './task-lifecycle';

/** A FHIR `Annotation` on a task: what happened to it besides the status (no patient data). */
export interface TaskNote {
  time: string;
  authorString: string;
  text: string;
}

/** The Task as the API serves it: the reconciler's, with the officers' status, a version and notes. */
export interface ServedTask extends Omit<FhirTask, 'status'> {
  status: TaskStatus;
  meta: { versionId: string; lastUpdated: string };
  statusReason?: { text: string };
  note?: TaskNote[];
}

/** FHIR `id` syntax. */
export const FHIR_ID = /^[A-Za-z0-9.-]{1,64}$/;

const PRIORITIES = new Set(['routine', 'urgent', 'asap', 'stat']);
const SEVERITIES = new Set(['minor', 'significant', 'considerable', 'major', 'catastrophic']);
const DOMAIN_OF_PREFIX: Readonly<Record<string, Domain>> = { rx: 'prescriptions', lab: 'lab', sched: 'scheduling' };

/** A reconciler's Task, checked enough to be indexed and served. */
export interface IncomingTask {
  task: FhirTask & { status: SystemStatus };
  domain: Domain;
  rule: RuleCode;
  patientKey: string;
  facility: string;
  severity: string;
}

export type TaskReading = { ok: true; value: IncomingTask } | { ok: false; reason: string };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const isRule = (code: unknown): code is RuleCode => typeof code === 'string' && Object.hasOwn(RULE_DISPLAY, code);

/**
 * Reads the FHIR Task carried by a `continuity.reconciliation.task` CloudEvent (CONTRACT.md §4)
 * as the read model needs it. The contract's parser accepts the envelope but not this payload
 * (tasks are not one of its §3 types), so the checks are here. `patientKey` is the envelope's
 * `Patient/<key>` subject, which the Task's `for` must name. Reasons never quote values.
 */
export function readIncomingTask(data: unknown, subject: string | null): TaskReading {
  if (!isObject(data) || data.resourceType !== 'Task') return fail('data: not a FHIR Task');
  if (typeof data.id !== 'string' || !FHIR_ID.test(data.id)) return fail('data.id: not a FHIR id');
  if (data.status !== 'requested' && data.status !== 'cancelled') return fail('data.status: a reconciler publishes requested or cancelled');
  if (typeof data.priority !== 'string' || !PRIORITIES.has(data.priority)) return fail('data.priority: not a Task priority');
  const coding = isObject(data.code) && Array.isArray(data.code.coding) ? (data.code.coding[0] as unknown) : undefined;
  if (!isObject(coding) || coding.system !== DISCREPANCY_SYSTEM || !isRule(coding.code)) return fail('data.code: not a discrepancy code');
  const forId = isObject(data.for) && isObject(data.for.identifier) ? data.for.identifier.value : undefined;
  if (typeof forId !== 'string' || forId === '') return fail('data.for: no patient identifier');
  if (subject !== `Patient/${forId}`) return fail('data.for: differs from the patient of subject');
  if (!isObject(data.focus) || !isObject(data.focus.identifier)) return fail('data.focus: no order identifier');
  if (!Array.isArray(data.input)) return fail('data.input: missing');
  for (const field of ['authoredOn', 'lastModified'] as const) {
    if (parseRfc3339(data[field]) === null) return fail(`data.${field}: not an RFC 3339 date-time`);
  }
  if (!Array.isArray(data.extension)) return fail('data.extension: missing');
  const facility = extensionValue(data.extension, TASK_EXTENSIONS.facility);
  const severity = extensionValue(data.extension, TASK_EXTENSIONS.severity);
  if (facility === undefined) return fail('data.extension: no facility');
  if (severity === undefined || !SEVERITIES.has(severity)) return fail('data.extension: no severity');
  const rule = coding.code;
  const domain = DOMAIN_OF_PREFIX[rule.split('-')[0]];
  return { ok: true, value: { task: data as unknown as IncomingTask['task'], domain, rule, patientKey: forId, facility, severity } };
}

function extensionValue(extensions: unknown[], url: string): string | undefined {
  const found = extensions.find((e): e is Json => isObject(e) && e.url === url);
  const value = found?.valueCode;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function fail(reason: string): TaskReading {
  return { ok: false, reason };
}

/** `system|value` of the orders a task names (its focus and related orders): what order history joins on. */
export function orderKeysOf(task: Pick<FhirTask, 'focus' | 'input'>): string[] {
  const keys = [`${task.focus.identifier.system}|${task.focus.identifier.value}`];
  for (const input of task.input) {
    if (input.type.coding[0]?.code === 'related-order' && input.valueIdentifier) {
      keys.push(`${input.valueIdentifier.system}|${input.valueIdentifier.value}`);
    }
  }
  return [...new Set(keys)];
}

/** The patient key of a served task. */
export const patientKeyOf = (task: Pick<FhirTask, 'for'>): string => task.for.identifier.value;

/** Ensures a value is a status; the read model only ever stores valid ones. */
export function asTaskStatus(value: string): TaskStatus {
  if (!isTaskStatus(value)) throw new Error(`not a task status: ${value}`);
  return value;
}
