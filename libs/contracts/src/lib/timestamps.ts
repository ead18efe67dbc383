/**
 * RFC 3339 date-times with a zone, the only form the rules can turn into an instant.
 * Partial FHIR dateTimes ("2024-08") and zone-less times are refused on purpose: a
 * deadline computed from an ambiguous time would be wrong by hours.
 */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const isLeapYear = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/**
 * Epoch milliseconds of an RFC 3339 date-time with zone, or null when the text is not one or
 * names an impossible date (2024-02-30, 25:00, +24:00 offset). Leap seconds (":60") are refused:
 * JavaScript instants cannot represent them. Fractions beyond milliseconds are truncated.
 */
export function parseRfc3339(text: unknown): number | null {
  if (typeof text !== 'string' || text.length > 64) return null;
  const m = RFC3339.exec(text);
  if (m === null) return null;
  const year = +m[1];
  const month = +m[2];
  const day = +m[3];
  const hour = +m[4];
  const minute = +m[5];
  const second = +m[6];
  if (month < 1 || month > 12 || day < 1) return null;
  const maxDay = month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1];
  if (day > maxDay || hour > 23 || minute > 59 || second > 59) return null;
  let offsetMinutes = 0;
  if (m[8] !== undefined) {
    const oh = +m[9];
    const om = +m[10];
    if (oh > 23 || om > 59) return null;
    offsetMinutes = (m[8] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const ms = m[7] === undefined ? 0 : +(m[7] + '00').slice(0, 3);
  // Date.UTC maps years 0..99 to 1900..1999; setUTCFullYear does not.
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, ms));
  date.setUTCFullYear(year);
  return date.getTime() - offsetMinutes * 60_000;
}

/** True when `text` is an RFC 3339 date-time with zone naming a real instant. */
export const isRfc3339 = (text: unknown): boolean => parseRfc3339(text) !== null;
