import type { DataSource, EntityManager } from 'typeorm';
import type { MessagingClient } from '../client/messaging-client';
import { silentLogger, type MessagingLogger } from '../client/messaging-logger';
import type { OutgoingMessage, Producer, TopicMessages } from '../client/producer';
import { backoffDelay, DEFAULT_BACKOFF } from '../consumer/backoff';
import { chunkMessages } from '../consumer/chunks';
import { loadHeaders, type StoredHeaders } from '../headers/message-headers';
import { eventStoreTables } from '@continuity/event-store';
import { outboxChannel } from './sql-names';

export interface OutboxRelayOptions {
  client: MessagingClient;
  dataSource: DataSource;
  /** The service schema whose `outbox` table is relayed. */
  schema: string;
  /** Polling interval when no NOTIFY arrives; default 1000 ms. */
  pollMs?: number;
  /** Rows per transaction; default 500. */
  batchSize?: number;
  /**
   * Bytes of keys and values per produce request; default 900 KiB. kafkajs sends each partition's
   * share of a request as one record batch, which the broker refuses above `message.max.bytes`:
   * a large row (a 1 MB DLQ record) is sent alone.
   */
  maxRequestBytes?: number;
  /** Wake up on the NOTIFY sent by `enqueueOutbox` (holds one pooled connection); default true. */
  listen?: boolean;
  logger?: MessagingLogger;
  /** Called after each published batch, for metrics. */
  onPublished?: (count: number) => void;
}

interface OutboxRecord {
  id: string;
  topic: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: StoredHeaders | null;
}

/**
 * Advisory lock key (per schema, via hashtext) under which one relay publishes at a time.
 * Rows are also taken `FOR UPDATE SKIP LOCKED`, but two relays publishing interleaved id
 * ranges would break per-key order; with the lock, extra instances are hot standbys.
 */
const RELAY_LOCK_NAMESPACE = 'continuity.outbox-relay';

/**
 * Publishes outbox rows in id order with an idempotent producer and marks them sent in the same
 * transaction. A crash between the publish and the commit republishes those rows on restart
 * (at least once); readers dedupe by deterministic ids or by the DLQ's original coordinates.
 */
export class OutboxRelay {
  private producer: Producer;
  private readonly pollMs: number;
  private readonly batchSize: number;
  private readonly logger: MessagingLogger;
  private readonly table: string;
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private pending = false;
  private listener: { release(): Promise<void> } | null = null;
  private connected = false;

  constructor(private readonly options: OutboxRelayOptions) {
    this.table = eventStoreTables(options.schema).outbox;
    this.pollMs = options.pollMs ?? 1000;
    this.batchSize = options.batchSize ?? 500;
    this.logger = options.logger ?? options.client.logger ?? silentLogger;
    this.producer = this.newProducer();
  }

  /** Starts relaying in the background until {@link stop}. */
  async start(): Promise<void> {
    if (this.running) return;
    await this.ensureConnected();
    this.running = true;
    this.loop = this.run();
  }

  /** Stops after the batch in flight, and disconnects. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.loop = null;
    await this.listener?.release();
    this.listener = null;
    if (this.connected) {
      this.connected = false;
      await this.producer.disconnect();
    }
  }

  /**
   * Publishes every unsent row (in batches) and returns how many were published. Returns 0 when
   * another relay holds the publish lock. Usable without {@link start} (tests, tools).
   */
  async drainOnce(): Promise<number> {
    await this.ensureConnected();
    let total = 0;
    for (;;) {
      const published = await this.publishBatch();
      total += published;
      if (published < this.batchSize) return total;
    }
  }

  /**
   * Idempotent, one request in flight: the broker drops a retried batch it already wrote, and
   * order holds. Bounded retries, so a missing topic or a broker outage surfaces as an error
   * (and the transaction ends) instead of blocking forever.
   */
  private newProducer(): Producer {
    return this.options.client.producer({ idempotent: true, retries: RELAY_SEND_RETRIES });
  }

  /** After a failed send the producer's sequence numbers are suspect: start a new producer id. */
  private async replaceProducer(): Promise<void> {
    const old = this.producer;
    this.producer = this.newProducer();
    if (this.connected) {
      this.connected = false;
      await old.disconnect().catch(() => undefined);
    }
  }

  private async ensureConnected(): Promise<void> {
    if (this.connected) return;
    await this.producer.connect();
    this.connected = true;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        if ((this.options.listen ?? true) && !this.listener) await this.listen();
        this.pending = false;
        await this.drainOnce();
        failures = 0;
        // A NOTIFY that came in during the drain may name rows committed after our SELECT.
        if (this.pending) continue;
        await this.sleep(this.pollMs);
      } catch (error) {
        failures += 1;
        const delay = backoffDelay(failures, DEFAULT_BACKOFF);
        this.logger.error('outbox relay failed; will retry', { schema: this.options.schema, error: String(error), retryInMs: delay });
        await this.sleep(delay);
      }
    }
  }

  /** One transaction: lock, read a batch, publish it, mark it sent. */
  private async publishBatch(): Promise<number> {
    return this.options.dataSource.transaction(async (em) => {
      const [{ locked }] = (await em.query(`SELECT pg_try_advisory_xact_lock(hashtext($1), hashtext($2)) AS locked`, [
        RELAY_LOCK_NAMESPACE,
        this.options.schema,
      ])) as Array<{ locked: boolean }>;
      if (!locked) return 0;
      const rows = (await em.query(
        `SELECT o.id::text AS id, o.topic, o.key, o.value, o.headers FROM ${this.table} o
          WHERE o.sent_at IS NULL ORDER BY o.id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.batchSize],
      )) as OutboxRecord[];
      if (rows.length === 0) return 0;
      const maxBytes = this.options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES;
      try {
        for (const part of chunkMessages(rows, { maxMessages: Number.POSITIVE_INFINITY, maxBytes })) {
          await this.producer.sendBatch(groupByTopic(part));
        }
      } catch (error) {
        await this.replaceProducer();
        throw error;
      }
      await markSent(em, this.table, rows);
      this.options.onPublished?.(rows.length);
      return rows.length;
    });
  }

  /**
   * LISTENs on a pooled connection kept for the relay. If that connection dies (database
   * restart), polling carries on and the loop listens again on its next turn.
   */
  private async listen(): Promise<void> {
    const runner = this.options.dataSource.createQueryRunner();
    // TypeORM's query runner hands back the pooled pg client, which emits LISTEN notifications.
    const connection = (await runner.connect()) as {
      on(event: 'notification' | 'error', cb: () => void): void;
      off(event: 'notification' | 'error', cb: () => void): void;
      query(sql: string): Promise<unknown>;
    };
    const channel = outboxChannel(this.options.schema);
    const onNotification = (): void => {
      this.pending = true;
      this.wake?.();
    };
    const detach = (): void => {
      connection.off('notification', onNotification);
      connection.off('error', onError);
    };
    const listener = {
      release: async (): Promise<void> => {
        detach();
        try {
          await connection.query(`UNLISTEN "${channel}"`);
        } catch {
          // the connection is gone already
        } finally {
          await runner.release();
        }
      },
    };
    // TypeORM releases the broken connection itself; we only forget it.
    const onError = (): void => {
      detach();
      if (this.listener === listener) this.listener = null;
    };
    connection.on('notification', onNotification);
    connection.on('error', onError);
    try {
      await connection.query(`LISTEN "${channel}"`);
    } catch (error) {
      await listener.release();
      throw error;
    }
    this.listener = listener;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }
}

const DEFAULT_MAX_REQUEST_BYTES = 900 * 1024;
/** About 10 s of kafkajs's retry backoff before a send fails and the relay backs off itself. */
const RELAY_SEND_RETRIES = 5;

/** Rows grouped by topic, each group in id order; kafkajs keeps order within a partition. */
function groupByTopic(rows: readonly OutboxRecord[]): TopicMessages[] {
  const byTopic = new Map<string, OutgoingMessage[]>();
  for (const row of rows) {
    let messages = byTopic.get(row.topic);
    if (!messages) byTopic.set(row.topic, (messages = []));
    messages.push({ key: row.key, value: row.value, headers: loadHeaders(row.headers) });
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}

async function markSent(em: EntityManager, table: string, rows: readonly OutboxRecord[]): Promise<void> {
  await em.query(`UPDATE ${table} SET sent_at = now() WHERE id = ANY($1::bigint[])`, [rows.map((r) => r.id)]);
}
