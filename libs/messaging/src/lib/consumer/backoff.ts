/** Exponential backoff with full jitter, capped. */
export interface BackoffPolicy {
  /** First delay, in ms. */
  initialMs: number;
  /** Largest delay, in ms. */
  maxMs: number;
}

/** Default: 200 ms doubling up to 30 s, so a database outage costs little and recovery is quick. */
export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 200, maxMs: 30_000 };

/**
 * The delay before retry number `attempt` (1-based). `random` is injectable so tests are exact.
 * Full jitter spreads the retries of many instances hitting the same recovering database.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  const ceiling = Math.min(policy.maxMs, policy.initialMs * 2 ** exponent);
  return Math.round(policy.initialMs / 2 + random() * (ceiling - policy.initialMs / 2));
}
