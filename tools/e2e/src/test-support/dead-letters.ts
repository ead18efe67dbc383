import { dlqTopic } from '@continuity/contracts';
import { readTopic } from '@continuity/testing';
import type { FeedMessage } from './scenario';
import type { ScenarioTopics } from './scenario-topics';

const text = (v: Buffer | string | Array<Buffer | string> | undefined): string => (v === undefined ? '' : Array.isArray(v) ? v.map(String).join(',') : v.toString());

/**
 * One dead letter as `code  original topic  key  value`: what CONTRACT.md §7 says it keeps. A null
 * value and an empty one read the same (kafkajs returns either for a zero-length record).
 */
const letter = (code: string, topic: string, key: string, value: string): string => `${code}  ${topic}  ${key}  ${value}`;

/** The dead letters found on the DLQ of one run topic, sorted. */
export async function readDeadLetters(brokers: string[], topic: string): Promise<string[]> {
  const records = await readTopic(brokers, dlqTopic(topic));
  return records
    .map((r) => letter(text(r.headers['x-error-code']), text(r.headers['x-original-topic']), r.key?.toString('utf8') ?? '', r.value?.toString('utf8') ?? ''))
    .sort();
}

/**
 * The dead letters a run topic must get: each malformed message of the feed on it, with the code
 * the simulator says it must be rejected with, once per service reading that topic.
 */
export function expectedDeadLetters(messages: readonly FeedMessage[], contractTopic: string, topics: ScenarioTopics, readers: number): string[] {
  const out: string[] = [];
  for (const m of messages) {
    if (m.topic !== contractTopic || m.kind !== 'malformed') continue;
    for (let i = 0; i < readers; i++) out.push(letter(m.expectedError ?? '?', topics.of(m.topic), m.key, m.value));
  }
  return out.sort();
}
