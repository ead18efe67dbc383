import { DEFAULT_PARTITIONS } from '@continuity/contracts';
import { createDataSource } from '@continuity/event-store';
import { createTestDatabase, testEnvironment, type TestDatabase } from '@continuity/testing';
import type { DataSource } from 'typeorm';
import { diffByRule, openTasks, readPublishedTasks, statusById, type PublishedTasks } from './test-support/published-tasks';
import { ReconcilerService } from './test-support/reconciler-service';
import { buildScenario, expectedOf, feedOf, SMALL_OUTAGE, type Scenario } from './test-support/scenario';
import { createScenarioTopics, deleteScenarioTopics, publishFeed, scenarioTopics, type ScenarioTopics } from './test-support/scenario-topics';
import { settle } from './test-support/settle';
import { recordedDecisions, replayedDecisions } from './test-support/stored-log';

/**
 * Issue 3: three instances of one reconciler in one consumer group give the same tasks as one.
 * The lab reconciler (the richest in deadlines) reads the same outage twice, on fresh topics each
 * time: once with a single instance and the whole feed waiting; once with three instances started
 * together, small chunks, the feed in two halves and one instance stopped in between, so its
 * partitions move and are rebuilt from the store mid-outage.
 */
describe('three lab reconcilers in one group decide as one', () => {
  const { brokers, adminDatabaseUrl } = testEnvironment();
  const oneTopics = scenarioTopics('e2e-lab-one');
  const threeTopics = scenarioTopics('e2e-lab-three');
  let scenario: Scenario;
  let db: TestDatabase;
  let one: ReconcilerService;
  let three: ReconcilerService;
  let reader: DataSource;
  let fromOne: PublishedTasks;
  let fromThree: PublishedTasks;
  const moved = { ownedBeforeStop: 0, ownedAfter: [] as number[][] };

  const runOne = async (feed: Scenario['messages']) => {
    await publishFeed(brokers, oneTopics, feed);
    await one.start('solo');
    await settle({ brokers, databaseUrl: db.url, services: [one], tasksTopic: oneTopics.tasks });
    await one.stopAll();
  };

  const runThree = async (feed: Scenario['messages']) => {
    const half = Math.floor(feed.length / 2);
    await publishFeed(brokers, threeTopics, feed.slice(0, half));
    await Promise.all(['i1', 'i2', 'i3'].map((id) => three.start(id)));
    await settle({ brokers, databaseUrl: db.url, services: [three], tasksTopic: threeTopics.tasks });
    moved.ownedBeforeStop = three.instance('i3').status().partitions.length;
    await three.stop('i3');
    await publishFeed(brokers, threeTopics, feed.slice(half));
    await settle({ brokers, databaseUrl: db.url, services: [three], tasksTopic: threeTopics.tasks });
    moved.ownedAfter = three.instanceIds().map((id) => three.instance(id).status().partitions.map((p) => p.partition));
    await three.stopAll();
  };

  beforeAll(async () => {
    const started = performance.now();
    scenario = buildScenario({ ...SMALL_OUTAGE, seed: 3_000_003 });
    const feed = feedOf(scenario.messages, 'lab');
    db = await createTestDatabase('e2e_three', adminDatabaseUrl);
    await createScenarioTopics(brokers, oneTopics, threeTopics);
    const service = (schema: string, topics: ScenarioTopics, maxBatchMessages?: number) =>
      new ReconcilerService({ brokers, databaseUrl: db.url, domain: 'lab', schema, topics, maxBatchMessages });
    one = service('lab_one', oneTopics);
    // Small chunks: many transactions, many ticks, a clock that advances in steps.
    three = service('lab_three', threeTopics, 40);
    await one.migrate();
    await three.migrate();
    const ready = performance.now();
    await Promise.all([runOne(feed), runThree(feed)]);
    const done = performance.now();
    [fromOne, fromThree] = await Promise.all([readPublishedTasks(brokers, oneTopics.tasks), readPublishedTasks(brokers, threeTopics.tasks)]);
    reader = await createDataSource({ url: db.url, schema: 'lab_one', poolSize: 2 }).initialize();
    console.log(
      `e2e three instances: ${feed.length} lab and downtime messages; ${fromOne.latest.size} tasks (one instance), ${fromThree.latest.size} (three); ` +
        `set-up ${((ready - started) / 1000).toFixed(1)} s, both runs side by side ${((done - ready) / 1000).toFixed(1)} s`,
    );
  });

  afterAll(async () => {
    await Promise.allSettled([one?.stopAll(), three?.stopAll()]);
    await reader?.destroy();
    await db?.drop();
    await deleteScenarioTopics(brokers, oneTopics, threeTopics).catch(() => undefined);
  });

  it('moved partitions: the stopped instance owned some, the two others own all twelve after', () => {
    expect(moved.ownedBeforeStop).toBeGreaterThan(0);
    expect(moved.ownedAfter).toHaveLength(2);
    expect(moved.ownedAfter.flat().sort((a, b) => a - b)).toEqual([...Array(DEFAULT_PARTITIONS).keys()]);
  });

  it('publishes the same open tasks, by id, as one instance, and they are the lab ground truth', () => {
    const ids = (p: PublishedTasks) => openTasks(p.latest).map((t) => t.id).sort();
    expect(ids(fromThree)).toEqual(ids(fromOne));
    expect(diffByRule(expectedOf(scenario.truth, 'lab'), openTasks(fromThree.latest))).toEqual([]);
  });

  it('gives every task the same final status, but for transients the strictest clock also shows', () => {
    const stable = (p: PublishedTasks) => new Map([...statusById(p.latest)].filter(([id]) => !scenario.transientTaskIds.has(id)));
    expect(stable(fromThree)).toEqual(stable(fromOne));
    for (const p of [fromOne, fromThree]) {
      const cancelled = [...p.latest.values()].filter((t) => t.status !== 'requested');
      expect(cancelled.filter((t) => !(t.status === 'cancelled' && scenario.transientTaskIds.has(t.id))).map((t) => t.id)).toEqual([]);
    }
  });

  it('replays each schema (one writer, and three with a move) to the decisions recorded live', async () => {
    for (const s of [one, three]) {
      const recorded = await recordedDecisions(reader, s.schema);
      const replayed = await replayedDecisions(reader, s);
      expect({ schema: s.schema, decisions: replayed.byPartition }).toEqual({ schema: s.schema, decisions: recorded.byPartition });
      expect({ schema: s.schema, tasks: replayed.finalStatus }).toEqual({ schema: s.schema, tasks: recorded.finalStatus });
    }
  });
});
