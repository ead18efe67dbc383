import type { CloudEventInput, ErrorCode } from '@continuity/contracts';

/** What a feed line is, for counting and for tests; never written to the NDJSON. */
export type SimEventKind = 'event' | 'duplicate' | 'malformed' | 'heartbeat' | 'downtime';

/**
 * One message of the feed before encoding. `emitMs` is where it sits in the feed: its recorded
 * time, or later for a transport duplicate. Encoding is deferred to emission (memory).
 */
export interface SimEvent {
  emitMs: number;
  topic: string;
  key: string;
  kind: SimEventKind;
  type: string;
  /** The CloudEvent (events, duplicates, heartbeats, downtimes); a duplicate shares its original's. */
  ce: CloudEventInput | null;
  /** The exact value of a malformed message. */
  raw: string | null;
  /** The code `parseMessage` must reject a malformed message with. */
  expectedError: ErrorCode | null;
}

/** A message ready to publish: `value` is the exact string to send. */
export interface FeedMessage {
  topic: string;
  key: string;
  value: string;
  kind: SimEventKind;
  type: string;
  emitMs: number;
  expectedError: ErrorCode | null;
}

/**
 * Structured-mode value, byte for byte what `encodeCloudEvent` of contracts produces (same member
 * order), but as a string: the NDJSON writer needs text and this is the hot path.
 */
export function encodeValue(input: CloudEventInput): string {
  const event: Record<string, unknown> = {
    specversion: '1.0',
    id: input.id,
    source: input.source,
    type: input.type,
    time: input.time,
  };
  if (input.subject !== undefined) event.subject = input.subject;
  if (input.datacontenttype !== undefined) event.datacontenttype = input.datacontenttype;
  event.facility = input.facility;
  if (input.entrymode !== undefined) event.entrymode = input.entrymode;
  if (input.recordedtime !== undefined) event.recordedtime = input.recordedtime;
  event.data = input.data;
  return JSON.stringify(event);
}

/** The message of a feed event. */
export function toFeedMessage(e: SimEvent): FeedMessage {
  const value = e.raw !== null ? e.raw : encodeValue(e.ce as CloudEventInput);
  return { topic: e.topic, key: e.key, value, kind: e.kind, type: e.type, emitMs: e.emitMs, expectedError: e.expectedError };
}
