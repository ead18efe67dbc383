import type { CloudEventInput, ErrorCode } from '@continuity/contracts';
import { encodeValue } from './encode';
import { malform, type MalformedKind } from './malform';

/** What a feed line is, for counting and for tests; never written to the NDJSON. */
export type SimEventKind = 'event' | 'duplicate' | 'malformed' | 'heartbeat' | 'downtime';

/**
 * One message of the feed before encoding. `emitMs` is where it sits in the feed: its recorded
 * time, or later for a transport duplicate. The CloudEvent is materialised only at emission (`build`
 * is a pure function of the run), so a patient's pending events cost a closure, not a document.
 */
export interface SimEvent {
  emitMs: number;
  topic: string;
  key: string;
  kind: SimEventKind;
  type: string;
  /** The CloudEvent (a duplicate shares its original's `build`, hence its bytes). */
  build: () => CloudEventInput;
  /** For a malformed copy: how to corrupt the built event. */
  malformed: { kind: MalformedKind; freshId: () => string; otherPatientKey: string } | null;
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

/** The message of a feed event. */
export function toFeedMessage(e: SimEvent): FeedMessage {
  if (e.malformed !== null) {
    const bad = malform(e.malformed.kind, e.build(), e.malformed.freshId(), e.malformed.otherPatientKey);
    return { topic: e.topic, key: e.key, value: bad.raw, kind: e.kind, type: e.type, emitMs: e.emitMs, expectedError: bad.expected };
  }
  return { topic: e.topic, key: e.key, value: encodeValue(e.build()), kind: e.kind, type: e.type, emitMs: e.emitMs, expectedError: null };
}
