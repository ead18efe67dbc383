import { readTopic } from '@continuity/testing';

/** A record read back from a topic, its value parsed as JSON. */
export interface TopicRecord {
  partition: number;
  key: string | null;
  value: Record<string, unknown>;
}

/** Every JSON record of `topic` up to its high watermarks at the call (see `readTopic`). */
export async function readJsonTopic(brokers: string[], topic: string, timeoutMs = 30_000): Promise<TopicRecord[]> {
  const records = await readTopic(brokers, topic, timeoutMs);
  return records.map((r) => ({
    partition: r.partition,
    key: r.key === null ? null : r.key.toString('utf8'),
    value: JSON.parse((r.value ?? Buffer.from('null')).toString('utf8')) as Record<string, unknown>,
  }));
}
