import { parseRfc3339 } from '../timestamps';
import type { UnitsOfTime } from './payloads';

/**
 * Hand-written checks of the FHIR datatypes (Coding, CodeableConcept, Identifier, Reference,
 * Period, Dosage, Quantity). The resource DTOs apply them through class-validator custom
 * constraints (see decorators.ts): one constraint per field instead of a nested DTO per
 * datatype, because class-validator's per-object cost made nested datatypes the bulk of the
 * parse time. They return the first problem with its path below the field, or null.
 */
export interface ElementIssue {
  /** Below the field, e.g. "[0].type.coding[0].code"; "" for the field itself. */
  path: string;
  reason: string;
  kind: 'missing' | 'timestamp' | 'mismatch';
}

export type ElementCheck = (value: unknown, path: string) => ElementIssue | null;

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const missing = (path: string): ElementIssue => ({ path, reason: 'is required', kind: 'missing' });
const mismatch = (path: string, reason: string): ElementIssue => ({ path, reason, kind: 'mismatch' });
const absent = (v: unknown): boolean => v === undefined || v === null;

function object(v: unknown, path: string): ElementIssue | null {
  if (absent(v)) return missing(path);
  return isObject(v) ? null : mismatch(path, 'must be an object');
}

function text(v: unknown, path: string, required: boolean): ElementIssue | null {
  if (absent(v)) return required ? missing(path) : null;
  return typeof v === 'string' && v.length > 0 ? null : mismatch(path, 'must be a non-empty string');
}

function anyString(v: unknown, path: string): ElementIssue | null {
  return absent(v) || typeof v === 'string' ? null : mismatch(path, 'must be a string');
}

function finiteNumber(v: unknown, path: string): ElementIssue | null {
  return absent(v) || (typeof v === 'number' && Number.isFinite(v)) ? null : mismatch(path, 'must be a number');
}

/** An RFC 3339 date-time with zone, if present (or always when `required`). */
export function instant(v: unknown, path: string, required = false): ElementIssue | null {
  if (absent(v)) return required ? missing(path) : null;
  return parseRfc3339(v) === null
    ? { path, reason: 'must be an RFC 3339 date-time with a zone (e.g. 2024-08-03T12:10:00Z)', kind: 'timestamp' }
    : null;
}

/** A FHIR list: an array with at least one element (FHIR forbids empty arrays), each checked. */
export function listOf(check: ElementCheck): ElementCheck {
  return (v, path) => {
    if (absent(v)) return missing(path);
    if (!Array.isArray(v)) return mismatch(path, 'must be an array');
    if (v.length === 0) return mismatch(path, 'must not be empty');
    for (let i = 0; i < v.length; i++) {
      const issue = check(v[i], `${path}[${i}]`);
      if (issue) return issue;
    }
    return null;
  };
}

export const checkCoding: ElementCheck = (v, path) =>
  object(v, path) ??
  text((v as Json).system, `${path}.system`, false) ??
  text((v as Json).code, `${path}.code`, false) ??
  anyString((v as Json).display, `${path}.display`);

const checkCodings = listOf(checkCoding);

export const checkCodeableConcept: ElementCheck = (v, path) =>
  object(v, path) ??
  (absent((v as Json).coding) ? null : checkCodings((v as Json).coding, `${path}.coding`)) ??
  anyString((v as Json).text, `${path}.text`);

/** System and value are required: events join on them. */
export const checkIdentifier: ElementCheck = (v, path) =>
  object(v, path) ??
  (absent((v as Json).type) ? null : checkCodeableConcept((v as Json).type, `${path}.type`)) ??
  text((v as Json).system, `${path}.system`, true) ??
  text((v as Json).value, `${path}.value`, true);

function reference(requireIdentifier: boolean): ElementCheck {
  return (v, path) => {
    const r = v as Json;
    return (
      object(v, path) ??
      text(r.reference, `${path}.reference`, false) ??
      text(r.type, `${path}.type`, false) ??
      (absent(r.identifier) && !requireIdentifier ? null : checkIdentifier(r.identifier, `${path}.identifier`)) ??
      anyString(r.display, `${path}.display`)
    );
  };
}

export const checkReference: ElementCheck = reference(false);
/** A reference by business identifier (`{"identifier": {"system", "value"}}`). */
export const checkIdentifierReference: ElementCheck = reference(true);

export const checkPeriod: ElementCheck = (v, path) =>
  object(v, path) ?? instant((v as Json).start, `${path}.start`) ?? instant((v as Json).end, `${path}.end`);

const UNITS_OF_TIME: ReadonlySet<UnitsOfTime> = new Set(['s', 'min', 'h', 'd', 'wk', 'mo', 'a']);

export const checkTimingRepeat: ElementCheck = (v, path) => {
  const notObject = object(v, path);
  if (notObject) return notObject;
  const r = v as Json;
  const unit = r.periodUnit;
  return (
    finiteNumber(r.frequency, `${path}.frequency`) ??
    finiteNumber(r.period, `${path}.period`) ??
    (absent(unit) || UNITS_OF_TIME.has(unit as UnitsOfTime)
      ? null
      : mismatch(`${path}.periodUnit`, `must be one of ${[...UNITS_OF_TIME].join('|')}`))
  );
};

export const checkTiming: ElementCheck = (v, path) =>
  object(v, path) ??
  (absent((v as Json).repeat) ? null : checkTimingRepeat((v as Json).repeat, `${path}.repeat`)) ??
  (absent((v as Json).code) ? null : checkCodeableConcept((v as Json).code, `${path}.code`));

export const checkDosage: ElementCheck = (v, path) =>
  object(v, path) ??
  anyString((v as Json).text, `${path}.text`) ??
  (absent((v as Json).timing) ? null : checkTiming((v as Json).timing, `${path}.timing`));

export const checkQuantity: ElementCheck = (v, path) =>
  object(v, path) ??
  finiteNumber((v as Json).value, `${path}.value`) ??
  anyString((v as Json).unit, `${path}.unit`) ??
  anyString((v as Json).system, `${path}.system`) ??
  anyString((v as Json).code, `${path}.code`);

/** `MedicationRequest.dispenseRequest` (its validity period only). */
export const checkDispenseRequest: ElementCheck = (v, path) =>
  object(v, path) ??
  (absent((v as Json).validityPeriod) ? null : checkPeriod((v as Json).validityPeriod, `${path}.validityPeriod`));
