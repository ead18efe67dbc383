import { TOPICS, type Domain } from '@continuity/contracts';
import { createDataSource } from '@continuity/event-store';
import { createTestDatabase, testEnvironment, type TestDatabase } from '@continuity/testing';
import type { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { expectedDeadLetters, readDeadLetters } from './test-support/dead-letters';
import { diffByRule, matchKey, openTasks, readPublishedTasks, statusById, type PublishedTasks } from './test-support/published-tasks';
import { ReconcilerService } from './test-support/reconciler-service';
import { ALL_CASES, buildScenario, countKinds, DOMAIN_TOPIC, RULE_CODES, SMALL_OUTAGE, type Scenario } from './test-support/scenario';
import { createScenarioTopics, deleteScenarioTopics, publishFeed, scenarioTopics } from './test-support/scenario-topics';
import { settle } from './test-support/settle';
import { connect, recordedDecisions, replayedDecisions, storedCounts } from './test-support/stored-log';

/**
 * Issue 3, end to end through the real broker and database: the simulator's scripted outage
 * (injected cases for every rule, near-misses, clean patients, transport duplicates, malformed
 * messages) is published to the run's own topics; the three reconcilers, each in its own schema,
 * read it all; then the tasks topic must hold exactly the ground truth, the DLQs exactly the
 * malformed messages, the store each event once, and a replay of each stored log the decisions
 * taken live.
 */
const DOMAINS: readonly Domain[] = ['prescriptions', 'lab', 'scheduling'];

describe('the three reconcilers on a scripted outage', () => {
  const { brokers, adminDatabaseUrl } = testEnvironment();
  const topics = scenarioTopics('e2e-outage');
  let scenario: Scenario;
  let db: TestDatabase;
  let services: ReconcilerService[];
  let published: PublishedTasks;
  let pg: Client;
  let reader: DataSource;
  const duplicatesSeen = new Map<Domain, number>();

  beforeAll(async () => {
    const started = performance.now();
    scenario = buildScenario(SMALL_OUTAGE);
    db = await createTestDatabase('e2e_outage', adminDatabaseUrl);
    await createScenarioTopics(brokers, topics);
    services = DOMAINS.map((domain) => new ReconcilerService({ brokers, databaseUrl: db.url, domain, schema: domain, topics }));
    for (const s of services) await s.migrate();
    const generatedAt = performance.now();
    // Published before any reconciler starts: they read a past outage as a backlog.
    const sent = await publishFeed(brokers, topics, scenario.messages);
    const publishedAt = performance.now();
    await Promise.all(services.map((s) => s.start(`${s.domain}-1`)));
    await settle({ brokers, databaseUrl: db.url, services, tasksTopic: topics.tasks });
    const settledAt = performance.now();
    for (const s of services) duplicatesSeen.set(s.domain, s.instance(`${s.domain}-1`).stats().domain.duplicates);
    await Promise.all(services.map((s) => s.stopAll()));
    published = await readPublishedTasks(brokers, topics.tasks);
    pg = await connect(db.url);
    reader = await createDataSource({ url: db.url, schema: 'lab', poolSize: 2 }).initialize();
    const s = (a: number, b: number) => ((b - a) / 1000).toFixed(1);
    console.log(
      `e2e outage: ${sent} messages (${scenario.truth.tasks.length} expected tasks, ${scenario.truth.nearMisses.length} near-misses); ` +
        `${published.latest.size} tasks in ${published.records} task events; set-up ${s(started, generatedAt)} s, publish ${s(generatedAt, publishedAt)} s, ` +
        `three reconcilers to settled ${s(publishedAt, settledAt)} s`,
    );
  });

  afterAll(async () => {
    await Promise.allSettled((services ?? []).map((s) => s.stopAll()));
    await reader?.destroy();
    await pg?.end();
    await db?.drop();
    await deleteScenarioTopics(brokers, topics).catch(() => undefined);
  });

  it('the scenario is sound: the pure engines over the feed give the ground truth', () => {
    const open = scenario.dryRun.log.tasks().filter((t) => t.status === 'requested');
    expect(diffByRule(scenario.truth.tasks, open)).toEqual([]);
    // Every rule of the catalogue is staged, each injected case as often as asked (sched-double-booking has two: same patient, one practitioner).
    expect(new Set(scenario.truth.tasks.map((t) => t.rule)).size).toBe(RULE_CODES.length);
    expect(scenario.truth.tasks).toHaveLength(ALL_CASES.filter((c) => c.kind === 'inject').length * (SMALL_OUTAGE.injectPerRule ?? 0));
    expect(scenario.truth.tasks.filter((t) => t.otherPatientKey !== undefined)).toHaveLength(SMALL_OUTAGE.injectPerRule ?? 0);
  });

  it('publishes exactly the expected open tasks, rule by rule, and no other', () => {
    const open = openTasks(published.latest);
    // A line per missing or unexpected task, grouped by rule: the failure message is the diff.
    expect(diffByRule(scenario.truth.tasks, open)).toEqual([]);
    expect(open).toHaveLength(scenario.truth.tasks.length);
    const facilityOf = new Map(scenario.truth.tasks.map((t) => [matchKey(t), t.facility]));
    for (const t of open) expect(`${matchKey(t)} @ ${t.facility}`).toBe(`${matchKey(t)} @ ${facilityOf.get(matchKey(t))}`);
  });

  it('cancels nothing but what the strictest clock may open and close again', () => {
    const settledOther = [...published.latest.values()].filter((t) => t.status !== 'requested');
    // Cancelled tasks are allowed only where a tick between two events of one recorded instant
    // opens a task the next event resolves (the simulator's dry run with a tick per event shows them).
    const unexplained = settledOther.filter((t) => !(t.status === 'cancelled' && scenario.transientTaskIds.has(t.id)));
    expect(unexplained.map((t) => `${t.status}: ${matchKey(t)}`)).toEqual([]);
    // Each history is `requested` then at most one `cancelled`: no reopen, no flapping.
    for (const [id, history] of published.history) expect(`${id}: ${history.join(' > ')}`).toMatch(/^[^:]+: requested( > cancelled)?$/);
    if (settledOther.length > 0) console.log(`e2e outage: ${settledOther.length} transient task(s) opened then cancelled`);
  });

  it('sends exactly the malformed messages to the dead-letter topics, with their codes', async () => {
    for (const contractTopic of [TOPICS.prescriptions, TOPICS.lab, TOPICS.scheduling, TOPICS.downtime]) {
      // The downtime topic is read by all three services: each rejects its bad messages.
      const readers = contractTopic === TOPICS.downtime ? DOMAINS.length : 1;
      expect(await readDeadLetters(brokers, topics.of(contractTopic))).toEqual(expectedDeadLetters(scenario.messages, contractTopic, topics, readers));
    }
    expect(scenario.messages.filter((m) => m.kind === 'malformed').length).toBeGreaterThan(10);
  });

  it('stores every event once: transport duplicates are recognised by source and id', async () => {
    for (const s of services) {
      const feed = countKinds(scenario.messages, DOMAIN_TOPIC[s.domain]);
      const stored = await storedCounts(pg, s.schema, s.domainTopic);
      expect({ domain: s.domain, rows: stored.rows, distinct: stored.distinct, duplicates: duplicatesSeen.get(s.domain) }).toEqual({
        domain: s.domain,
        rows: feed.event,
        distinct: feed.event,
        duplicates: feed.duplicate,
      });
      expect(Object.values(stored.rejected).reduce((a, n) => a + n, 0)).toBe(feed.malformed);
      const ops = countKinds(scenario.messages, TOPICS.downtime);
      const downtime = await storedCounts(pg, s.schema, topics.downtime);
      expect([downtime.rows, downtime.distinct]).toEqual([ops.heartbeat + ops.downtime, ops.heartbeat + ops.downtime]);
    }
    expect(Object.values(Object.fromEntries(DOMAINS.map((d) => [d, countKinds(scenario.messages, DOMAIN_TOPIC[d]).duplicate]))).every((n) => n > 0)).toBe(true);
  });

  it('replays each schema, partition by partition, to exactly the decisions recorded live', async () => {
    const all = new Map<string, string>();
    for (const s of services) {
      const recorded = await recordedDecisions(reader, s.schema);
      const replayed = await replayedDecisions(reader, s);
      expect({ schema: s.schema, decisions: replayed.byPartition }).toEqual({ schema: s.schema, decisions: recorded.byPartition });
      expect({ schema: s.schema, tasks: replayed.finalStatus }).toEqual({ schema: s.schema, tasks: recorded.finalStatus });
      for (const [id, status] of recorded.finalStatus) all.set(id, status);
    }
    // What was recorded is what was published.
    expect(new Map([...all].sort(([a], [b]) => (a < b ? -1 : 1)))).toEqual(statusById(published.latest));
  });
});
