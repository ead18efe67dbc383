import type { Admin as KafkaAdmin, ITopicConfig } from 'kafkajs';

/** Administration calls the services, tools and tests need. */
export interface MessagingAdmin {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  /**
   * Creates the topics that do not exist yet, with `partitions` partitions and the given
   * topic configs (e.g. `max.message.bytes`); existing topics are left as they are.
   */
  ensureTopics(names: readonly string[], partitions: number, config?: Record<string, string>): Promise<void>;
  deleteTopics(names: readonly string[]): Promise<void>;
  /** Next offset to be written in each partition (the high watermark), as decimal strings. */
  fetchHighWatermarks(topic: string): Promise<Map<number, string>>;
  /** First offset still held in each partition (retention may have dropped the ones before). */
  fetchLowWatermarks(topic: string): Promise<Map<number, string>>;
  /** Deletes consumer groups that have no live member (e.g. a finished scan's). */
  deleteGroups(groupIds: readonly string[]): Promise<void>;
  /** Offsets a consumer group committed to Kafka (-1 when none), as decimal strings. */
  fetchCommittedOffsets(groupId: string, topic: string): Promise<Map<number, string>>;
  /** Overwrites a group's committed offsets (the group must have no live member). */
  setCommittedOffsets(groupId: string, topic: string, offsets: ReadonlyArray<{ partition: number; offset: string }>): Promise<void>;
}

/** Wraps a kafkajs admin client; connects lazily. */
export class KafkaJsAdmin implements MessagingAdmin {
  private connected: Promise<void> | null = null;

  constructor(private readonly admin: KafkaAdmin) {}

  connect(): Promise<void> {
    this.connected ??= this.admin.connect();
    return this.connected;
  }

  async disconnect(): Promise<void> {
    if (!this.connected) return;
    this.connected = null;
    await this.admin.disconnect();
  }

  async ensureTopics(names: readonly string[], partitions: number, config: Record<string, string> = {}): Promise<void> {
    await this.connect();
    const existing = new Set(await this.admin.listTopics());
    const topics: ITopicConfig[] = [...new Set(names)]
      .filter((topic) => !existing.has(topic))
      .map((topic) => ({
        topic,
        numPartitions: partitions,
        configEntries: Object.entries(config).map(([name, value]) => ({ name, value })),
      }));
    if (topics.length === 0) return;
    try {
      await this.admin.createTopics({ topics, waitForLeaders: true });
    } catch (error) {
      // Another instance may have created them between listTopics and createTopics.
      if (!isAlreadyExists(error)) throw error;
    }
  }

  async deleteTopics(names: readonly string[]): Promise<void> {
    await this.connect();
    if (names.length > 0) await this.admin.deleteTopics({ topics: [...names] });
  }

  async fetchHighWatermarks(topic: string): Promise<Map<number, string>> {
    await this.connect();
    const offsets = await this.admin.fetchTopicOffsets(topic);
    return new Map(offsets.map((o) => [o.partition, o.high]));
  }

  async fetchLowWatermarks(topic: string): Promise<Map<number, string>> {
    await this.connect();
    const offsets = await this.admin.fetchTopicOffsets(topic);
    return new Map(offsets.map((o) => [o.partition, o.low]));
  }

  async deleteGroups(groupIds: readonly string[]): Promise<void> {
    await this.connect();
    await this.admin.deleteGroups([...groupIds]);
  }

  async fetchCommittedOffsets(groupId: string, topic: string): Promise<Map<number, string>> {
    await this.connect();
    const [entry] = await this.admin.fetchOffsets({ groupId, topics: [topic] });
    return new Map((entry?.partitions ?? []).map((p) => [p.partition, p.offset]));
  }

  async setCommittedOffsets(groupId: string, topic: string, offsets: ReadonlyArray<{ partition: number; offset: string }>): Promise<void> {
    await this.connect();
    await this.admin.setOffsets({ groupId, topic, partitions: offsets.map((o) => ({ partition: o.partition, offset: o.offset })) });
  }
}

function isAlreadyExists(error: unknown): boolean {
  const e = error as { type?: string; errors?: Array<{ type?: string }> };
  if (e?.type === 'TOPIC_ALREADY_EXISTS') return true;
  return Array.isArray(e?.errors) && e.errors.length > 0 && e.errors.every((x) => x?.type === 'TOPIC_ALREADY_EXISTS');
}
