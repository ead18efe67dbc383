import type { ParsedEvent } from '@continuity/contracts';

let counter = 0;

/** Epoch ms of an ISO string or a number, for factories that accept both. */
export function toInstant(t: number | string): number {
  if (typeof t === 'number') return t;
  const ms = Date.parse(t);
  if (Number.isNaN(ms)) throw new Error(`not an ISO date-time: ${t}`);
  return ms;
}

/** Fields a test may set on a ParsedEvent; times accept ISO strings or epoch ms. */
export interface ParsedEventInput extends Partial<Omit<ParsedEvent, 'time' | 'timeMs' | 'recordedTime' | 'recordedTimeMs'>> {
  time?: number | string;
  recordedTime?: number | string;
}

/**
 * A ParsedEvent as `parseMessage` would produce it, with defaults (facility AVC, realtime,
 * recorded at its clinical time, a fresh id). For pure tests of rule sets.
 */
export function parsedEvent(input: ParsedEventInput & { type: string }): ParsedEvent {
  const timeMs = toInstant(input.time ?? '2024-08-03T12:00:00Z');
  const recordedTimeMs = input.recordedTime === undefined ? timeMs : toInstant(input.recordedTime);
  const patientKey = input.patientKey === undefined ? 'PAT-1' : input.patientKey;
  return {
    id: input.id ?? `evt-${++counter}`,
    source: input.source ?? 'urn:continuity:system:test:AVC',
    type: input.type,
    time: new Date(timeMs).toISOString(),
    timeMs,
    recordedTime: new Date(recordedTimeMs).toISOString(),
    recordedTimeMs,
    subject: input.subject === undefined ? (patientKey === null ? null : `Patient/${patientKey}`) : input.subject,
    patientKey,
    facility: input.facility ?? 'AVC',
    entryMode: input.entryMode ?? 'realtime',
    dataContentType: input.dataContentType ?? 'application/fhir+json',
    data: input.data ?? {},
    known: input.known ?? true,
    domain: input.domain ?? 'prescriptions',
  };
}

/** A `continuity.downtime.started` or `.ended` event of the operations topic. */
export function downtimeEvent(
  kind: 'started' | 'ended',
  o: { time: number | string; facility?: string; systems?: string[]; id?: string; source?: string; reason?: string },
): ParsedEvent {
  const facility = o.facility ?? 'AVC';
  return parsedEvent({
    type: `continuity.downtime.${kind}`,
    id: o.id,
    source: o.source ?? 'urn:continuity:system:operations',
    time: o.time,
    facility,
    patientKey: null,
    subject: null,
    domain: 'downtime',
    dataContentType: 'application/json',
    data: { facility, systems: o.systems ?? [], reason: o.reason ?? 'test' },
  });
}
