/** Durations in milliseconds, and ISO formatting of instants (always from an explicit number, never "now"). */
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** RFC 3339 UTC without a fraction when the instant is whole seconds: `2024-08-03T12:10:00Z`. */
export function iso(ms: number): string {
  const s = new Date(ms).toISOString();
  return s.endsWith('.000Z') ? `${s.slice(0, -5)}Z` : s;
}

/** Epoch ms of an ISO date-time, or throws naming the flag. */
export function parseInstant(text: string, what: string): number {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new Error(`${what}: not an ISO date-time: ${text}`);
  return ms;
}

/** Rounds down to a whole minute (clinical times on paper forms are minutes). */
export const floorMinute = (ms: number): number => Math.floor(ms / MINUTE) * MINUTE;
