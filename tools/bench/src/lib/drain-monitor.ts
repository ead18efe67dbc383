import { performance } from 'node:perf_hooks';
import type { Client } from 'pg';
import { TOPICS } from '@continuity/contracts';
import type { ReconcilerDomain } from './service-process';

/** High watermark of each partition of a topic (next offset to be written). */
export type Watermarks = ReadonlyMap<number, string>;

/** What one reconciler has done so far, read from its schema (the offsets it commits with its writes). */
export interface ServiceProgress {
  /** Messages consumed (stored next offsets) on its domain topic and on the downtime topic. */
  domainRead: number;
  downtimeRead: number;
  /** Messages still to read, against the watermarks given. */
  behind: number;
  outboxRows: number;
  outboxUnsent: number;
  /** Changes whenever anything moves. */
  fingerprint: string;
}

/** The consumer groups libs/reconciler uses (its defaults) for a domain and an instance id. */
export function reconcilerGroups(domain: ReconcilerDomain, instanceId: string): { domain: string; downtime: string } {
  const group = `continuity-${domain}-reconciler`;
  return { domain: group, downtime: `${group}-downtime-${instanceId}` };
}

/** Reads one service's progress; null while its schema does not exist yet (migrations not run). */
export async function readProgress(
  db: Client,
  domain: ReconcilerDomain,
  instanceId: string,
  highs: { domain: Watermarks; downtime: Watermarks },
): Promise<ServiceProgress | null> {
  const groups = reconcilerGroups(domain, instanceId);
  let offsets: Array<{ consumer_group: string; partition: number; next_offset: string }>;
  let outbox: { rows: string; unsent: string; last: string | null };
  try {
    offsets = (await db.query(`SELECT consumer_group, partition, next_offset::text AS next_offset FROM "${domain}".consumer_offsets WHERE consumer_group = ANY($1)`, [[groups.domain, groups.downtime]])).rows;
    outbox = (await db.query(`SELECT count(*)::text AS rows, count(*) FILTER (WHERE sent_at IS NULL)::text AS unsent, max(id)::text AS last FROM "${domain}".outbox`)).rows[0];
  } catch (error) {
    if ((error as { code?: string }).code === '42P01' || (error as { code?: string }).code === '3F000') return null;
    throw error;
  }
  const sum = (group: string, high: Watermarks): { read: number; behind: number } => {
    const stored = new Map(offsets.filter((o) => o.consumer_group === group).map((o) => [o.partition, Number(o.next_offset)]));
    let read = 0;
    let behind = 0;
    for (const [partition, h] of high) {
      const next = stored.get(partition) ?? 0;
      read += next;
      behind += Math.max(0, Number(h) - next);
    }
    return { read, behind };
  };
  const d = sum(groups.domain, highs.domain);
  const t = sum(groups.downtime, highs.downtime);
  return {
    domainRead: d.read,
    downtimeRead: t.read,
    behind: d.behind + t.behind,
    outboxRows: Number(outbox.rows),
    outboxUnsent: Number(outbox.unsent),
    fingerprint: `${d.read}/${t.read}/${outbox.rows}/${outbox.unsent}/${outbox.last ?? 0}`,
  };
}

/** A service's drain as the monitor saw it. Times are `performance.now()` ms. */
export interface DrainRecord {
  domain: ReconcilerDomain;
  /** First poll that saw a consumed message. */
  firstReadAt: number | null;
  /** Last poll at which something moved before the service stayed drained and still. */
  drainedAt: number | null;
  last: ServiceProgress | null;
  /** (time, messages read) every poll: the throughput curve. */
  curve: Array<[number, number]>;
}

export interface DrainWatchOptions {
  db: Client;
  services: ReadonlyArray<{ domain: ReconcilerDomain; instanceId: string }>;
  highs: ReadonlyMap<ReconcilerDomain, { domain: Watermarks; downtime: Watermarks }>;
  /** How long a drained service must stay still before it counts as done. */
  quietMs: number;
  timeoutMs: number;
  pollMs?: number;
  /** Called every poll (memory sampling, progress lines); a reason string stops the watch. */
  onPoll?: (records: readonly DrainRecord[]) => string | void;
  /** Last task arrival per domain (the task watcher): a task still arriving means not drained. */
  lastTaskAt?: (domain: ReconcilerDomain) => number | null;
}

/** The records, and why the watch ended before every service drained (null when all did). */
export interface DrainOutcome {
  records: DrainRecord[];
  failure: string | null;
}

/**
 * Polls every service until each has read everything, published its whole outbox and then stayed
 * unchanged for `quietMs`: lag 0 alone is not enough, a last chunk may still be turning into tasks.
 * Ends early on the timeout or when `onPoll` gives a reason; the undrained keep `drainedAt` null.
 */
export async function watchDrain(o: DrainWatchOptions): Promise<DrainOutcome> {
  const records: DrainRecord[] = o.services.map((s) => ({ domain: s.domain, firstReadAt: null, drainedAt: null, last: null, curve: [] }));
  const lastChange = new Map<ReconcilerDomain, number>();
  const done = new Set<ReconcilerDomain>();
  const started = performance.now();
  const pollMs = o.pollMs ?? 500;
  while (done.size < o.services.length) {
    if (performance.now() - started > o.timeoutMs) {
      const left = records.filter((r) => !done.has(r.domain)).map((r) => `${r.domain} (${r.last?.behind ?? '?'} behind, ${r.last?.outboxUnsent ?? '?'} unsent)`);
      return { records, failure: `not drained within ${Math.round(o.timeoutMs / 1000)} s: ${left.join(', ')}` };
    }
    for (const [i, s] of o.services.entries()) {
      const r = records[i];
      if (done.has(s.domain)) continue;
      const now = performance.now();
      const highs = o.highs.get(s.domain);
      if (!highs) throw new Error(`no watermarks for ${s.domain}`);
      const p = await readProgress(o.db, s.domain, s.instanceId, highs);
      if (p === null) continue;
      const read = p.domainRead + p.downtimeRead;
      if (read > 0 && r.firstReadAt === null) r.firstReadAt = now;
      if (r.last?.fingerprint !== p.fingerprint) lastChange.set(s.domain, now);
      r.curve.push([now, read]);
      r.last = p;
      const changedAt = Math.max(lastChange.get(s.domain) ?? now, o.lastTaskAt?.(s.domain) ?? 0);
      if (p.behind === 0 && p.outboxUnsent === 0 && now - changedAt >= o.quietMs) {
        r.drainedAt = changedAt;
        done.add(s.domain);
      }
    }
    const stop = o.onPoll?.(records);
    if (typeof stop === 'string') return { records, failure: stop };
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  return { records, failure: null };
}

/** The topics a reconciler of `domain` reads. */
export function topicsOf(domain: ReconcilerDomain): { domain: string; downtime: string } {
  return { domain: TOPICS[domain], downtime: TOPICS.downtime };
}
