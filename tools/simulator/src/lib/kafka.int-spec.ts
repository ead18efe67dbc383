import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { TASK_EVENT_TYPE, TOPICS } from '@continuity/contracts';
import { createMessagingClient } from '@continuity/messaging';
import { toFhirTask, type TaskRecord } from '@continuity/rules';
import { score } from '../score';
import { FeedPublisher } from './publisher';
import { Simulation } from './simulation';
import { readTasksFromKafka } from './task-sources';

/*
 * Against the real broker (KAFKA_BROKERS from the int global setup): the simulator's feed arrives
 * byte for byte, each patient on one partition in feed order; the scorer reads tasks back from a topic.
 * Every topic here is this test's own (a unique suffix) and is deleted afterwards.
 */
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const suffix = `.sim-${randomUUID().slice(0, 8)}`;
const INPUT = [TOPICS.prescriptions, TOPICS.lab, TOPICS.scheduling, TOPICS.downtime];
const admin = createMessagingClient({ brokers, clientId: 'simulator-int' }).admin();
const kafka = new Kafka({ brokers, clientId: 'simulator-int-reader', logLevel: logLevel.NOTHING });

async function readAll(topic: string): Promise<Array<{ partition: number; key: string; value: string }>> {
  const ends = new Map([...(await admin.fetchHighWatermarks(topic))].filter(([, high]) => high !== '0').map(([p, high]) => [p, BigInt(high)]));
  const out: Array<{ partition: number; key: string; value: string }> = [];
  if (ends.size === 0) return out;
  const consumer = kafka.consumer({ groupId: `simulator-int-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    consumer
      .run({
        eachMessage: async ({ partition, message }) => {
          out.push({ partition, key: message.key?.toString() ?? '', value: message.value?.toString() ?? '' });
          if (BigInt(message.offset) + 1n >= (ends.get(partition) ?? 0n)) ends.delete(partition);
          if (ends.size === 0) resolve();
        },
      })
      .catch(reject);
  });
  await consumer.disconnect();
  return out;
}

describe('simulator against Kafka', () => {
  const topics = [...INPUT, TOPICS.tasks].map((t) => t + suffix);

  beforeAll(async () => {
    await admin.ensureTopics(topics, 3);
  });

  afterAll(async () => {
    await admin.deleteTopics(topics).catch(() => undefined);
    await admin.disconnect();
  });

  it('publishes the feed: every message once, byte for byte, each patient on one partition in feed order', async () => {
    const sim = new Simulation({ seed: 5, facilities: 2, patientsPerFacility: 6, injectPerRule: 1, nearMissesPerCase: 0, heartbeatSeconds: 3600, malformedPct: 2 });
    const feed = [...sim.messages()];
    const publisher = new FeedPublisher({ brokers, batchSize: 50, topicSuffix: suffix });
    await publisher.connect();
    for (const m of feed) await publisher.publish(m);
    await publisher.close();
    expect(publisher.sent).toBe(feed.length);

    for (const topic of INPUT) {
      const sent = feed.filter((m) => m.topic === topic);
      const got = await readAll(topic + suffix);
      expect(got).toHaveLength(sent.length);
      const byKey = new Map<string, { partitions: Set<number>; values: string[] }>();
      for (const g of got) {
        const k = byKey.get(g.key) ?? { partitions: new Set<number>(), values: [] };
        k.partitions.add(g.partition);
        k.values.push(g.value);
        byKey.set(g.key, k);
      }
      for (const [key, { partitions, values }] of byKey) {
        expect(partitions.size).toBe(1);
        expect(values).toEqual(sent.filter((m) => m.key === key).map((m) => m.value));
      }
    }
  });

  it('scores the tasks read back from a task topic, the latest status of each winning', async () => {
    const sim = new Simulation({ seed: 6, facilities: 1, patientsPerFacility: 0, injectPerRule: 1, nearMissesPerCase: 0 });
    const gt = sim.groundTruth();
    const record = (i: number, status: TaskRecord['status']): TaskRecord => {
      const e = gt.tasks[i];
      return {
        id: `task-${i}`, status, authoredOn: 0, lastModified: 0, ruleSetVersion: 'x@1', configHash: 'h',
        finding: { rule: e.rule, severity: e.severity, priority: 'urgent', patientKey: e.patientKey, facility: e.facility, focus: e.focus, related: [], evidence: [], description: 'd' },
      };
    };
    // Every expected task but the last is opened; the first is then cancelled.
    const versions = [...gt.tasks.slice(0, -1).map((_, i) => record(i, 'requested')), record(0, 'cancelled')];
    const producer = createMessagingClient({ brokers, clientId: 'simulator-int-tasks' }).producer({ idempotent: true });
    await producer.connect();
    await producer.send(
      TOPICS.tasks + suffix,
      versions.map((r) => ({
        key: r.finding.patientKey,
        value: JSON.stringify({ specversion: '1.0', id: `${r.id}-${r.status}`, source: 'urn:test', type: TASK_EVENT_TYPE, time: '2024-08-05T00:00:00Z', data: toFhirTask(r) }),
      })),
    );
    await producer.disconnect();

    const log = await readTasksFromKafka({ brokers, topic: TOPICS.tasks + suffix, timeoutMs: 60_000 });
    const report = score(gt.tasks, log.tasks(), gt.nearMisses);
    // One task per injected case (sched-double-booking has two); the last is never opened, the first cancelled.
    const n = gt.tasks.length;
    expect(n).toBe(15);
    expect(report.total).toMatchObject({ expected: n, found: n - 2, truePositives: n - 2, falsePositives: 0, falseNegatives: 2, cancelled: 1 });
  });
});
