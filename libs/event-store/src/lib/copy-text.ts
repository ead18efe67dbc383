import type { StoredEvent } from './event.types';

/** The columns `copyLine` writes, in order, for `COPY events (...) FROM STDIN`. */
export const COPY_COLUMNS =
  'position, stream_id, stream_version, source, event_id, type, clinical_time, recorded_time, ingested_at, ' +
  'kafka_topic, kafka_partition, kafka_offset, data, metadata, tags, hash, prev_hash';

const SPECIAL = /[\\\t\n\r]/;
const SPECIALS = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One field in COPY text format: backslash, tab, newline and carriage return escaped; null as \N. */
function field(v: string | null): string {
  if (v === null) return '\\N';
  return SPECIAL.test(v) ? v.replace(SPECIALS, (c) => ESCAPES[c]) : v;
}

/** A JSON text in COPY text format: JSON.stringify escapes control characters, so only backslashes remain. */
function jsonField(json: string): string {
  return json.includes('\\') ? json.replace(/\\/g, '\\\\') : json;
}

/** A PostgreSQL text[] literal. */
export function textArrayLiteral(items: readonly string[]): string {
  let out = '{';
  for (let i = 0; i < items.length; i++) {
    out += (i > 0 ? ',"' : '"') + items[i].replace(/[\\"]/g, '\\$&') + '"';
  }
  return out + '}';
}

/**
 * One row of `events` in COPY text format (COPY_COLUMNS order), from the event as append will
 * return it and its canonical JSON (the very text that was hashed).
 */
export function copyLine(e: StoredEvent, dataJson: string, metadataJson: string, ingestedIso: string): string {
  const k = e.kafka;
  return (
    `${e.position}\t${field(e.streamId)}\t${e.streamVersion}\t${field(e.source)}\t${field(e.eventId)}\t${field(e.type)}\t` +
    `${e.clinicalTime ? e.clinicalTime.toISOString() : '\\N'}\t${e.recordedTime ? e.recordedTime.toISOString() : '\\N'}\t` +
    `${ingestedIso}\t${k ? `${field(k.topic)}\t${k.partition}\t${k.offset}` : '\\N\t\\N\t\\N'}\t` +
    `${jsonField(dataJson)}\t${jsonField(metadataJson)}\t${field(textArrayLiteral(e.tags))}\t` +
    `\\\\x${e.hash}\t${e.prevHash === null ? '\\N' : `\\\\x${e.prevHash}`}\n`
  );
}
