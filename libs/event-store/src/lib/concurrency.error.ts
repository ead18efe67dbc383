/** Stable code of an optimistic concurrency failure, for mapping at the edge. */
export const CONCURRENCY_ERROR_CODE = 'EVENT_STORE.CONCURRENCY';

/**
 * A stream did not have the version the caller expected: someone else appended first.
 * The caller re-reads the stream, decides again and retries.
 */
export class ConcurrencyError extends Error {
  readonly code = CONCURRENCY_ERROR_CODE;

  constructor(
    readonly streamId: string,
    readonly expectedVersion: number | null,
    readonly actualVersion: number | null,
  ) {
    super(
      expectedVersion === null
        ? `stream ${streamId}: concurrent append (version already taken)`
        : `stream ${streamId}: expected version ${expectedVersion}, found ${actualVersion ?? 'unknown'}`,
    );
    this.name = 'ConcurrencyError';
  }
}
