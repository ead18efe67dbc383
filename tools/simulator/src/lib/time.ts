/** Durations in milliseconds, and ISO formatting of instants (always from an explicit number, never "now"). */
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));
const pad3 = (n: number): string => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : String(n));

// The date part of a few days is formatted over and over: cache it (Date's own formatting is slow).
const dayCache = new Map<number, string>();

function datePart(day: number): string {
  let s = dayCache.get(day);
  if (s === undefined) {
    s = new Date(day * DAY).toISOString().slice(0, 10);
    if (dayCache.size > 10_000) dayCache.clear();
    dayCache.set(day, s);
  }
  return s;
}

/** RFC 3339 UTC without a fraction when the instant is whole seconds: `2024-08-03T12:10:00Z`. */
export function iso(instant: number): string {
  const ms = Math.floor(instant);
  const day = Math.floor(ms / DAY);
  let rest = ms - day * DAY;
  const h = Math.floor(rest / HOUR);
  rest -= h * HOUR;
  const m = Math.floor(rest / MINUTE);
  rest -= m * MINUTE;
  const s = Math.floor(rest / SECOND);
  const frac = rest - s * SECOND;
  return `${datePart(day)}T${pad2(h)}:${pad2(m)}:${pad2(s)}${frac === 0 ? '' : `.${pad3(frac)}`}Z`;
}

/** Epoch ms of an ISO date-time, or throws naming the flag. */
export function parseInstant(text: string, what: string): number {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new Error(`${what}: not an ISO date-time: ${text}`);
  return ms;
}

/** Rounds down to a whole minute (clinical times on paper forms are minutes). */
export const floorMinute = (ms: number): number => Math.floor(ms / MINUTE) * MINUTE;
