import { cloudEventHeaders, DEFAULT_PARTITIONS, EVENT_TYPES, TOPICS } from '@continuity/contracts';
import { createMessagingClient, type MessagingAdmin, type OutgoingMessage, type Producer, type TopicMessages } from '@continuity/messaging';

/** What the publisher needs of a feed message. */
export interface Publishable {
  topic: string;
  key: string;
  value: string;
  /** CloudEvent type, when known: a downtime declaration is sent in feed order (see publish). */
  type?: string;
}

const DECLARATIONS = new Set<string>([EVENT_TYPES.downtimeStarted, EVENT_TYPES.downtimeEnded]);

/** A downtime declaration: by its known type, or (a line read back from NDJSON) by its value. */
function isDeclaration(m: Publishable): boolean {
  if (m.topic !== TOPICS.downtime) return false;
  if (m.type !== undefined) return DECLARATIONS.has(m.type);
  try {
    const type: unknown = (JSON.parse(m.value) as { type?: unknown }).type;
    return typeof type === 'string' && DECLARATIONS.has(type);
  } catch {
    return false; // a malformed message on purpose: sent in its batch
  }
}

export interface PublisherOptions {
  brokers: string[];
  clientId?: string;
  /** Messages per batch (default 1000). */
  batchSize?: number;
  /** Messages per second; 0 or absent: as fast as the broker takes them. */
  rate?: number;
  /** Appended to every topic name (tests publish to their own topics). */
  topicSuffix?: string;
  /** Injected for tests; default: an idempotent producer of libs/messaging. */
  producer?: Producer;
  /** Creates the four input topics (with the suffix) when missing, 12 partitions each; existing ones are left as they are. */
  ensureTopics?: boolean;
  /** Clock and sleep for pacing (injected in tests). */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const HEADERS = cloudEventHeaders();
const INPUT_TOPICS = [TOPICS.prescriptions, TOPICS.lab, TOPICS.scheduling, TOPICS.downtime];

/**
 * Publishes the feed with an idempotent producer, in batches. Within a batch the clinical topics
 * go first and `continuity.downtime.v1` last, so a heartbeat never reaches a reconciler ahead of
 * the clinical messages recorded before it (late heartbeats only slow its clock, never rush it).
 */
export class FeedPublisher {
  private readonly producer: Producer;
  private readonly admin: MessagingAdmin | null;
  private readonly batchSize: number;
  private readonly rate: number;
  private readonly suffix: string;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private pending: Publishable[] = [];
  private started: number | null = null;
  sent = 0;

  constructor(o: PublisherOptions) {
    const client = o.producer && !o.ensureTopics ? null : createMessagingClient({ brokers: o.brokers, clientId: o.clientId ?? 'continuity-simulator' });
    this.producer = o.producer ?? (client as NonNullable<typeof client>).producer({ idempotent: true });
    this.admin = o.ensureTopics && client ? client.admin() : null;
    this.rate = o.rate ?? 0;
    // With a rate, small batches keep the pace even.
    this.batchSize = Math.max(1, this.rate > 0 ? Math.min(o.batchSize ?? 1000, Math.ceil(this.rate / 10)) : (o.batchSize ?? 1000));
    this.suffix = o.topicSuffix ?? '';
    this.now = o.now ?? (() => performance.now());
    this.sleep = o.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async connect(): Promise<void> {
    if (this.admin) {
      try {
        await this.admin.ensureTopics(INPUT_TOPICS.map((t) => t + this.suffix), DEFAULT_PARTITIONS);
      } finally {
        await this.admin.disconnect();
      }
    }
    await this.producer.connect();
  }

  /**
   * Queues a message; sends a batch when one is full. A downtime declaration is sent on its own,
   * after what was recorded before it and before what follows, as operations would declare it:
   * a reconciler must not read clinical messages recorded after a declaration before it.
   */
  publish(m: Publishable): Promise<void> | undefined {
    if (isDeclaration(m)) {
      return this.flush().then(() => {
        this.pending.push(m);
        return this.flush();
      });
    }
    this.pending.push(m);
    return this.pending.length >= this.batchSize ? this.flush() : undefined;
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.started ??= this.now();
    const clinical = new Map<string, OutgoingMessage[]>();
    const operations: OutgoingMessage[] = [];
    for (const m of batch) {
      const out: OutgoingMessage = { key: m.key, value: Buffer.from(m.value, 'utf8'), headers: HEADERS };
      if (m.topic === TOPICS.downtime) operations.push(out);
      else clinical.set(m.topic, [...(clinical.get(m.topic) ?? []), out]);
    }
    const batches: TopicMessages[] = [...clinical].map(([topic, messages]) => ({ topic: topic + this.suffix, messages }));
    if (batches.length > 0) await this.producer.sendBatch(batches);
    if (operations.length > 0) await this.producer.send(TOPICS.downtime + this.suffix, operations);
    this.sent += batch.length;
    if (this.rate > 0) {
      const due = this.started + (this.sent / this.rate) * 1000;
      const wait = due - this.now();
      if (wait > 0) await this.sleep(wait);
    }
  }

  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      await this.producer.disconnect();
    }
  }
}
