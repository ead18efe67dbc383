import type { Domain } from '@continuity/contracts';
import { createTestDatabase, testEnvironment, type TestDatabase } from '@continuity/testing';
import fc from 'fast-check';
import { diffByRule, openTasks, readPublishedTasks, statusById, type PublishedTasks } from './test-support/published-tasks';
import { redeliverAll } from './test-support/redelivery';
import { ReconcilerService } from './test-support/reconciler-service';
import { buildScenario, countKinds, DOMAIN_TOPIC, expectedOf, feedOf, SMALL_OUTAGE } from './test-support/scenario';
import { createScenarioTopics, deleteScenarioTopics, publishFeed, scenarioTopics, type ScenarioTopics } from './test-support/scenario-topics';
import { settle } from './test-support/settle';
import { connect, storedCounts } from './test-support/stored-log';

/**
 * Issue 3's property at the level of the whole service: for small random outages and a random
 * domain, a feed where every message arrives twice (its copy some messages later) gives the same
 * tasks as the feed once, stores each event once, and the tasks are the ground truth. Few runs:
 * each is two reconcilers on the real broker and database.
 */
const RUNS = 3;

interface Run {
  seed: number;
  domain: Domain;
  patients: number;
  redeliverySeed: number;
  maxDelay: number;
}

const runArbitrary: fc.Arbitrary<Run> = fc.record({
  seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  domain: fc.constantFrom<Domain>('prescriptions', 'lab', 'scheduling'),
  patients: fc.integer({ min: 20, max: 60 }),
  redeliverySeed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  maxDelay: fc.integer({ min: 0, max: 400 }),
});

describe('re-delivery through the real broker (fast-check)', () => {
  const { brokers, adminDatabaseUrl } = testEnvironment();
  let db: TestDatabase;
  let runs = 0;
  /** Deleted at the end, not between runs: a deletion in flight makes the next creation flaky. */
  const created: ScenarioTopics[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('e2e_redelivery', adminDatabaseUrl);
  });

  afterAll(async () => {
    await db?.drop();
    if (created.length > 0) await deleteScenarioTopics(brokers, ...created).catch(() => undefined);
  });

  /** Publishes a feed to the run's topics, runs one instance over it, and returns what it published. */
  async function consume(topics: ScenarioTopics, label: string, domain: Domain, feed: Parameters<typeof publishFeed>[2]) {
    const service = new ReconcilerService({ brokers, databaseUrl: db.url, domain, schema: label, topics });
    try {
      await service.migrate();
      await publishFeed(brokers, topics, feed);
      await service.start('only');
      await settle({ brokers, databaseUrl: db.url, services: [service], tasksTopic: topics.tasks, quietMs: 2000 });
      const duplicates = service.instance('only').stats().domain.duplicates;
      await service.stopAll();
      const tasks = await readPublishedTasks(brokers, topics.tasks);
      const pg = await connect(db.url);
      try {
        return { tasks, duplicates, stored: await storedCounts(pg, service.schema, service.domainTopic) };
      } finally {
        await pg.end();
      }
    } finally {
      await service.stopAll();
    }
  }

  it('every message delivered twice gives the tasks of once, each event stored once', async () => {
    const started = performance.now();
    let messages = 0;
    const drawn: string[] = [];
    await fc.assert(
      fc.asyncProperty(runArbitrary, async (run) => {
        const k = runs++;
        const scenario = buildScenario({ ...SMALL_OUTAGE, seed: run.seed, facilities: 1, patientsPerFacility: run.patients, injectPerRule: 1, heartbeatSeconds: 1800 });
        const once = feedOf(scenario.messages, run.domain);
        const twice = redeliverAll(once, run.redeliverySeed, run.maxDelay);
        messages += once.length + twice.length;
        drawn.push(`${run.domain} seed ${run.seed} (${once.length} messages)`);
        const topics = [scenarioTopics(`e2e-once-${k}`), scenarioTopics(`e2e-twice-${k}`)] as const;
        created.push(...topics);
        await createScenarioTopics(brokers, ...topics);
        const [a, b] = await Promise.all([consume(topics[0], `once_${k}`, run.domain, once), consume(topics[1], `twice_${k}`, run.domain, twice)]);

        // The same tasks, by id and status (transients of the strictest clock aside), and the ground truth.
        const stable = (p: PublishedTasks) => new Map([...statusById(p.latest)].filter(([id]) => !scenario.transientTaskIds.has(id)));
        expect(stable(b.tasks)).toEqual(stable(a.tasks));
        expect(openTasks(b.tasks.latest).map((t) => t.id).sort()).toEqual(openTasks(a.tasks.latest).map((t) => t.id).sort());
        expect(diffByRule(expectedOf(scenario.truth, run.domain), openTasks(b.tasks.latest))).toEqual([]);
        for (const p of [a.tasks, b.tasks]) {
          const other = [...p.latest.values()].filter((t) => t.status !== 'requested');
          expect(other.filter((t) => !(t.status === 'cancelled' && scenario.transientTaskIds.has(t.id))).map((t) => t.id)).toEqual([]);
        }

        // Each event stored once; every valid copy recognised as a duplicate; each bad copy rejected at its own offset.
        const feed = countKinds(once, DOMAIN_TOPIC[run.domain]);
        expect({ rows: b.stored.rows, distinct: b.stored.distinct }).toEqual({ rows: feed.event, distinct: feed.event });
        expect({ rows: a.stored.rows, distinct: a.stored.distinct }).toEqual({ rows: feed.event, distinct: feed.event });
        expect(b.duplicates).toBe(feed.event + 2 * feed.duplicate);
        const rejected = (s: typeof a.stored) => Object.values(s.rejected).reduce((x, n) => x + n, 0);
        expect([rejected(a.stored), rejected(b.stored)]).toEqual([feed.malformed, 2 * feed.malformed]);
      }),
      // No shrinking: each run costs seconds of real broker and database; the seed printed on failure replays it.
      // The example ran first: a sparse scheduling outage whose deadlines fall after the last event of
      // some partitions (it caught a reconciler that only took the service clock on a later heartbeat).
      { numRuns: RUNS, endOnFailure: true, examples: [[{ seed: 375872242, domain: 'scheduling', patients: 27, redeliverySeed: 1310115383, maxDelay: 45 }]] },
    );
    console.log(`e2e re-delivery: ${drawn.join('; ')}; ${messages} messages published in all, ${((performance.now() - started) / 1000).toFixed(1)} s`);
  });
});
