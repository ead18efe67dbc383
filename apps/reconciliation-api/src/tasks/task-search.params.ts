import { parseRfc3339 } from '@continuity/contracts';
import type { FieldError } from '@continuity/service-kit';
import { DISCREPANCY_SYSTEM, RULE_DISPLAY } from '@continuity/rules';
import { isTaskStatus, type TaskStatus } from './task-lifecycle';

/** `_count` when absent, and its ceiling (FHIR lets a server cap page sizes). */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
/** Deep paging past this is refused: narrow the search instead. */
export const MAX_OFFSET = 100_000;

const PRIORITIES = ['routine', 'urgent', 'asap', 'stat'];

/** A bound on `authoredOn`: `>=` or `<` an instant (FHIR date prefixes reduce to these). */
export interface InstantBound {
  op: '>=' | '<';
  at: Date;
}

/**
 * A parsed `GET /fhir/Task` search. Each list is one occurrence of its parameter (values are
 * ORed, FHIR's comma); repeated parameters are ANDed.
 */
export interface TaskSearch {
  status: TaskStatus[][];
  code: string[][];
  patient: string[][];
  facility: string[][];
  priority: string[][];
  authored: InstantBound[];
  count: number;
  offset: number;
}

/** The parameters `GET /fhir/Task` understands; anything else is a 400 naming it. */
export const TASK_SEARCH_PARAMS = ['status', 'code', 'patient', 'facility', 'priority', 'authored-on', '_count', '_offset'] as const;

export type SearchParsing = { ok: true; search: TaskSearch } | { ok: false; errors: FieldError[] };

/**
 * Parses the query of a FHIR Task search (token, reference and date parameters, `_count`,
 * `_offset`). Strict: unknown parameters and malformed values are errors naming the parameter,
 * never echoing its value (a patient key could be one).
 */
export function parseTaskSearch(query: Readonly<Record<string, unknown>>): SearchParsing {
  const errors: FieldError[] = [];
  const search: TaskSearch = { status: [], code: [], patient: [], facility: [], priority: [], authored: [], count: DEFAULT_PAGE_SIZE, offset: 0 };
  for (const [name, raw] of Object.entries(query)) {
    const values = Array.isArray(raw) ? raw : [raw];
    if (!values.every((v): v is string => typeof v === 'string')) {
      errors.push({ field: name, detail: 'must be a plain query parameter' });
      continue;
    }
    const error = (detail: string) => errors.push({ field: name, detail });
    switch (name) {
      case 'status':
        for (const v of values) tokens(v, error, (t) => (isTaskStatus(t) ? t : null), 'a Task status', search.status);
        break;
      case 'code':
        for (const v of values) tokens(v, error, ruleCodeOf, 'a discrepancy code (optionally urn:continuity:discrepancy|code)', search.code);
        break;
      case 'patient':
        for (const v of values) tokens(v, error, patientKeyOf, 'Patient/<key> or a patient key', search.patient);
        break;
      case 'facility':
        for (const v of values) tokens(v, error, (t) => (/^[A-Za-z0-9*._-]{1,64}$/.test(t) ? t : null), 'a facility code', search.facility);
        break;
      case 'priority':
        for (const v of values) tokens(v, error, (t) => (PRIORITIES.includes(t) ? t : null), `one of ${PRIORITIES.join(', ')}`, search.priority);
        break;
      case 'authored-on':
        for (const v of values) {
          const bounds = dateBounds(v);
          if (bounds === null) error('must be a date or date-time with zone, optionally prefixed by eq, ge, gt, le or lt');
          else search.authored.push(...bounds);
        }
        break;
      case '_count':
      case '_offset': {
        const max = name === '_count' ? MAX_PAGE_SIZE : MAX_OFFSET;
        if (values.length > 1) {
          error('must be given once');
          break;
        }
        const n = /^\d{1,9}$/.test(values[0]) ? Number(values[0]) : NaN;
        if (!Number.isInteger(n) || n > max) error(`must be an integer from 0 to ${max}`);
        else if (name === '_count') search.count = n;
        else search.offset = n;
        break;
      }
      default:
        errors.push({ field: name, detail: `is not a supported search parameter (supported: ${TASK_SEARCH_PARAMS.join(', ')})` });
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, search };
}

function tokens<T>(value: string, error: (detail: string) => void, read: (token: string) => T | null, what: string, into: T[][]): void {
  const parts = value.split(',');
  const out: T[] = [];
  for (const part of parts) {
    const parsed = part === '' ? null : read(part);
    if (parsed === null) {
      error(`must be ${what}`);
      return;
    }
    out.push(parsed);
  }
  into.push(out);
}

function ruleCodeOf(token: string): string | null {
  const bar = token.indexOf('|');
  const system = bar < 0 ? null : token.slice(0, bar);
  const code = bar < 0 ? token : token.slice(bar + 1);
  if (system !== null && system !== '' && system !== DISCREPANCY_SYSTEM) return null;
  return Object.hasOwn(RULE_DISPLAY, code) ? code : null;
}

function patientKeyOf(token: string): string | null {
  const key = token.startsWith('Patient/') ? token.slice('Patient/'.length) : token;
  return /^[A-Za-z0-9.-]{1,64}$/.test(key) ? key : null;
}

const DATE = /^(eq|ge|gt|le|lt)?(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?(Z|[+-]\d{2}:\d{2}))?)?)?$/;

/**
 * FHIR date search on an instant: the value names a range (a year, a month, a day or a second,
 * by its precision) and the prefix compares with it: `eq` inside, `ge` from its start, `gt` from
 * its end, `lt` before its start, `le` before its end. Dates without a time are UTC days.
 */
export function dateBounds(value: string): InstantBound[] | null {
  const m = DATE.exec(value);
  if (m === null) return null;
  const [, prefix = 'eq', y, mo, d, h, mi, s, ms, zone] = m;
  if (h !== undefined && zone === undefined) return null;
  const month = mo === undefined ? 1 : Number(mo);
  const day = d === undefined ? 1 : Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  let start: number;
  let end: number;
  if (h === undefined) {
    start = Date.UTC(Number(y), month - 1, day);
    const next = new Date(start);
    if (mo === undefined) next.setUTCFullYear(next.getUTCFullYear() + 1);
    else if (d === undefined) next.setUTCMonth(next.getUTCMonth() + 1);
    else next.setUTCDate(next.getUTCDate() + 1);
    end = next.getTime();
    if (new Date(start).getUTCDate() !== day) return null;
  } else {
    const parsed = parseRfc3339(`${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}.${(ms ?? '0').padEnd(3, '0')}${zone}`);
    if (parsed === null) return null;
    start = parsed;
    end = start + (s === undefined ? 60_000 : ms === undefined ? 1_000 : 1);
  }
  switch (prefix) {
    case 'eq':
      return [{ op: '>=', at: new Date(start) }, { op: '<', at: new Date(end) }];
    case 'ge':
      return [{ op: '>=', at: new Date(start) }];
    case 'gt':
      return [{ op: '>=', at: new Date(end) }];
    case 'lt':
      return [{ op: '<', at: new Date(start) }];
    case 'le':
      return [{ op: '<', at: new Date(end) }];
    default:
      return null;
  }
}

/**
 * The search as a canonical query string (parameters in a fixed order), for the Bundle's links;
 * `_offset` is set by the caller.
 */
export function canonicalQuery(search: TaskSearch, offset: number): string {
  const params = new URLSearchParams();
  for (const list of search.status) params.append('status', list.join(','));
  for (const list of search.code) params.append('code', list.join(','));
  for (const list of search.patient) params.append('patient', list.map((k) => `Patient/${k}`).join(','));
  for (const list of search.facility) params.append('facility', list.join(','));
  for (const list of search.priority) params.append('priority', list.join(','));
  for (const b of search.authored) params.append('authored-on', `${b.op === '>=' ? 'ge' : 'lt'}${b.at.toISOString()}`);
  params.set('_count', String(search.count));
  params.set('_offset', String(offset));
  return params.toString();
}
