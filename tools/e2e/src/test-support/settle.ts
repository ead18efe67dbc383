import { eventStoreTables } from '@continuity/event-store';
import { createMessagingClient, type MessagingAdmin } from '@continuity/messaging';
import { waitFor } from '@continuity/testing';
import { Client } from 'pg';
import type { ReconcilerService } from './reconciler-service';

/**
 * "Done" for a run, read from the truth and never from timing: every service's stored offsets
 * (PostgreSQL's, not Kafka's commits) reached the high watermarks of its domain topic and, for each
 * live instance, of the downtime topic; every outbox row was sent; and the tasks topic then stayed
 * unchanged for `quietMs`.
 */
export interface SettleOptions {
  brokers: string[];
  databaseUrl: string;
  services: readonly ReconcilerService[];
  tasksTopic: string;
  quietMs?: number;
  timeoutMs?: number;
}

/** Stored next offsets of a group on a topic, by partition. */
async function storedOffsets(pg: Client, schema: string, group: string, topic: string): Promise<Map<number, string>> {
  const { consumerOffsets } = eventStoreTables(schema);
  const rows = await pg.query<{ partition: number; next_offset: string }>(
    `SELECT partition, next_offset::text AS next_offset FROM ${consumerOffsets} WHERE consumer_group = $1 AND topic = $2`,
    [group, topic],
  );
  return new Map(rows.rows.map((r) => [r.partition, r.next_offset]));
}

function reached(stored: Map<number, string>, high: Map<number, string>): boolean {
  for (const [partition, end] of high) if (end !== '0' && stored.get(partition) !== end) return false;
  return true;
}

/** True when every service has stored all it must read and sent all it must publish. */
export async function drained(pg: Client, admin: MessagingAdmin, services: readonly ReconcilerService[]): Promise<boolean> {
  for (const s of services) {
    const downtimeTopic = s.options.topics.downtime;
    if (!reached(await storedOffsets(pg, s.schema, s.groupId, s.domainTopic), await admin.fetchHighWatermarks(s.domainTopic))) return false;
    const downtimeEnd = await admin.fetchHighWatermarks(downtimeTopic);
    for (const id of s.instanceIds()) {
      if (!reached(await storedOffsets(pg, s.schema, s.downtimeGroupOf(id), downtimeTopic), downtimeEnd)) return false;
    }
    // Read after the offsets: the outbox rows of those chunks were committed with them.
    const unsent = await pg.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${eventStoreTables(s.schema).outbox} WHERE sent_at IS NULL`);
    if (unsent.rows[0].n !== '0') return false;
  }
  return true;
}

const sum = (m: Map<number, string>): bigint => [...m.values()].reduce((a, v) => a + BigInt(v), 0n);

/** Waits until the run is drained and the tasks topic is quiet. */
export async function settle(o: SettleOptions): Promise<void> {
  const pg = new Client({ connectionString: o.databaseUrl });
  const admin = createMessagingClient({ brokers: o.brokers, clientId: 'continuity-e2e-settle' }).admin();
  await pg.connect();
  try {
    const deadline = Date.now() + (o.timeoutMs ?? 240_000);
    for (;;) {
      await waitFor(() => drained(pg, admin, o.services), {
        timeoutMs: Math.max(1, deadline - Date.now()),
        intervalMs: 500,
        description: `${o.services.map((s) => s.schema).join(', ')} to store every offset and send every outbox row`,
      });
      const before = sum(await admin.fetchHighWatermarks(o.tasksTopic));
      await new Promise((resolve) => setTimeout(resolve, o.quietMs ?? 3000));
      const after = sum(await admin.fetchHighWatermarks(o.tasksTopic));
      if (before === after && (await drained(pg, admin, o.services))) return;
      if (Date.now() > deadline) throw new Error('the tasks topic kept changing');
    }
  } finally {
    await pg.end();
    await admin.disconnect();
  }
}
