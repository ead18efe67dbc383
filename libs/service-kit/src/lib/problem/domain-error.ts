/** Stable error codes read `AREA.REASON`, upper case: `TASK.ILLEGAL_TRANSITION`, `REPLAY.NOT_FOUND`. */
export type DomainErrorCode = `${Uppercase<string>}.${Uppercase<string>}`;

/** What kind of failure a code is; the only thing the HTTP edge needs to pick a status. */
export type DomainErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'unprocessable'
  | 'unavailable';

/** Construction arguments of a {@link DomainError}. */
export interface DomainErrorInit {
  code: DomainErrorCode;
  kind: DomainErrorKind;
  /** One sentence naming what was wrong (the field, the state); no patient data. */
  detail: string;
  /** Short summary of the code, the same for every occurrence; defaults to the status phrase. */
  title?: string;
  /** Extra members for the problem body, e.g. `{ allowed: ['accepted', 'rejected'] }`. */
  extensions?: Readonly<Record<string, unknown>>;
}

/**
 * A failure the caller can act on, carrying a stable code. Use cases return or throw it; the
 * problem-details filter turns it into `application/problem+json` with {@link httpStatusOf}.
 */
export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly kind: DomainErrorKind;
  readonly detail: string;
  readonly title: string | undefined;
  readonly extensions: Readonly<Record<string, unknown>>;

  constructor(init: DomainErrorInit) {
    super(`${init.code}: ${init.detail}`);
    this.name = 'DomainError';
    this.code = init.code;
    this.kind = init.kind;
    this.detail = init.detail;
    this.title = init.title;
    this.extensions = init.extensions ?? {};
  }
}

/** The HTTP status of a kind of domain error; exhaustive, so a new kind will not compile unmapped. */
export function httpStatusOf(kind: DomainErrorKind): number {
  switch (kind) {
    case 'invalid':
      return 400;
    case 'unauthenticated':
      return 401;
    case 'forbidden':
      return 403;
    case 'not-found':
      return 404;
    case 'conflict':
      return 409;
    case 'unprocessable':
      return 422;
    case 'unavailable':
      return 503;
    default:
      return assertNever(kind);
  }
}

function assertNever(value: never): never {
  throw new Error(`unmapped domain error kind: ${String(value)}`);
}
