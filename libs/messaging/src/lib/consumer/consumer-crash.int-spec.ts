import { dlqTopic } from '@continuity/contracts';
import { createTestDatabase, readTopic, testEnvironment, uniqueTopic, waitFor, type TestDatabase } from '@continuity/testing';
import { createMessagingClient } from '../client/messaging-client';
import { headerText } from '../headers/message-headers';
import { spawnConsumer, type ConsumerProcess } from '../../testing/consumer-process';
import { buildDataset, seededRandom } from '../../testing/dataset';
import { publish } from '../../testing/publish';
import { caughtUp, snapshotSchema, storedOffsetTotal } from '../../testing/store-checks';
import type { TestConsumerConfig } from '../../testing/test-consumer';

const SCHEMA = 'crash_test';
const KILLS = 3;

/**
 * The consumer process is killed with SIGKILL at random points of a run, three times, and
 * restarted: the final state must be the one of an uninterrupted run.
 */
describe('ConsumerRunner killed with SIGKILL mid-run', () => {
  const env = testEnvironment();
  const client = createMessagingClient({ brokers: env.brokers, clientId: 'crash-int-spec', logLevel: 'nothing' });
  const admin = client.admin();
  let db: TestDatabase;
  let running: ConsumerProcess | null = null;

  beforeAll(async () => {
    db = await createTestDatabase('messaging_crash');
  });

  afterAll(async () => {
    if (running) {
      running.child.kill('SIGKILL');
      await running.exited;
    }
    await admin.disconnect();
    await db.drop();
  });

  it('loses no event, doubles none, keeps offsets and rows in step, and loses no DLQ record', async () => {
    const seed = Date.now() % 100_000;
    const random = seededRandom(seed);
    const topic = uniqueTopic('crash');
    await admin.ensureTopics([topic, dlqTopic(topic)], 12);
    const data = buildDataset({ valid: 20_000, malformed: 200, duplicateRatio: 0.02, seed });
    await publish(client, topic, data.messages);
    const total = BigInt(data.messages.length);
    const groupId = `${topic}.group`;
    // A short session so the killed member leaves the group quickly; small chunks so kills land between and inside many transactions.
    const config: TestConsumerConfig = { databaseUrl: db.url, schema: SCHEMA, brokers: env.brokers, topic, groupId, sessionTimeout: 6000, maxBatchMessages: 250 };

    // Kill points: progress fractions spread over the run, plus a random delay after reaching each.
    const fractions = Array.from({ length: KILLS }, (_, i) => (i + 0.2 + random() * 0.6) / (KILLS + 0.5)).sort();
    const killedAt: string[] = [];
    for (const fraction of fractions) {
      const consumer = spawnConsumer(config);
      running = consumer;
      const target = (total * BigInt(Math.round(fraction * 1000))) / 1000n;
      const died = consumer.exited.then((e) => {
        throw new Error(`consumer exited by itself (${JSON.stringify(e)}): ${consumer.stderr()}`);
      });
      died.catch(() => undefined);
      await Promise.race([
        waitFor(async () => (await storedOffsetTotal(db.url, SCHEMA, groupId)) >= target, {
          timeoutMs: 180_000,
          intervalMs: 20,
          description: `progress to ${target} of ${total} (seed ${seed})`,
        }),
        died,
      ]);
      await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 250)));
      consumer.child.kill('SIGKILL');
      await consumer.exited;
      killedAt.push(`${await storedOffsetTotal(db.url, SCHEMA, groupId)}/${total}`);
    }
    expect(killedAt).toHaveLength(KILLS);

    // The last run goes to the end.
    const last = spawnConsumer(config);
    running = last;
    const high = await admin.fetchHighWatermarks(topic);
    const snap = await waitFor(
      async () => {
        const s = await snapshotSchema(db.url, SCHEMA, groupId);
        return caughtUp(s.offsets, high) && s.unsentOutbox === 0 ? s : null;
      },
      { timeoutMs: 240_000, intervalMs: 500, description: `the restarted consumer to finish (seed ${seed}, killed at ${killedAt})` },
    );
    last.child.kill('SIGTERM');
    await last.exited;
    running = null;

    // Events: each valid one stored once, seen once by the handler.
    expect(snap.events.size).toBe(20_000);
    expect([...snap.events.keys()].every((k) => data.validEventKeys.has(k))).toBe(true);
    expect([...snap.events.values()].every((n) => n === 1)).toBe(true);
    expect(snap.handled.size).toBe(20_000);
    expect([...snap.handled.values()].every((n) => n === 1)).toBe(true);
    // Offsets in step with the topic.
    expect(new Map([...snap.offsets].sort())).toEqual(new Map([...high].filter(([, h]) => h !== '0').sort()));
    // Rejections: exactly the 200, once each.
    const expected = new Map(data.malformed.map((c) => [c.key, c]));
    expect(snap.rejected).toHaveLength(200);
    expect(new Set(snap.rejected.map((r) => String(r.key)))).toEqual(new Set(expected.keys()));
    for (const row of snap.rejected) expect(row.code).toBe(expected.get(String(row.key))?.expectedCode);

    // DLQ: a crash between publish and "sent" may publish a record twice; deduped on the original
    // coordinates, each of the 200 is there, with the right code and original bytes.
    const dlq = await readTopic(env.brokers, dlqTopic(topic));
    const byOrigin = new Map<string, (typeof dlq)[number]>();
    for (const record of dlq) {
      byOrigin.set(`${headerText(record.headers, 'x-original-partition')}/${headerText(record.headers, 'x-original-offset')}`, record);
    }
    expect(new Set(byOrigin.keys())).toEqual(new Set(snap.rejected.map((r) => `${r.partition}/${r.offset}`)));
    for (const record of byOrigin.values()) {
      const c = expected.get(String(record.key));
      expect(headerText(record.headers, 'x-error-code')).toBe(c?.expectedCode);
      expect(record.value === null ? null : Buffer.compare(record.value, c?.value as Buffer)).toBe(c?.value === null ? null : 0);
    }
  }, 600_000);
});
