/** What a redacted value is replaced by. */
export const REDACTED = '[REDACTED]';

// Patient-like members at any of the depths our log objects reach (pino's redaction has no "**").
const PATIENT_KEYS = ['data', 'subject', 'patient', 'body', 'payload', 'value', 'resource', 'for'];

/**
 * pino `redact` paths: credentials in headers, and anything that may carry patient data (FHIR
 * payloads, subjects, request and message bodies). Only pseudonymous keys may be logged, under
 * names that are not in this list (`patientKey`, `taskId`).
 */
export const REDACT_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  ...PATIENT_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
];

/**
 * Query parameters whose values are safe to log; every other value is replaced, since a search
 * may name a patient (`?patient=…`).
 */
export const LOGGABLE_QUERY_PARAMS: ReadonlySet<string> = new Set([
  '_count',
  '_offset',
  '_sort',
  '_format',
  'status',
  'code',
  'facility',
  'priority',
  'severity',
  'from',
  'to',
  'asOf',
  'domains',
]);

/** `/fhir/Task?patient=123&status=requested` → `/fhir/Task?patient=[REDACTED]&status=requested`. */
export function maskQuery(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const params = new URLSearchParams(url.slice(at + 1));
  const masked = [...params].map(([name, value]) =>
    `${encodeURIComponent(name)}=${LOGGABLE_QUERY_PARAMS.has(name) ? encodeURIComponent(value) : REDACTED}`,
  );
  return `${url.slice(0, at)}?${masked.join('&')}`;
}

// Heuristics for free text (error messages, stacks) that may quote what was processed.
const TEXT_SCRUBBERS: readonly [RegExp, string][] = [
  // FHIR references to a patient: `Patient/2750312345678`.
  [/\bPatient\/[^\s"',;)}\]]+/g, `Patient/${REDACTED}`],
  // The input quoted by JSON.parse: `Unexpected token 'x', "{"subject":…"... is not valid JSON`.
  [/"[^\n]*(?=\s+is not valid JSON)/g, `"${REDACTED}"`],
  // Long digit runs: national ids (NIR, INS), phone numbers, record numbers.
  [/\d{6,}/g, REDACTED],
];

/** Masks patient-looking fragments of free text; a safety net, not a licence to log payloads. */
export function scrubText(text: string): string {
  return TEXT_SCRUBBERS.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);
}
