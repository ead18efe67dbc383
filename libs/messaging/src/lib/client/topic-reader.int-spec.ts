import { createTopics, testEnvironment, uniqueTopic } from '@continuity/testing';
import { createMessagingClient } from './messaging-client';
import { readTopicToEnd, type ScannedRecord } from './topic-reader';

describe('readTopicToEnd on the real broker', () => {
  const { brokers } = testEnvironment();
  const client = createMessagingClient({ brokers, clientId: 'topic-reader-test' });

  it('reads every record up to the end as of the call, each once, and nothing of an empty topic', async () => {
    const [full, empty] = [uniqueTopic('scan'), uniqueTopic('scan-empty')];
    await createTopics(brokers, [full, empty], 3);
    const producer = client.producer({ idempotent: true });
    await producer.connect();
    try {
      await producer.send(full, Array.from({ length: 30 }, (_, i) => ({ key: `k${i % 7}`, value: Buffer.from(`v${i}`) })));
      const seen: ScannedRecord[] = [];
      const progress: number[] = [];
      const n = await readTopicToEnd(client, full, (r) => seen.push(r), { timeoutMs: 30_000, onProgress: (_read, total) => progress.push(total) });
      expect(n).toBe(30);
      expect(seen.map((r) => r.value!.toString()).sort()).toEqual(Array.from({ length: 30 }, (_, i) => `v${i}`).sort());
      expect(new Set(progress)).toEqual(new Set([30]));
      expect(await readTopicToEnd(client, empty, () => undefined)).toBe(0);
    } finally {
      await producer.disconnect();
    }
  });
});
