import { createHash } from 'node:crypto';
import type { BusinessId } from '@continuity/contracts';
import type { RuleCode, Severity } from './model';

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** `system|value`, the string form of a business identifier (also the key of patient state maps). */
export function businessKey(id: BusinessId): string {
  return `${id.system}|${id.value}`;
}

/**
 * Deterministic task id: sha256 of the rule code and the sorted, de-duplicated `system|value` of the
 * business ids involved, hex, first 40 characters. The same discrepancy always gets the same id.
 */
export function taskIdOf(rule: RuleCode, ids: readonly BusinessId[]): string {
  const keys = [...new Set(ids.map(businessKey))].sort();
  return sha256([rule, ...keys].join('\n')).slice(0, 40);
}

/** System of the patient key as a business id (`Task.for.identifier`): the value after `Patient/` in the events' subject. */
export const PATIENT_KEY_SYSTEM = 'urn:continuity:patient-key';

/**
 * The id of a patient's task: `taskIdOf` over the patient key, the focus and the related ids.
 * The patient is part of it because placer numbers are not always unique across patients
 * (some systems number orders per stay), and two patients' tasks must never share an id.
 */
export function patientTaskIdOf(rule: RuleCode, patientKey: string, focus: BusinessId, related: readonly BusinessId[]): string {
  return taskIdOf(rule, [{ system: PATIENT_KEY_SYSTEM, value: patientKey }, focus, ...related]);
}

/** `${source}#${id}`: how an event is named in `Finding.evidence`. */
export function eventRef(e: { source: string; id: string }): string {
  return `${e.source}#${e.id}`;
}

/** Business id of an event for things that carry no business identifier of their own. */
export function eventBusinessId(e: { source: string; id: string }): BusinessId {
  return { system: 'urn:continuity:event', value: eventRef(e) };
}

/** JSON with object keys sorted at every level (undefined members dropped, as JSON does). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const s = JSON.stringify(value);
    return s === undefined ? 'null' : s;
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const members = Object.keys(obj)
    .filter((k) => obj[k] !== undefined && typeof obj[k] !== 'function')
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`);
  return `{${members.join(',')}}`;
}

/** sha256 (hex) of the canonical JSON of a configuration: same content, same hash, whatever the key order. */
export function configHash(config: unknown): string {
  return sha256(canonicalJson(config));
}

/** DCB0129 severities in increasing order of harm. */
export const SEVERITY_RANK: Record<Severity, number> = {
  minor: 1,
  significant: 2,
  considerable: 3,
  major: 4,
  catastrophic: 5,
};
