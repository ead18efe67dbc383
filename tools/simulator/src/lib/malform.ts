import type { CloudEventInput, ErrorCode } from '@continuity/contracts';
import { encodeValue } from './encode';

/**
 * The kinds of bad input of CONTRACT.md §7 the feed carries, each with the code `parseMessage`
 * must reject it with. A malformed message is an extra message (a corrupted copy of a valid one
 * with a fresh id): the valid one still arrives, so the ground truth does not depend on them.
 */
export const MALFORMED_KINDS = {
  'invalid-json': 'CONTRACT.INVALID_JSON',
  empty: 'CONTRACT.EMPTY_MESSAGE',
  'not-cloudevent': 'CONTRACT.NOT_CLOUDEVENT',
  'missing-time': 'CONTRACT.MISSING_FIELD',
  'bad-timestamp': 'CONTRACT.INVALID_TIMESTAMP',
  'payload-mismatch': 'CONTRACT.PAYLOAD_MISMATCH',
  'subject-mismatch': 'CONTRACT.SUBJECT_MISMATCH',
  'forbidden-key': 'CONTRACT.FORBIDDEN_KEY',
} as const satisfies Record<string, ErrorCode>;

export type MalformedKind = keyof typeof MALFORMED_KINDS;

export const MALFORMED_KIND_LIST = Object.keys(MALFORMED_KINDS) as MalformedKind[];

/** The bytes of a malformed copy of `ce` (given a fresh id), and the code it must be rejected with. */
export function malform(kind: MalformedKind, ce: CloudEventInput, freshId: string, otherPatientKey: string): { raw: string; expected: ErrorCode } {
  const copy: CloudEventInput = { ...ce, id: freshId };
  const expected = MALFORMED_KINDS[kind];
  const asObject = (): Record<string, unknown> => JSON.parse(encodeValue(copy)) as Record<string, unknown>;
  switch (kind) {
    case 'invalid-json': {
      const text = encodeValue(copy);
      return { raw: text.slice(0, Math.floor(text.length * 0.6)), expected };
    }
    case 'empty':
      return { raw: '', expected };
    case 'not-cloudevent': {
      const o = asObject();
      delete o.specversion;
      return { raw: JSON.stringify(o), expected };
    }
    case 'missing-time': {
      const o = asObject();
      delete o.time;
      return { raw: JSON.stringify(o), expected };
    }
    case 'bad-timestamp': {
      // A paper-style local time without a zone: the rules could not turn it into an instant.
      const o = asObject();
      o.time = String(o.time).replace('T', ' ').replace(/Z$/, '');
      return { raw: JSON.stringify(o), expected };
    }
    case 'payload-mismatch': {
      const o = asObject();
      (o.data as Record<string, unknown>).resourceType = 'Observation';
      return { raw: JSON.stringify(o), expected };
    }
    case 'subject-mismatch':
      return { raw: encodeValue({ ...copy, subject: `Patient/${otherPatientKey}` }), expected };
    case 'forbidden-key': {
      const text = encodeValue(copy);
      return { raw: text.replace('"data":{', '"data":{"__proto__":{"isAdmin":true},'), expected };
    }
    default: {
      const never: never = kind;
      throw new Error(`unknown malformed kind ${String(never)}`);
    }
  }
}
