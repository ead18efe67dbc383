/** Kafka topics of CONTRACT.md §1. */
export const TOPICS = {
  prescriptions: 'clinical.prescriptions.v1',
  lab: 'clinical.lab.v1',
  scheduling: 'clinical.scheduling.v1',
  downtime: 'continuity.downtime.v1',
  tasks: 'reconciliation.tasks.v1',
} as const;

export type Topic = (typeof TOPICS)[keyof typeof TOPICS];
export type Domain = 'prescriptions' | 'lab' | 'scheduling';

/** Where a rejected message goes: the original topic with `.dlq` (CONTRACT.md §7). */
export const dlqTopic = (topic: string): string => `${topic}.dlq`;

/** Default partition count: each service scales to 12 consumers. */
export const DEFAULT_PARTITIONS = 12;

export const ALL_TOPICS: readonly string[] = Object.values(TOPICS);

const DOMAIN_BY_TOPIC: ReadonlyMap<string, Domain | 'downtime'> = new Map<string, Domain | 'downtime'>([
  [TOPICS.prescriptions, 'prescriptions'],
  [TOPICS.lab, 'lab'],
  [TOPICS.scheduling, 'scheduling'],
  [TOPICS.downtime, 'downtime'],
]);

/** The domain of one of the four input topics, or undefined for any other topic. */
export const domainOfTopic = (topic: string): Domain | 'downtime' | undefined => DOMAIN_BY_TOPIC.get(topic);
