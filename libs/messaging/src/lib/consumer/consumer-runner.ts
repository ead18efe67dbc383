import { performance } from 'node:perf_hooks';
import type { Consumer as KafkaConsumer, EachBatchPayload, KafkaMessage } from 'kafkajs';
import { consumerFactoryOf, type MessagingClient } from '../client/messaging-client';
import { silentLogger, type MessagingLogger } from '../client/messaging-logger';
import { copyHeaders } from '../headers/message-headers';
import { backoffDelay, DEFAULT_BACKOFF } from './backoff';
import { applyChunk, parseChunk, type ChunkWork } from './chunk-processor';
import { chunkMessages } from './chunks';
import type { ConsumedMessage } from './consumed-message';
import type { ChunkMetrics, ConsumerRunnerOptions, RunnerStats } from './consumer-runner.options';
import { OffsetFenceError, OffsetStore, type TopicPartition } from './offset-store';
import { compareOffsets, lagOf, nextOffsetAfter, partitionKey } from './offsets';
import { byTopic, diffAssignments, flattenAssignment, type MemberAssignment, type PartitionState } from './partition-state';

/** Defaults, each a trade-off written down. */
const DEFAULTS = {
  /** One transaction per ~2000 messages: few commits, bounded memory and lock time. */
  maxBatchMessages: 2000,
  maxBatchBytes: 16 * 1024 * 1024,
  /** kafkajs's own defaults; a 1 MB message still comes through (the broker returns at least one record). */
  maxBytesPerPartition: 1024 * 1024,
  maxBytes: 10 * 1024 * 1024,
  /** Kafka commits are only for lag dashboards: once a second is plenty. */
  kafkaCommitIntervalMs: 1000,
  slowTransactionMs: 10_000,
  pauseMs: 1000,
  /**
   * kafkajs heartbeats only when the consumer calls it: while a partition is rebuilt (onAssigned)
   * or a long transaction runs, we call it this often so the session does not expire.
   */
  keepAliveMs: 1000,
} as const;

/** kafkajs error types that mean "the group is rebalancing": kafkajs must see them to rejoin. */
const REBALANCE_ERRORS = new Set(['REBALANCE_IN_PROGRESS', 'ILLEGAL_GENERATION', 'UNKNOWN_MEMBER_ID', 'NOT_COORDINATOR_FOR_GROUP']);

/**
 * Consumes topics in batches with exactly-once effects in PostgreSQL: per chunk of a fetched
 * batch, ONE transaction holds the new events, the rejected messages and their DLQ outbox rows,
 * the handler's changes, and the next offset. PostgreSQL's offsets are the truth: the runner
 * seeks to them on assignment and whenever Kafka hands it a batch from elsewhere.
 */
export class ConsumerRunner {
  private readonly logger: MessagingLogger;
  private readonly offsets: OffsetStore;
  private readonly partitions = new Map<string, PartitionState>();
  private readonly resumeTimers = new Set<NodeJS.Timeout>();
  private consumer: KafkaConsumer | null = null;
  private assignment: TopicPartition[] = [];
  /** Assignment changes run one after another, in the order kafkajs reported them. */
  private assignmentChain: Promise<void> = Promise.resolve();
  private lastKafkaCommit = 0;
  private crashed: Error | null = null;
  private readonly totals: RunnerStats = {
    consumed: 0,
    accepted: 0,
    duplicates: 0,
    rejected: {},
    batches: 0,
    chunks: 0,
    failures: 0,
    pauses: 0,
    skipped: 0,
    seeks: 0,
    lag: {},
  };

  constructor(
    private readonly client: MessagingClient,
    private readonly options: ConsumerRunnerOptions,
  ) {
    this.logger = options.logger ?? client.logger ?? silentLogger;
    this.offsets = new OffsetStore(options.store.schema, options.consumerGroupForOffsets ?? options.groupId);
  }

  /** Joins the group and starts consuming in the background. */
  async start(): Promise<void> {
    if (this.consumer) return;
    const o = this.options;
    const consumer = consumerFactoryOf(this.client).kafkaConsumer({
      groupId: o.groupId,
      maxBytesPerPartition: o.maxBytesPerPartition ?? DEFAULTS.maxBytesPerPartition,
      maxBytes: o.maxBytes ?? DEFAULTS.maxBytes,
      sessionTimeout: o.sessionTimeout,
      heartbeatInterval: o.heartbeatInterval,
    });
    this.consumer = consumer;
    this.crashed = null;
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => this.onGroupJoin(payload.memberAssignment));
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      this.logger.error('consumer crashed', { groupId: o.groupId, error: String(payload.error), restart: payload.restart });
      if (!payload.restart) this.crashed = payload.error;
    });
    await consumer.connect();
    // fromBeginning: a partition with no offset in PostgreSQL has never been consumed.
    await consumer.subscribe({ topics: o.topics, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: o.partitionsConsumedConcurrently ?? 1,
      eachBatch: (payload) => this.eachBatch(payload),
    });
  }

  /** Stops after the chunk in flight, revokes every partition (onRevoked) and leaves the group. */
  async stop(): Promise<void> {
    const consumer = this.consumer;
    if (!consumer) return;
    this.consumer = null;
    for (const timer of this.resumeTimers) clearTimeout(timer);
    this.resumeTimers.clear();
    await consumer.disconnect();
    const held = this.assignment;
    this.assignment = [];
    this.partitions.clear();
    await this.assignmentChain;
    await this.callOnRevoked(held);
  }

  /** False once kafkajs gave up restarting the consumer (for a readiness probe). */
  isHealthy(): boolean {
    return this.consumer !== null && this.crashed === null;
  }

  /** Totals since start (a copy). */
  stats(): RunnerStats {
    return structuredClone(this.totals);
  }

  /** Partitions currently assigned to this instance. */
  assignedPartitions(): TopicPartition[] {
    return [...this.assignment];
  }

  // --- assignment -------------------------------------------------------------------------

  /**
   * kafkajs emits GROUP_JOIN after each join (in-flight batches are done by then); we diff it
   * with what we held. Kept partitions are sought to our stored offsets again, since kafkajs
   * restarts from Kafka's committed offsets after a join.
   */
  private onGroupJoin(memberAssignment: MemberAssignment): void {
    const next = flattenAssignment(memberAssignment);
    const { added, revoked } = diffAssignments(this.assignment, next);
    this.assignment = next;
    this.logger.info('partitions assigned', { groupId: this.options.groupId, added: added.length, revoked: revoked.length, total: next.length });
    for (const tp of revoked) this.partitions.delete(partitionKey(tp.topic, tp.partition));
    for (const tp of next) {
      const state = this.partitions.get(partitionKey(tp.topic, tp.partition));
      if (state?.loaded) this.seek(state, state.nextOffset);
    }
    if (revoked.length > 0) this.chain(() => this.callOnRevoked(revoked));
    if (added.length > 0) this.initPartitions(added);
  }

  /** Runs assignment work after the work already queued; failures are the caller's to observe. */
  private chain<T>(work: () => Promise<T>): Promise<T> {
    const result = this.assignmentChain.then(work);
    this.assignmentChain = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  private async callOnRevoked(tps: readonly TopicPartition[]): Promise<void> {
    if (tps.length === 0 || !this.options.onRevoked) return;
    try {
      await this.options.onRevoked([...tps]);
    } catch (error) {
      this.logger.error('onRevoked failed', { error: String(error) });
    }
  }

  /**
   * Registers the partitions; then, after the assignment work queued before, loads their stored
   * offsets and runs onAssigned in one transaction. Their batches wait for it. Seeks to the
   * stored offsets so the next fetch already starts there.
   */
  private initPartitions(tps: readonly TopicPartition[]): void {
    const ready: Promise<void> = this.chain(async () => {
      const stored = await this.options.dataSource.transaction(async (em) => {
        const offsets = await this.offsets.load(em, tps);
        await this.options.onAssigned?.(em, [...tps]);
        return offsets;
      });
      for (const tp of tps) {
        const key = partitionKey(tp.topic, tp.partition);
        const state = this.partitions.get(key);
        if (!state || state.ready !== ready) continue; // revoked or re-initialised meanwhile
        state.nextOffset = stored.get(key) ?? '0';
        state.loaded = true;
        if (stored.has(key)) this.seek(state, state.nextOffset);
      }
    });
    ready.catch(() => undefined); // awaited by the partition's next batch, which handles a failure
    for (const tp of tps) {
      const key = partitionKey(tp.topic, tp.partition);
      const previous = this.partitions.get(key);
      this.partitions.set(key, { tp, ready, nextOffset: '0', loaded: false, failures: previous?.failures ?? 0, soughtTo: null });
    }
  }

  /** After a failed chunk: drop the partition's in-memory state (onRevoked) and load it again. */
  private rebuild(state: PartitionState): void {
    this.chain(() => this.callOnRevoked([state.tp]));
    this.initPartitions([state.tp]);
  }

  private stateOf(tp: TopicPartition): PartitionState {
    const key = partitionKey(tp.topic, tp.partition);
    let state = this.partitions.get(key);
    if (!state) {
      // A batch before its GROUP_JOIN was seen: register it now.
      if (!this.assignment.some((a) => a.topic === tp.topic && a.partition === tp.partition)) this.assignment.push(tp);
      this.initPartitions([tp]);
      state = this.partitions.get(key) as PartitionState;
    }
    return state;
  }

  private seek(state: PartitionState, offset: string): void {
    this.totals.seeks += 1;
    state.soughtTo = offset;
    this.consumer?.seek({ topic: state.tp.topic, partition: state.tp.partition, offset });
  }

  // --- batches ----------------------------------------------------------------------------

  private async eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const tp = { topic: batch.topic, partition: batch.partition };
    let state = this.stateOf(tp);
    // Wait until the partition is loaded; it may be re-initialised while we wait.
    for (;;) {
      try {
        await keepAlive(payload, state.ready);
      } catch (error) {
        this.fail(payload, state, error);
        return;
      }
      const current = this.partitions.get(partitionKey(tp.topic, tp.partition));
      if (!current) return; // revoked meanwhile
      if (current === state) break;
      state = current;
    }
    if (!payload.isRunning() || payload.isStale()) return;
    this.totals.batches += 1;

    if (this.options.backpressure?.isOverloaded?.()) {
      this.pauseFor(payload, this.options.backpressure.pauseMs ?? DEFAULTS.pauseMs);
      return;
    }

    const stored = state.nextOffset;
    // Where kafkajs fetched from (runtime field of its Batch); the first message's offset otherwise.
    const fetched = (batch as { fetchedOffset?: string }).fetchedOffset ?? batch.firstOffset();
    if (fetched !== null && compareOffsets(fetched, stored) > 0) {
      if (state.soughtTo !== stored) {
        // Kafka's position is past what PostgreSQL has (its commits ran ahead, or a rebalance): go back.
        this.logger.info('seeking back to the stored offset', { ...tp, fetched, stored });
        this.seek(state, stored);
        return;
      }
      // We already sought there and the log now starts later: those messages are gone (retention).
      this.logger.warn('the stored offset is below the log start; the gap is lost', { ...tp, fetched, stored });
    }

    const fresh = batch.messages.filter((m) => compareOffsets(m.offset, stored) >= 0);
    this.totals.skipped += batch.messages.length - fresh.length;
    if (fresh.length === 0 && compareOffsets(batch.lastOffset(), stored) < 0) {
      // All of it is already committed in PostgreSQL (Kafka's commits lagged): jump ahead.
      this.seek(state, stored);
      return;
    }
    // (No fresh message but a control record at or past `stored`: an empty chunk moves the offset past it.)
    await this.processMessages(payload, state, fresh.map((m) => toConsumed(tp, m)));
  }

  private async processMessages(payload: EachBatchPayload, state: PartitionState, messages: ConsumedMessage[]): Promise<void> {
    const { batch } = payload;
    const o = this.options;
    const chunks = chunkMessages(messages, {
      maxMessages: o.maxBatchMessages ?? DEFAULTS.maxBatchMessages,
      maxBytes: o.maxBatchBytes ?? DEFAULTS.maxBatchBytes,
    });
    if (chunks.length === 0) chunks.push([]);
    const slowMs = o.backpressure?.slowTransactionMs ?? DEFAULTS.slowTransactionMs;
    for (let i = 0; i < chunks.length; i += 1) {
      if (!payload.isRunning() || payload.isStale()) return;
      const chunk = chunks[i];
      const isLast = i === chunks.length - 1;
      const chunkLast = chunk.length > 0 ? chunk[chunk.length - 1].offset : batch.lastOffset();
      // The batch may end with control records that eachBatch never sees: the last chunk covers them.
      const lastOffset = isLast && compareOffsets(batch.lastOffset(), chunkLast) > 0 ? batch.lastOffset() : chunkLast;
      const nextOffset = nextOffsetAfter(lastOffset);
      const work: ChunkWork = {
        tp: state.tp,
        parsed: parseChunk(chunk, o),
        consumed: chunk.length,
        expectedOffset: state.nextOffset,
        nextOffset,
        lastOffset,
        caughtUp: isLast && compareOffsets(nextOffset, batch.highWatermark) >= 0,
      };
      const started = performance.now();
      let counts: Omit<ChunkMetrics, 'lag' | 'transactionMs'>;
      try {
        counts = await keepAlive(
          payload,
          o.dataSource.transaction((em) => applyChunk(em, work, { store: o.store, offsets: this.offsets, handler: o.handler })),
        );
      } catch (error) {
        this.fail(payload, state, error);
        return;
      }
      const transactionMs = performance.now() - started;
      state.nextOffset = nextOffset;
      state.failures = 0;
      state.soughtTo = null;
      payload.resolveOffset(lastOffset);
      this.record({ ...counts, lag: lagOf(batch.highWatermark, nextOffset), transactionMs });
      await payload.heartbeat();
      if (transactionMs > slowMs && !isLast) {
        // The database is struggling: let it breathe before the rest of this partition.
        this.pauseFor(payload, o.backpressure?.pauseMs ?? DEFAULTS.pauseMs);
        break;
      }
    }
    await this.commitToKafka(payload);
  }

  private record(m: ChunkMetrics): void {
    const t = this.totals;
    t.chunks += 1;
    t.consumed += m.consumed;
    t.accepted += m.accepted;
    t.duplicates += m.duplicates;
    for (const [code, n] of Object.entries(m.rejected) as Array<[keyof RunnerStats['rejected'], number]>) {
      t.rejected[code] = (t.rejected[code] ?? 0) + n;
    }
    t.lag[`${m.topic}/${m.partition}`] = m.lag;
    this.options.onChunk?.(m);
  }

  /**
   * A chunk failed (database down, handler error, fence): nothing of it was committed and
   * kafkajs will fetch it again from the last resolved offset. Pause the partition for a
   * backoff, and rebuild its state before it resumes.
   */
  private fail(payload: EachBatchPayload, state: PartitionState, error: unknown): void {
    state.failures += 1;
    this.totals.failures += 1;
    const retryInMs = backoffDelay(state.failures, this.options.retryBackoff ?? DEFAULT_BACKOFF);
    const fields = { ...state.tp, attempt: state.failures, retryInMs, error: String(error) };
    if (error instanceof OffsetFenceError) this.logger.warn('stored offset moved under us; reloading the partition', fields);
    else this.logger.error('chunk failed; it will be retried', fields);
    this.options.onFailure?.({ ...state.tp, attempt: state.failures, retryInMs, error });
    if (this.partitions.get(partitionKey(state.tp.topic, state.tp.partition)) === state) this.rebuild(state);
    this.pauseFor(payload, retryInMs);
  }

  private pauseFor(payload: EachBatchPayload, ms: number): void {
    const resume = payload.pause();
    this.totals.pauses += 1;
    const timer = setTimeout(() => {
      this.resumeTimers.delete(timer);
      resume();
    }, ms);
    this.resumeTimers.add(timer);
  }

  /** Mirrors the resolved offsets to Kafka at most once a second, for lag monitoring only. */
  private async commitToKafka(payload: EachBatchPayload): Promise<void> {
    if (this.options.commitOffsetsToKafka === false) return;
    const now = Date.now();
    if (now - this.lastKafkaCommit < DEFAULTS.kafkaCommitIntervalMs) return;
    this.lastKafkaCommit = now;
    try {
      await payload.commitOffsetsIfNecessary(payload.uncommittedOffsets());
    } catch (error) {
      // kafkajs must see a rebalance to rejoin; anything else is harmless here (PostgreSQL has the offsets).
      if (REBALANCE_ERRORS.has((error as { type?: string }).type ?? '')) throw error;
      this.logger.warn('could not commit offsets to Kafka', { error: String(error) });
    }
  }

  /** Pauses all of this instance's partitions of `topics` (e.g. during maintenance). */
  pause(tps: readonly TopicPartition[]): void {
    this.consumer?.pause(byTopic(tps));
  }

  resume(tps: readonly TopicPartition[]): void {
    this.consumer?.resume(byTopic(tps));
  }
}

/**
 * Awaits `work` while heartbeating. Heartbeat errors are ignored here: a rebalance they announce
 * surfaces at the next regular heartbeat, once the work in hand is committed or abandoned.
 */
async function keepAlive<T>(payload: EachBatchPayload, work: Promise<T>): Promise<T> {
  const timer = setInterval(() => {
    payload.heartbeat().catch(() => undefined);
  }, DEFAULTS.keepAliveMs);
  try {
    return await work;
  } finally {
    clearInterval(timer);
  }
}

function toConsumed(tp: TopicPartition, m: KafkaMessage): ConsumedMessage {
  return { topic: tp.topic, partition: tp.partition, offset: m.offset, key: m.key, value: m.value, headers: copyHeaders(m.headers) };
}
