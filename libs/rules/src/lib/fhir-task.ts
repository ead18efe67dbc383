import type { BusinessId } from '@continuity/contracts';
import { DISCREPANCY_SYSTEM, RULE_DISPLAY } from './catalogue';
import { PATIENT_KEY_SYSTEM } from './ids';
import type { Priority, RuleCode, Severity, TaskRecord, TaskStatus } from './model';

/** Extension URLs and code systems of the output Task (CONTRACT.md §4). */
export const TASK_EXTENSIONS = {
  facility: 'urn:continuity:facility',
  severity: 'urn:continuity:severity',
  ruleSetVersion: 'urn:continuity:rule-set-version',
  configHash: 'urn:continuity:config-hash',
} as const;
/** System of the `Task.input[].type` codes. */
export const TASK_INPUT_SYSTEM = 'urn:continuity:task-input';
/** Systems of business ids that are not orders. */
export const EVENT_ID_SYSTEM = 'urn:continuity:event';
export const DOWNTIME_ID_SYSTEM = 'urn:continuity:downtime';

export type FhirTaskInputCode = 'related-order' | 'related-event' | 'related-downtime' | 'evidence-event';

export interface FhirIdentifier {
  system: string;
  value: string;
}

export interface FhirTaskInput {
  type: { coding: [{ system: typeof TASK_INPUT_SYSTEM; code: FhirTaskInputCode }] };
  valueIdentifier?: FhirIdentifier;
  valueString?: string;
}

export type FhirTaskExtension =
  | { url: typeof TASK_EXTENSIONS.facility; valueCode: string }
  | { url: typeof TASK_EXTENSIONS.severity; valueCode: Severity }
  | { url: typeof TASK_EXTENSIONS.ruleSetVersion; valueString: string }
  | { url: typeof TASK_EXTENSIONS.configHash; valueString: string };

/** The FHIR R4 `Task` a reconciler publishes for one discrepancy (CONTRACT.md §4). */
export interface FhirTask {
  resourceType: 'Task';
  id: string;
  /** The engine emits `requested` or `cancelled`; officers move it further through the API. */
  status: TaskStatus | 'accepted' | 'in-progress' | 'completed' | 'rejected';
  intent: 'order';
  priority: Priority;
  code: { coding: [{ system: typeof DISCREPANCY_SYSTEM; code: RuleCode; display: string }] };
  description: string;
  for: { reference: string; identifier: FhirIdentifier };
  focus: { identifier: FhirIdentifier };
  input: FhirTaskInput[];
  authoredOn: string;
  lastModified: string;
  extension: FhirTaskExtension[];
}

function inputCode(id: BusinessId): FhirTaskInputCode {
  if (id.system === EVENT_ID_SYSTEM) return 'related-event';
  if (id.system === DOWNTIME_ID_SYSTEM) return 'related-downtime';
  return 'related-order';
}

function compareIds(a: BusinessId, b: BusinessId): number {
  const x = `${a.system}|${a.value}`;
  const y = `${b.system}|${b.value}`;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Builds the CONTRACT.md §4 `Task` of an engine task record. Inputs are sorted, so equal records give equal JSON. */
export function toFhirTask(record: TaskRecord): FhirTask {
  const f = record.finding;
  const related: FhirTaskInput[] = [...f.related].sort(compareIds).map((id) => ({
    type: { coding: [{ system: TASK_INPUT_SYSTEM, code: inputCode(id) }] },
    valueIdentifier: { system: id.system, value: id.value },
  }));
  const evidence: FhirTaskInput[] = [...new Set(f.evidence)].sort().map((ref) => ({
    type: { coding: [{ system: TASK_INPUT_SYSTEM, code: 'evidence-event' }] },
    valueString: ref,
  }));
  return {
    resourceType: 'Task',
    id: record.id,
    status: record.status,
    intent: 'order',
    priority: f.priority,
    code: { coding: [{ system: DISCREPANCY_SYSTEM, code: f.rule, display: RULE_DISPLAY[f.rule] }] },
    description: f.description,
    for: { reference: `Patient/${f.patientKey}`, identifier: { system: PATIENT_KEY_SYSTEM, value: f.patientKey } },
    focus: { identifier: { system: f.focus.system, value: f.focus.value } },
    input: [...related, ...evidence],
    authoredOn: new Date(record.authoredOn).toISOString(),
    lastModified: new Date(record.lastModified).toISOString(),
    extension: [
      { url: TASK_EXTENSIONS.facility, valueCode: f.facility },
      { url: TASK_EXTENSIONS.severity, valueCode: f.severity },
      { url: TASK_EXTENSIONS.ruleSetVersion, valueString: record.ruleSetVersion },
      { url: TASK_EXTENSIONS.configHash, valueString: record.configHash },
    ],
  };
}
