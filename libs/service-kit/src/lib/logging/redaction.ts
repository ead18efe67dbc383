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
