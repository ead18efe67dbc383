import type { NewEvent } from './event.types';

/** Stable code of an event the store cannot hold as given, for mapping at the edge (e.g. DLQ). */
export const INVALID_EVENT_CODE = 'EVENT_STORE.INVALID_EVENT';

/**
 * An event `append` refuses before writing anything: a missing field, or text PostgreSQL cannot
 * store (NUL, unpaired UTF-16 surrogates) and that would otherwise abort the whole transaction.
 */
export class InvalidEventError extends Error {
  readonly code = INVALID_EVENT_CODE;

  constructor(
    /** Index of the event in the batch given to `append`. */
    readonly index: number,
    /** e.g. `eventId`, `kafka.offset`, `data`. */
    readonly field: string,
    readonly reason: string,
  ) {
    super(`append: events[${index}].${field} ${reason}`);
    this.name = 'InvalidEventError';
  }
}

/** Max int4: stream_version is an integer column. */
const MAX_VERSION = 2_147_483_647;
const INT64_DECIMAL = /^(0|[1-9][0-9]{0,18})$/;
/** NUL, or a UTF-16 surrogate without its pair: not storable in PostgreSQL text. */
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const UNSTORABLE_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/**
 * The same in JSON text as JSON.stringify writes it (NUL and lone surrogates are escaped, paired
 * ones are written as they are): an escape preceded by an even number of backslashes.
 */
const UNSTORABLE_JSON = /(?<!\\)(?:\\\\)*\\u(?:0000|d[89a-f][0-9a-f]{2})/;

/** Throws InvalidEventError unless `e` can be stored as given. */
export function assertValidNewEvent(e: NewEvent, index: number): void {
  const fail = (field: string, why: string): never => {
    throw new InvalidEventError(index, field, why);
  };
  const text = (field: string, v: unknown): void => {
    if (typeof v !== 'string' || v.length === 0) fail(field, 'must be a non-empty string');
    if (UNSTORABLE_TEXT.test(v as string)) fail(field, 'contains NUL or an unpaired surrogate');
  };
  text('streamId', e.streamId);
  text('source', e.source);
  text('eventId', e.eventId);
  text('type', e.type);
  const ev = e.expectedVersion;
  if (ev !== undefined && ev !== 'any' && !(Number.isInteger(ev) && ev >= 0 && ev < MAX_VERSION)) {
    fail('expectedVersion', "must be 'any' or an integer >= 0");
  }
  for (const field of ['clinicalTime', 'recordedTime'] as const) {
    const t = e[field];
    if (t !== undefined && t !== null && !(t instanceof Date && !Number.isNaN(t.getTime()))) {
      fail(field, 'must be a valid Date or null');
    }
  }
  if (e.kafka) {
    text('kafka.topic', e.kafka.topic);
    if (!Number.isInteger(e.kafka.partition) || e.kafka.partition < 0) fail('kafka.partition', 'must be an integer >= 0');
    if (typeof e.kafka.offset !== 'string' || !INT64_DECIMAL.test(e.kafka.offset)) {
      fail('kafka.offset', 'must be a decimal int64 string');
    }
  }
  if (e.tags !== undefined) {
    if (!Array.isArray(e.tags)) fail('tags', 'must be an array of strings');
    e.tags.forEach((t, i) => {
      if (typeof t !== 'string' || UNSTORABLE_TEXT.test(t)) fail(`tags[${i}]`, 'must be a string without NUL or unpaired surrogates');
    });
  }
  if (e.metadata !== undefined && (e.metadata === null || typeof e.metadata !== 'object' || Array.isArray(e.metadata))) {
    fail('metadata', 'must be an object');
  }
}

/** Throws InvalidEventError when canonical JSON holds text that jsonb refuses. */
export function assertStorableJson(json: string, index: number, field: 'data' | 'metadata'): void {
  if (UNSTORABLE_JSON.test(json)) throw new InvalidEventError(index, field, 'contains NUL (\\u0000) or an unpaired surrogate');
}
