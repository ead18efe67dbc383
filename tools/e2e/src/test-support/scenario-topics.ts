import { dlqTopic, TOPICS, type Domain } from '@continuity/contracts';
import { createMessagingClient } from '@continuity/messaging';
import { createTopics, uniqueTopic } from '@continuity/testing';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the simulator is a tool, not a lib (see scenario.ts)
import { FeedPublisher, type Publishable } from '../../../simulator/src/lib/publisher';

/**
 * One run's own copy of the contract topics: each contract name plus a unique suffix, so a test
 * never reads another's messages. The simulator's publisher appends the same suffix.
 */
export interface ScenarioTopics {
  suffix: string;
  /** The run's name of a contract topic. */
  of(contractTopic: string): string;
  /** The run's domain topic of a reconciler. */
  domain(domain: Domain): string;
  downtime: string;
  tasks: string;
  /** Every topic the run needs, dead-letter topics included. */
  all: readonly string[];
}

export function scenarioTopics(label: string): ScenarioTopics {
  const suffix = `.${uniqueTopic(label)}`;
  const of = (contractTopic: string) => contractTopic + suffix;
  const inputs = [TOPICS.prescriptions, TOPICS.lab, TOPICS.scheduling, TOPICS.downtime].map(of);
  return {
    suffix,
    of,
    domain: (domain) => of(TOPICS[domain]),
    downtime: of(TOPICS.downtime),
    tasks: of(TOPICS.tasks),
    all: [...inputs, ...inputs.map(dlqTopic), of(TOPICS.tasks)],
  };
}

/** Attempts at creating topics: right after other topics were created or deleted, the broker may briefly answer "does not host this topic-partition". */
const CREATE_ATTEMPTS = 4;

/**
 * Creates the runs' topics (12 partitions, as the contract's) in one request, since concurrent
 * creations race in the broker's metadata. It retries, which is safe because only missing topics
 * are created.
 */
export async function createScenarioTopics(brokers: string[], ...runs: ScenarioTopics[]): Promise<void> {
  const names = runs.flatMap((t) => t.all);
  for (let attempt = 1; ; attempt++) {
    try {
      await createTopics(brokers, names);
      return;
    } catch (error) {
      if (attempt >= CREATE_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    }
  }
}

/** Deletes the run's topics, so a long test session does not pile partitions up on the broker. */
export async function deleteScenarioTopics(brokers: string[], ...runs: ScenarioTopics[]): Promise<void> {
  const admin = createMessagingClient({ brokers, clientId: 'continuity-e2e-cleanup' }).admin();
  try {
    await admin.deleteTopics(runs.flatMap((t) => t.all));
  } finally {
    await admin.disconnect();
  }
}

/**
 * Publishes feed messages, in order, to the run's topics with the simulator's publisher (an
 * idempotent producer; in each batch the clinical topics before the downtime topic).
 */
export async function publishFeed(brokers: string[], topics: ScenarioTopics, messages: Iterable<Publishable>): Promise<number> {
  const publisher = new FeedPublisher({ brokers, clientId: 'continuity-e2e-publisher', topicSuffix: topics.suffix, batchSize: 1000 });
  await publisher.connect();
  try {
    for (const m of messages) await publisher.publish(m);
  } finally {
    await publisher.close();
  }
  return publisher.sent;
}
