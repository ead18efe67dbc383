import type { Domain } from './topics';

export type EntryMode = 'realtime' | 'backentry' | 'downtime-tool';

/**
 * A CloudEvent that passed the contract checks (envelope and payload), normalised for the
 * store and the rules. Times are ISO strings as received plus epoch milliseconds.
 */
export interface ParsedEvent {
  id: string;
  source: string;
  type: string;
  /** Clinical time (`time`). */
  time: string;
  timeMs: number;
  /** `recordedtime`, or `time` when absent. */
  recordedTime: string;
  recordedTimeMs: number;
  subject: string | null;
  /** The value after `Patient/` in `subject`; null for downtime and heartbeat events. */
  patientKey: string | null;
  facility: string;
  entryMode: EntryMode;
  dataContentType: string;
  /** The validated payload (FHIR resource or downtime JSON), as plain JSON. */
  data: unknown;
  /** False for an unknown `type` on a known topic: stored, counted, ignored by the rules. */
  known: boolean;
  /** Domain of the topic it came from, or 'downtime'. */
  domain: Domain | 'downtime';
}

/** A FHIR business identifier, the join key between events (CONTRACT.md §3). */
export interface BusinessId {
  system: string;
  value: string;
}
