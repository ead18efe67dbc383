/** RFC 9457 media type; every error response of the services carries it. */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Prefix of the `type` URI of Continuity's own problems; followed by the stable code. */
export const PROBLEM_TYPE_PREFIX = 'urn:continuity:problem:';

/** One rejected input field: `field` is a path (`input[0].code`), `detail` says what is wrong with it. */
export interface FieldError {
  field: string;
  detail: string;
}

/**
 * An RFC 9457 problem details object. `type` is `about:blank` for plain HTTP errors (then
 * `title` is the status phrase) or `urn:continuity:problem:<code>` for ours, with `code` repeated.
 */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  /** The path of the request that failed (no query string: it may hold a patient key). */
  instance?: string;
  /** Stable error code, e.g. `TASK.ILLEGAL_TRANSITION` or `REQUEST.INVALID`. */
  code?: string;
  /** Correlates with the `x-request-id` response header and the log lines. */
  requestId?: string;
  /** Validation problems only: one entry per rejected field. */
  errors?: FieldError[];
  [extension: string]: unknown;
}

/** The `type` URI of one of our codes. */
export function problemType(code: string): string {
  return `${PROBLEM_TYPE_PREFIX}${code}`;
}
