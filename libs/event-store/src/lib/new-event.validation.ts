import type { NewEvent } from './event.types';

/** Max int4: stream_version is an integer column. */
const MAX_VERSION = 2_147_483_647;
const INT64_DECIMAL = /^(0|[1-9][0-9]{0,18})$/;

/**
 * Throws a TypeError naming the field when an event cannot be stored as given. Programming
 * errors, not bad input: messages are validated against the contract before they get here.
 */
export function assertValidNewEvent(e: NewEvent, index: number): void {
  const fail = (field: string, why: string): never => {
    throw new TypeError(`append: events[${index}].${field} ${why}`);
  };
  for (const field of ['streamId', 'source', 'eventId', 'type'] as const) {
    if (typeof e[field] !== 'string' || e[field].length === 0) fail(field, 'must be a non-empty string');
  }
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
    if (typeof e.kafka.topic !== 'string' || e.kafka.topic.length === 0) fail('kafka.topic', 'must be a non-empty string');
    if (!Number.isInteger(e.kafka.partition) || e.kafka.partition < 0) fail('kafka.partition', 'must be an integer >= 0');
    if (typeof e.kafka.offset !== 'string' || !INT64_DECIMAL.test(e.kafka.offset)) {
      fail('kafka.offset', 'must be a decimal int64 string');
    }
  }
  if (e.tags !== undefined && !(Array.isArray(e.tags) && e.tags.every((t) => typeof t === 'string'))) {
    fail('tags', 'must be an array of strings');
  }
  if (e.metadata !== undefined && (e.metadata === null || typeof e.metadata !== 'object' || Array.isArray(e.metadata))) {
    fail('metadata', 'must be an object');
  }
}
