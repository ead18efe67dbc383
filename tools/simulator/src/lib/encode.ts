import type { CloudEventInput } from '@continuity/contracts';

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
