import { readTopic, testEnvironment, uniqueTopic } from '@continuity/testing';
import { createMessagingClient } from './messaging-client';

/** murmur2 of these keys as Kafka's Java client computes it (Kafka's own UtilsTest vectors). */
const JAVA_MURMUR2: Record<string, number> = {
  '21': -973932308,
  foobar: -790332482,
  'a-little-bit-long-string': -985981536,
  'a-little-bit-longer-string': -1486304829,
  lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8: -58897971,
  abc: 479470107,
};

describe('MessagingClient producer', () => {
  const env = testEnvironment();
  const client = createMessagingClient({ brokers: env.brokers, clientId: 'client-int-spec', logLevel: 'nothing' });

  it('puts a key on the partition a Java producer would pick (murmur2, positive, modulo the count)', async () => {
    const topic = uniqueTopic('client.partitioner');
    const admin = client.admin();
    await admin.ensureTopics([topic], 12);
    await admin.disconnect();
    const producer = client.producer({ idempotent: true });
    await producer.connect();
    await producer.send(topic, Object.keys(JAVA_MURMUR2).map((key) => ({ key, value: Buffer.from(key) })));
    await producer.disconnect();

    const records = await readTopic(env.brokers, topic);
    expect(records).toHaveLength(Object.keys(JAVA_MURMUR2).length);
    for (const r of records) expect(r.partition).toBe((JAVA_MURMUR2[String(r.key)] & 0x7fffffff) % 12);
  });
});
