import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { TOPICS } from '@continuity/contracts';
import type { ReconcilerDomain } from './service-process';

/** One task CloudEvent as it arrived on `reconciliation.tasks.v1`. */
export interface TaskArrival {
  id: string;
  domain: string;
  patientKey: string;
  rule: string;
  status: string;
  authoredOn: string;
  /** `performance.now()` when the consumer got it. */
  at: number;
}

interface TaskEvent {
  id?: string;
  source?: string;
  subject?: string;
  data?: { status?: string; authoredOn?: string; code?: { coding?: Array<{ code?: string }> } };
}

/**
 * Reads `reconciliation.tasks.v1` from the beginning for the whole run and notes when each task
 * event arrives: the end of "every task emitted" and the arrival side of the deadline delay.
 */
export class TaskWatcher {
  private consumer: Consumer | null = null;
  private readonly seen = new Set<string>();
  private readonly counts = new Map<string, number>();
  private readonly lastAt = new Map<string, number>();
  private readonly rules = new Map<string, Map<string, { opened: number; cancelled: number }>>();
  private listeners: Array<(t: TaskArrival) => void> = [];

  constructor(private readonly brokers: string[]) {}

  async start(): Promise<void> {
    const kafka = new Kafka({ brokers: this.brokers, clientId: 'bench-tasks', logLevel: logLevel.ERROR });
    this.consumer = kafka.consumer({ groupId: `bench-tasks-${randomBytes(4).toString('hex')}`, maxWaitTimeInMs: 50 });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [TOPICS.tasks], fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const at = performance.now();
        for (const m of batch.messages) this.take(m.value, at);
      },
    });
  }

  private take(value: Buffer | null, at: number): void {
    if (value === null) return;
    const e = JSON.parse(value.toString('utf8')) as TaskEvent;
    const id = e.id ?? '';
    // The relay may publish an event twice after a crash; readers drop the repeat (CONTRACT.md §4).
    if (this.seen.has(id)) return;
    this.seen.add(id);
    const domain = (e.source ?? '').split(':').pop() ?? '';
    this.counts.set(domain, (this.counts.get(domain) ?? 0) + 1);
    const status = e.data?.status ?? '';
    this.counts.set(`${domain}:${status}`, (this.counts.get(`${domain}:${status}`) ?? 0) + 1);
    const rule = e.data?.code?.coding?.[0]?.code ?? '';
    const byRule = this.rules.get(domain) ?? new Map<string, { opened: number; cancelled: number }>();
    const r = byRule.get(rule) ?? { opened: 0, cancelled: 0 };
    if (status === 'requested') r.opened++;
    else if (status === 'cancelled') r.cancelled++;
    byRule.set(rule, r);
    this.rules.set(domain, byRule);
    this.lastAt.set(domain, at);
    const arrival: TaskArrival = {
      id,
      domain,
      patientKey: (e.subject ?? '').replace(/^Patient\//, ''),
      rule: e.data?.code?.coding?.[0]?.code ?? '',
      status: e.data?.status ?? '',
      authoredOn: e.data?.authoredOn ?? '',
      at,
    };
    for (const l of this.listeners) l(arrival);
  }

  /** Task events (distinct ids) seen from a domain's reconciler, all or of one Task status. */
  count(domain: ReconcilerDomain, status?: 'requested' | 'cancelled'): number {
    return this.counts.get(status === undefined ? domain : `${domain}:${status}`) ?? 0;
  }

  /** Task events of a domain by rule: opened (requested) and cancelled. */
  byRule(domain: ReconcilerDomain): Array<{ rule: string; opened: number; cancelled: number }> {
    return [...(this.rules.get(domain) ?? new Map<string, { opened: number; cancelled: number }>())].map(([rule, c]) => ({ rule, ...c })).sort((a, b) => (a.rule < b.rule ? -1 : 1));
  }

  lastArrival(domain: ReconcilerDomain): number | null {
    return this.lastAt.get(domain) ?? null;
  }

  /** Calls `listener` for each new task event; returns an unsubscribe function. */
  onTask(listener: (t: TaskArrival) => void): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    this.consumer = null;
  }
}
