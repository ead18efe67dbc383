import { randomUUID } from 'node:crypto';
import { encodeCloudEvent, EVENT_TYPES, STRUCTURED_CONTENT_TYPE, type CloudEventInput, type DowntimePayload, type HeartbeatPayload } from '@continuity/contracts';
import type { OutboxRow } from '@continuity/messaging';
import { API_SOURCE } from '../config/api-options';

/** The system name the API's heartbeats speak for. */
export const API_HEARTBEAT_SYSTEM = 'continuity-api';

/** A declared degraded period, as the API received it. */
export interface DowntimeDeclaration {
  facility: string;
  systems: string[];
  start: string;
  end?: string;
  reason?: string;
}

/**
 * The CloudEvents of a declaration (CONTRACT.md §3): `continuity.downtime.started` at `start`
 * and, when the end is known, `continuity.downtime.ended` at `end`. They carry no `recordedtime`
 * (so it equals `time`): a reconciler's clock advances to the recorded time of what it reads,
 * and a past outage declared today (a simulation, a late declaration) must not move the clocks
 * to today. When the declaration was made is in the API's own log and audit trail.
 */
export function downtimeEvents(declaration: DowntimeDeclaration): CloudEventInput<DowntimePayload>[] {
  const data: DowntimePayload = {
    facility: declaration.facility,
    systems: [...declaration.systems],
    ...(declaration.reason !== undefined ? { reason: declaration.reason } : {}),
  };
  const event = (type: string, time: string): CloudEventInput<DowntimePayload> => ({
    id: randomUUID(),
    source: API_SOURCE,
    type,
    time: new Date(time).toISOString(),
    facility: declaration.facility,
    entrymode: 'realtime',
    datacontenttype: 'application/json',
    data,
  });
  const started = event(EVENT_TYPES.downtimeStarted, declaration.start);
  return declaration.end === undefined ? [started] : [started, event(EVENT_TYPES.downtimeEnded, declaration.end)];
}

/** The API's own heartbeat at `at`: the API is alive, and time has come this far. */
export function heartbeatEvent(at: Date): CloudEventInput<HeartbeatPayload> {
  return {
    id: randomUUID(),
    source: API_SOURCE,
    type: EVENT_TYPES.sourceHeartbeat,
    time: at.toISOString(),
    facility: '*',
    datacontenttype: 'application/json',
    data: { facility: '*', system: API_HEARTBEAT_SYSTEM },
  };
}

/** An operations event as an outbox row, keyed by facility (CONTRACT.md §1). */
export function operationsOutboxRow(topic: string, event: CloudEventInput): OutboxRow {
  return { topic, key: event.facility, value: encodeCloudEvent(event), headers: { 'content-type': STRUCTURED_CONTENT_TYPE } };
}
