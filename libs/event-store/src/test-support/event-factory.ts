import type { NewEvent } from '../lib/event.types';

let counter = 0;

/** A valid event with defaults; each call gets a fresh event id unless one is given. */
export function makeEvent(over: Partial<NewEvent> = {}): NewEvent {
  counter++;
  return {
    streamId: 'Patient/2750312345678',
    source: 'urn:continuity:system:orbis:AVC',
    eventId: `evt-${process.pid}-${counter}`,
    type: 'continuity.lab.ordered',
    clinicalTime: new Date('2024-08-03T12:10:00Z'),
    recordedTime: new Date('2024-08-05T08:02:00Z'),
    kafka: { topic: 'clinical.lab.v1', partition: 3, offset: String(counter) },
    data: { resourceType: 'ServiceRequest', status: 'active', code: { coding: [{ system: 'http://loinc.org', code: '2823-3' }] } },
    metadata: { facility: 'AVC', entrymode: 'backentry' },
    tags: ['facility:AVC'],
    ...over,
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Resolves once `n` sessions of the current database wait on a lock: lets a test order
 * concurrent transactions on facts rather than on timings.
 */
export async function waitForLockWaiters(query: (sql: string) => Promise<{ rows: { n: number }[] }>, n = 1): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const { rows } = await query(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    if (rows[0].n >= n) return;
    await sleep(50);
  }
  throw new Error(`no session waited on a lock within 30 s`);
}

/**
 * Calls `read` until `done(result)` (at most 30 s). readPositions hands out nothing while any
 * older transaction of the server runs, and other suites share the server: reads of the log wait.
 */
export async function readEventually<T>(read: () => Promise<T>, done: (r: T) => boolean): Promise<T> {
  let r = await read();
  for (let i = 0; i < 600 && !done(r); i++) {
    await sleep(50);
    r = await read();
  }
  return r;
}
