/** Stable codes of why a message was rejected; sent as the `x-error-code` DLQ header. */
export const ERROR_CODES = [
  'CONTRACT.INVALID_JSON',
  'CONTRACT.NOT_CLOUDEVENT',
  'CONTRACT.MISSING_FIELD',
  'CONTRACT.INVALID_FIELD',
  'CONTRACT.INVALID_TIMESTAMP',
  'CONTRACT.PAYLOAD_MISMATCH',
  'CONTRACT.SUBJECT_MISMATCH',
  'CONTRACT.TOO_LARGE',
  'CONTRACT.FORBIDDEN_KEY',
  'CONTRACT.UNSUPPORTED_CONTENT_TYPE',
  'CONTRACT.EMPTY_MESSAGE',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ContractError {
  code: ErrorCode;
  /** Names the field and why, e.g. "data.authoredOn: not an ISO 8601 date-time". */
  detail: string;
  field?: string;
}

export type ParseResult<T> = { ok: true; event: T } | { ok: false; error: ContractError };
