import { businessIdKey, businessIdsOf, TOPICS, type Domain, type ParsedEvent } from '@continuity/contracts';
import { EventStore, eventStoreTables, type NewEvent } from '@continuity/event-store';
import {
  ConsumerRunner,
  enqueueOutbox,
  OutboxRelay,
  silentLogger,
  type BatchContext,
  type ChunkMetrics,
  type MessagingAdmin,
  type MessagingClient,
  type MessagingLogger,
  type TopicPartition,
} from '@continuity/messaging';
import { PartitionEngine, SharedStageEngine, type FactChange, type Instant, type RuleSet, type TaskChange } from '@continuity/rules';
import type { DataSource, EntityManager } from 'typeorm';
import { partitionNow, type PartitionProgress } from './partition-clock';
import { DowntimeProgress } from './downtime-progress';
import { readDowntimeLogAfter, readPartitionLog, readSharedFacts, timeReadAt } from './partition-log';
import { factEvent, SHARED_FACT_CHANGED, SHARED_STAGE_PARTITION, sharedStageTopic, taskChangeEvent, taskOutboxRow, tickEvent } from './reconciler-events';

/** Observers for metrics; called inside the transaction that records what they report. */
export interface ReconcilerHooks {
  onChunk?(metrics: ChunkMetrics): void;
  onTaskChanges?(changes: readonly TaskChange[]): void;
  onTick?(partition: number, now: Instant): void;
  /** Fact changes a tick stated to the rule set's shared stage. */
  onSharedFacts?(stage: string, count: number): void;
  /** Partition engines rebuilt from the store: on assignment, or after a failed downtime chunk. */
  onRebuilt?(cause: 'assigned' | 'resync', partitions: number): void;
}

export interface ReconcilerOptions<S> {
  domain: Domain;
  ruleSet: RuleSet<S>;
  client: MessagingClient;
  dataSource: DataSource;
  /** The service schema; default the domain's name. */
  schema?: string;
  /** Distinguishes this instance's downtime consumer group (every instance reads all of it). */
  instanceId: string;
  topics?: { domain: string; downtime: string; tasks: string };
  groupId?: string;
  /** Transactions per chunk of a batch; default the runner's. */
  maxBatchMessages?: number;
  logger?: MessagingLogger;
  hooks?: ReconcilerHooks;
}

/** One owned partition: its engine and how far it has been read. */
interface Slot<S> {
  engine: PartitionEngine<S>;
  progress: PartitionProgress;
  /** The engine's clock as of its last tick (ticks never go backwards). */
  lastNow: Instant | null;
  /** The downtime cursor of its last tick. */
  lastDowntimeUpTo: string | null;
  /** Next offset to read in the partition (stored in PostgreSQL by the chunk that read the last). */
  nextOffset: bigint;
}

/**
 * One reconciler instance: consumes its domain topic in a consumer group and all of
 * `continuity.downtime.v1`, keeps one pure engine per owned partition, and stores, in each
 * chunk's transaction, the events, the clock ticks and the task decisions, with the decisions'
 * CloudEvents in the outbox. Every decision is taken under the schema's append lock, so the
 * stored log replays to exactly the same decisions.
 */
export class Reconciler<S> {
  readonly schema: string;
  private readonly store: EventStore;
  readonly topics: { domain: string; downtime: string; tasks: string };
  private readonly slots = new Map<number, Slot<S>>();
  private readonly domainRunner: ConsumerRunner;
  private readonly downtimeRunner: ConsumerRunner;
  private readonly relay: OutboxRelay;
  /** One admin connection for the instance's lifetime (watermarks at assignment, readiness). */
  private readonly admin: MessagingAdmin;
  private readonly logger: MessagingLogger;
  /** The service clock: latest heartbeat or recorded time read. Only ever from stored events. */
  private clock: Instant | null = null;
  /** Position of the last downtime-topic row folded into the engines. */
  private downtimeCursor = '0';
  private readonly groupId: string;
  private readonly downtimeGroupId: string;
  /** How far this instance has read the downtime topic: no engine is ticked past it. */
  private readonly downtimeProgress = new DowntimeProgress();
  /**
   * The rule set's shared stage, across every partition of every instance: it has folded all
   * stored fact changes up to `cursor`. Null until first needed, and again after a failed chunk
   * (its transaction's facts were rolled back), so it is rebuilt from the store.
   */
  private shared: { engine: SharedStageEngine<S>; cursor: string } | null = null;
  /**
   * Set when a downtime chunk failed (or its partitions moved): that transaction may have ticked
   * every engine and moved the downtime cursor before rolling back, so the next handler rebuilds
   * every owned partition from the store first.
   */
  private resyncNeeded = false;

  constructor(private readonly options: ReconcilerOptions<S>) {
    this.schema = options.schema ?? options.domain;
    this.store = new EventStore(this.schema);
    this.topics = options.topics ?? { domain: TOPICS[options.domain], downtime: TOPICS.downtime, tasks: TOPICS.tasks };
    this.logger = options.logger ?? silentLogger;
    this.groupId = options.groupId ?? `continuity-${options.domain}-reconciler`;
    this.downtimeGroupId = `${this.groupId}-downtime-${options.instanceId}`;
    const common = {
      dataSource: options.dataSource,
      store: this.store,
      maxBatchMessages: options.maxBatchMessages,
      logger: this.logger,
      onChunk: (m: ChunkMetrics) => options.hooks?.onChunk?.(m),
    };
    this.domainRunner = new ConsumerRunner(options.client, {
      ...common,
      groupId: this.groupId,
      topics: [this.topics.domain],
      streamIdOf: (e) => `patient-${e.patientKey}`,
      tagsOf: (e) => businessIdsOf(e).map(businessIdKey),
      parseOptionsFor: () => ({ domain: options.domain }),
      handler: (ctx) => this.onDomainChunk(ctx),
      onAssigned: (em, tps) => this.assign(em, tps),
      onRevoked: (tps) => this.revoke(tps),
    });
    this.downtimeRunner = new ConsumerRunner(options.client, {
      ...common,
      groupId: this.downtimeGroupId,
      topics: [this.topics.downtime],
      streamIdOf: (e) => `downtime-${e.facility}`,
      parseOptionsFor: () => ({ domain: 'downtime' }),
      handler: (ctx) => this.onDowntimeChunk(ctx),
      onAssigned: (em, tps) => this.assignDowntime(em, tps),
      onRevoked: (tps) => {
        tps.forEach((tp) => this.downtimeProgress.revoked(tp.partition));
        this.dropShared();
        this.resyncNeeded = true;
      },
    });
    this.admin = options.client.admin();
    this.relay = new OutboxRelay({ client: options.client, dataSource: options.dataSource, schema: this.schema, logger: this.logger });
  }

  async start(): Promise<void> {
    await this.relay.start();
    await this.downtimeRunner.start();
    await this.domainRunner.start();
  }

  async stop(): Promise<void> {
    await this.domainRunner.stop();
    await this.downtimeRunner.stop();
    await this.relay.stop();
    await this.admin.disconnect();
  }

  /** Readiness: both consumers alive and the broker answering a metadata request. */
  async isReady(): Promise<boolean> {
    if (!this.isHealthy()) return false;
    await this.admin.fetchHighWatermarks(this.topics.domain);
    return true;
  }

  isHealthy(): boolean {
    return this.domainRunner.isHealthy() && this.downtimeRunner.isHealthy();
  }

  /** The clock of each owned partition, and open tasks, for metrics and the tests. */
  status(): { clock: Instant | null; partitions: Array<{ partition: number; now: Instant | null; openTasks: number; caughtUp: boolean }> } {
    return {
      clock: this.clock,
      partitions: [...this.slots.entries()]
        .sort(([a], [b]) => a - b)
        .map(([partition, s]) => ({ partition, now: s.lastNow, openTasks: s.engine.openTasks().length, caughtUp: s.progress.caughtUp })),
    };
  }

  stats() {
    return { domain: this.domainRunner.stats(), downtime: this.downtimeRunner.stats() };
  }

  // --- handlers (inside the chunk's transaction) ---------------------------------------------

  private async onDomainChunk(ctx: BatchContext): Promise<void> {
    await this.store.lockAppends(ctx.em);
    await this.resyncIfNeeded(ctx.em);
    const slot = this.slots.get(ctx.partition);
    if (!slot) throw new Error(`partition ${ctx.topic}/${ctx.partition} handled before its assignment`);
    for (const stored of ctx.accepted) {
      const event = stored.data as ParsedEvent;
      slot.engine.applyEvent(event);
      slot.progress.lastRecorded = Math.max(slot.progress.lastRecorded ?? event.recordedTimeMs, event.recordedTimeMs);
      this.clock = Math.max(this.clock ?? event.recordedTimeMs, event.recordedTimeMs);
    }
    slot.nextOffset = BigInt(ctx.lastOffset) + 1n;
    await this.foldDowntimeLog(ctx.em);
    // The fetch's watermark may predate a heartbeat the other consumer read: the partition takes
    // the service clock only if a watermark read now, after those heartbeats, shows nothing unread.
    // Else it is ticked to the time of what it read itself.
    slot.progress.caughtUp = ctx.caughtUp && this.clock !== null && this.clock > (slot.lastNow ?? -Infinity) && (await this.nothingUnread(ctx.partition, slot));
    await this.tick(ctx.em, [ctx.partition], ctx.accepted.length > 0);
  }

  private async nothingUnread(partition: number, slot: Slot<S>): Promise<boolean> {
    const watermarks = await this.admin.fetchHighWatermarks(this.topics.domain);
    return slot.nextOffset >= BigInt(watermarks.get(partition) ?? '0');
  }

  private async onDowntimeChunk(ctx: BatchContext): Promise<void> {
    await this.store.lockAppends(ctx.em);
    await this.resyncIfNeeded(ctx.em);
    await this.foldDowntimeLog(ctx.em);
    const lastOffset = BigInt(ctx.lastOffset);
    const readUpTo = await timeReadAt(ctx.em, this.schema, this.topics.downtime, ctx.partition, lastOffset);
    this.downtimeProgress.read(ctx.partition, lastOffset, readUpTo, ctx.caughtUp);
    await this.refreshCaughtUp();
    await this.tick(ctx.em, [...this.slots.keys()].sort((a, b) => a - b), false);
  }

  /**
   * A partition may take the service clock only if nothing is waiting in it. Read after the
   * heartbeats: a source publishes a heartbeat after what it recorded before it, so anything
   * recorded earlier is already below the high watermark read now.
   */
  private async refreshCaughtUp(): Promise<void> {
    if (this.slots.size === 0) return;
    const watermarks = await this.admin.fetchHighWatermarks(this.topics.domain);
    for (const [partition, slot] of this.slots) {
      slot.progress.caughtUp = slot.nextOffset >= BigInt(watermarks.get(partition) ?? '0');
    }
  }

  /** Folds what any instance stored from the downtime topic since the cursor into every engine. */
  private async foldDowntimeLog(em: EntityManager): Promise<void> {
    const delta = await readDowntimeLogAfter(em, this.schema, this.topics.downtime, this.downtimeCursor);
    for (const d of delta.downtimes) {
      for (const slot of this.slots.values()) slot.engine.applyDowntime(d.position, d.event);
      this.clock = Math.max(this.clock ?? d.event.recordedTimeMs, d.event.recordedTimeMs);
    }
    if (delta.latestHeartbeat !== null) this.clock = Math.max(this.clock ?? delta.latestHeartbeat, delta.latestHeartbeat);
    this.downtimeCursor = delta.lastPosition;
  }

  /**
   * Ticks the partitions' engines to their allowed time and stores each tick that gave the engine
   * something new (events, time or downtimes), with the decisions it took. A tick with nothing
   * new evaluates nothing, so leaving it out of the log changes no replay.
   */
  private async tick(em: EntityManager, partitions: readonly number[], hadEvents: boolean): Promise<void> {
    const rows: NewEvent[] = [];
    const all: TaskChange[] = [];
    const facts: FactChange[] = [];
    const upTo = this.downtimeCursor === '0' ? null : this.downtimeCursor;
    if (this.downtimeProgress.claimsCaughtUp()) this.downtimeProgress.refresh(await this.admin.fetchHighWatermarks(this.topics.downtime));
    const bound = this.downtimeProgress.bound();
    if (bound === null) return;
    for (const partition of partitions) {
      const slot = this.slots.get(partition);
      if (!slot) continue;
      const own = partitionNow(this.clock, slot.progress);
      if (own === null) continue;
      const allowed = Math.min(own, bound);
      const now = Math.max(slot.lastNow ?? allowed, allowed);
      const somethingNew = hadEvents || now !== slot.lastNow || upTo !== slot.lastDowntimeUpTo;
      if (!somethingNew) continue;
      const changes = slot.engine.tick(now, upTo);
      slot.lastNow = now;
      slot.lastDowntimeUpTo = upTo;
      rows.push(tickEvent(this.options.domain, { topic: this.topics.domain, partition, now, downtimeUpTo: upTo }));
      for (const change of changes) rows.push(taskChangeEvent(this.options.domain, this.topics.domain, partition, change));
      all.push(...changes);
      facts.push(...slot.engine.factChangesOfLastTick());
      this.options.hooks?.onTick?.(partition, now);
    }
    if (rows.length === 0) return;
    const shared = facts.length > 0 ? await this.decideShared(em, facts, rows) : null;
    if (shared) all.push(...shared.changes);
    const { appended } = await this.store.append(em, rows);
    // The stage has applied its own facts: its cursor moves past them (a dropped stage is not reused).
    if (shared) shared.state.cursor = appended.filter((e) => e.type === SHARED_FACT_CHANGED).reduce((p, e) => maxPosition(p, e.position), shared.state.cursor);
    const outbox = appended.filter((e) => e.streamId.startsWith('task-')).map((e) => taskOutboxRow(this.options.domain, this.topics.tasks, e));
    await enqueueOutbox(em, this.schema, outbox);
    if (all.length > 0) this.options.hooks?.onTaskChanges?.(all);
  }

  /**
   * Folds what other instances stored for the shared stage since the cursor (their decisions are
   * already recorded), then this tick's facts, in the order they are appended: the stage's log in
   * position order is what it decided from. Under the append lock, so nothing comes in between.
   */
  private async decideShared(
    em: EntityManager,
    facts: readonly FactChange[],
    rows: NewEvent[],
  ): Promise<{ state: { engine: SharedStageEngine<S>; cursor: string }; changes: TaskChange[] } | null> {
    const stage = this.options.ruleSet.shared;
    if (!stage) return null;
    // Held locally: a revocation may drop `this.shared` while this awaits; this tick goes on with its own.
    const state = this.shared ?? { engine: new SharedStageEngine(stage, { version: this.options.ruleSet.version, configHash: this.options.ruleSet.configHash }), cursor: '0' };
    this.shared = state;
    for await (const { position, fact } of readSharedFacts(em, this.schema, stage.name, state.cursor)) {
      state.engine.apply(fact);
      state.cursor = position;
    }
    const changes: TaskChange[] = [];
    this.options.hooks?.onSharedFacts?.(stage.name, facts.length);
    const topic = sharedStageTopic(stage.name);
    for (const fact of facts) {
      rows.push(factEvent(this.options.domain, fact));
      for (const change of state.engine.apply(fact)) {
        rows.push(taskChangeEvent(this.options.domain, topic, SHARED_STAGE_PARTITION, change));
        changes.push(change);
      }
    }
    return { state, changes };
  }

  private dropShared(): void {
    this.shared = null;
  }

  // --- partition moves ----------------------------------------------------------------------

  /** Rebuilds each assigned partition's engine from the store before any of its messages is handled. */
  private async assign(em: EntityManager, tps: readonly TopicPartition[]): Promise<void> {
    await this.store.lockAppends(em);
    const partitions = tps.filter((tp) => tp.topic === this.topics.domain).map((tp) => tp.partition);
    await this.rebuild(em, partitions);
    this.options.hooks?.onRebuilt?.('assigned', partitions.length);
    this.logger.info('partitions rebuilt from the store', { partitions });
  }

  /** After a failed downtime chunk: every owned engine and the downtime cursor again from the store. */
  private async resyncIfNeeded(em: EntityManager): Promise<void> {
    if (!this.resyncNeeded) return;
    this.downtimeCursor = '0';
    await this.rebuild(em, [...this.slots.keys()]);
    this.resyncNeeded = false;
    this.options.hooks?.onRebuilt?.('resync', this.slots.size);
    this.logger.info('engines resynchronised from the store', { partitions: [...this.slots.keys()] });
  }

  /** Replaces the partitions' engines by ones rebuilt from their stored logs, under the append lock. */
  private async rebuild(em: EntityManager, partitions: readonly number[]): Promise<void> {
    const watermarks = await this.admin.fetchHighWatermarks(this.topics.domain);
    for (const partition of partitions) {
      const slot: Slot<S> = {
        engine: new PartitionEngine(this.options.ruleSet),
        progress: { caughtUp: false, lastRecorded: null },
        lastNow: null,
        lastDowntimeUpTo: null,
        nextOffset: 0n,
      };
      const src = { schema: this.schema, topic: this.topics.domain, partition, downtimeTopic: this.topics.downtime };
      for await (const entry of readPartitionLog(em, src)) {
        if (entry.kind === 'event') {
          slot.engine.applyEvent(entry.event);
          slot.progress.lastRecorded = Math.max(slot.progress.lastRecorded ?? entry.event.recordedTimeMs, entry.event.recordedTimeMs);
        } else if (entry.kind === 'downtime') {
          slot.engine.applyDowntime(entry.position, entry.event);
        } else {
          slot.engine.tick(entry.now, entry.downtimeUpTo);
          slot.lastNow = entry.now;
          slot.lastDowntimeUpTo = entry.downtimeUpTo;
        }
      }
      const tp = { topic: this.topics.domain, partition };
      slot.nextOffset = BigInt(await storedNextOffset(em, this.schema, this.groupId, tp));
      slot.progress.caughtUp = slot.nextOffset >= BigInt(watermarks.get(partition) ?? '0');
      this.slots.set(partition, slot);
    }
    // Downtimes folded since the cursor was last moved are in the rebuilt logs; fold the rest now.
    await this.foldDowntimeLog(em);
  }

  /** Where this instance's reading of each downtime partition stands, before its first chunk. */
  private async assignDowntime(em: EntityManager, tps: readonly TopicPartition[]): Promise<void> {
    const watermarks = await this.admin.fetchHighWatermarks(this.topics.downtime);
    for (const tp of tps) {
      const next = BigInt(await storedNextOffset(em, this.schema, this.downtimeGroupId, tp));
      const readUpTo = await timeReadAt(em, this.schema, tp.topic, tp.partition, next - 1n);
      this.downtimeProgress.assigned(tp.partition, next, BigInt(watermarks.get(tp.partition) ?? '0'), readUpTo);
    }
  }

  private revoke(tps: readonly TopicPartition[]): void {
    for (const tp of tps) if (tp.topic === this.topics.domain) this.slots.delete(tp.partition);
    // Also called after a failed chunk, whose shared facts were rolled back.
    this.dropShared();
  }
}

function maxPosition(a: string, b: string): string {
  return BigInt(a) >= BigInt(b) ? a : b;
}

async function storedNextOffset(em: EntityManager, schema: string, group: string, tp: TopicPartition): Promise<string> {
  const { consumerOffsets } = eventStoreTables(schema);
  const rows: Array<{ next_offset: string }> = await em.query(
    `SELECT next_offset::text AS next_offset FROM ${consumerOffsets} WHERE consumer_group = $1 AND topic = $2 AND partition = $3`,
    [group, tp.topic, tp.partition],
  );
  return rows[0]?.next_offset ?? '0';
}
