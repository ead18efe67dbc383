import { Client } from 'pg';
import { TOPICS } from '@continuity/contracts';
import type { MessagingAdmin } from '@continuity/messaging';
import { StackError } from './commands';
import { instanceIdOf } from './services';
import { RECONCILERS } from './stack-options';

/** A consumer whose progress is stored in its service schema's `consumer_offsets` table. */
export interface TrackedConsumer {
  schema: string;
  group: string;
  topic: string;
}

/**
 * The consumers that must have read everything before the tasks are final: each reconciler's
 * domain group and its per-instance downtime group (libs/reconciler's default group names), and
 * the API's task read model (`continuity-api-tasks`, apps/reconciliation-api's default).
 */
export function trackedConsumers(supervisorPid: number = process.pid): TrackedConsumer[] {
  return [
    ...RECONCILERS.flatMap((domain) => [
      { schema: domain, group: `continuity-${domain}-reconciler`, topic: TOPICS[domain] },
      { schema: domain, group: `continuity-${domain}-reconciler-downtime-${instanceIdOf(domain, supervisorPid)}`, topic: TOPICS.downtime },
    ]),
    { schema: 'api', group: 'continuity-api-tasks', topic: TOPICS.tasks },
  ];
}

/** Schemas whose outbox must be empty: the reconcilers publish tasks through theirs, the API its transitions. */
export const OUTBOX_SCHEMAS: readonly string[] = [...RECONCILERS, 'api'];

/** One look at the pipeline. */
export interface DrainState {
  /** Messages written to the tracked topics and not yet consumed (stored offsets vs high watermarks). */
  behind: number;
  /** Outbox rows not yet published. */
  unsent: number;
  /** Changes whenever anything moves: watermarks, stored offsets, outbox rows. */
  fingerprint: string;
}

/**
 * Reads the high watermarks through the messaging admin and each tracked consumer's stored
 * offsets and each outbox from PostgreSQL (the offsets there are the consumers' truth; Kafka's
 * committed ones lag behind).
 */
export async function readDrainState(admin: MessagingAdmin, db: Client, consumers: readonly TrackedConsumer[] = trackedConsumers()): Promise<DrainState> {
  const highs = new Map<string, Map<number, string>>();
  for (const topic of new Set(consumers.map((c) => c.topic))) highs.set(topic, await admin.fetchHighWatermarks(topic));
  let behind = 0;
  const parts: string[] = [];
  for (const c of consumers) {
    const rows = (
      await db.query<{ partition: number; next_offset: string }>(
        `SELECT partition, next_offset::text AS next_offset FROM "${c.schema}".consumer_offsets WHERE consumer_group = $1 AND topic = $2`,
        [c.group, c.topic],
      )
    ).rows;
    const stored = new Map(rows.map((r) => [r.partition, Number(r.next_offset)]));
    for (const [partition, high] of highs.get(c.topic) ?? []) {
      const next = stored.get(partition) ?? 0;
      behind += Math.max(0, Number(high) - next);
      parts.push(`${c.group}/${c.topic}/${partition}:${next}/${high}`);
    }
  }
  let unsent = 0;
  for (const schema of OUTBOX_SCHEMAS) {
    const row = (
      await db.query<{ unsent: string; last: string | null }>(`SELECT count(*) FILTER (WHERE sent_at IS NULL)::text AS unsent, max(id)::text AS last FROM "${schema}".outbox`)
    ).rows[0];
    unsent += Number(row?.unsent ?? 0);
    parts.push(`${schema}.outbox:${row?.last ?? 0}`);
  }
  return { behind, unsent, fingerprint: parts.join(' ') };
}

export interface WaitForDrainOptions {
  read: () => Promise<DrainState>;
  /** How long the state must stay drained and unchanged. */
  quietMs: number;
  timeoutMs: number;
  /** Progress line, at most every `progressEveryMs`. */
  say: (line: string) => void;
  progressEveryMs?: number;
  pollMs?: number;
  /** Stops waiting (Ctrl-C). */
  cancelled?: () => boolean;
}

/**
 * Waits until nothing is left to consume or publish and nothing has changed for `quietMs`: lag 0
 * alone is not enough, since a consumer may still be turning its last chunk into tasks.
 */
export async function waitForDrain(o: WaitForDrainOptions): Promise<void> {
  const pollMs = o.pollMs ?? 1000;
  const progressEveryMs = o.progressEveryMs ?? 10_000;
  const started = Date.now();
  let lastProgress = started;
  let quietSince: number | null = null;
  let lastFingerprint = '';
  let last: DrainState | null = null;
  for (;;) {
    if (o.cancelled?.()) throw new StackError('interrupted');
    const now = Date.now();
    last = await o.read();
    const drained = last.behind === 0 && last.unsent === 0;
    if (drained && last.fingerprint === lastFingerprint) {
      quietSince ??= now;
      if (now - quietSince >= o.quietMs) return;
    } else {
      quietSince = drained ? now : null;
    }
    lastFingerprint = last.fingerprint;
    if (now - started >= o.timeoutMs) break;
    if (now - lastProgress >= progressEveryMs) {
      lastProgress = now;
      o.say(`drain: ${last.behind} messages still to consume, ${last.unsent} to publish (${Math.round((now - started) / 1000)} s)`);
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  throw new StackError(
    `the reconcilers did not drain within ${Math.round(o.timeoutMs / 1000)} s (${last?.behind ?? '?'} messages to consume, ${last?.unsent ?? '?'} to publish); see the services' logs (STACK_DRAIN_TIMEOUT_S sets the limit)`,
  );
}
