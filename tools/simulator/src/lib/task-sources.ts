import { TOPICS } from '@continuity/contracts';
import { createMessagingClient, readTopicToEnd } from '@continuity/messaging';
import { taskFromFhir, taskFromMessage, TaskLog } from '../score';

/**
 * Where the scorer reads tasks from: the `reconciliation.tasks.v1` topic (every version of every
 * task, the latest wins) or the API's FHIR search (each task once, in its current state).
 */

export interface KafkaSourceOptions {
  brokers: string[];
  topic?: string;
  /** Gives up waiting for the end of the topic after this long. */
  timeoutMs?: number;
  onProgress?: (read: number, total: number) => void;
}

/** Reads the task topic from the beginning up to its current end; the latest version of each task wins. */
export async function readTasksFromKafka(o: KafkaSourceOptions): Promise<TaskLog> {
  const log = new TaskLog();
  const client = createMessagingClient({ brokers: o.brokers, clientId: 'continuity-scorer', logLevel: 'nothing' });
  await readTopicToEnd(
    client,
    o.topic ?? TOPICS.tasks,
    (r) => {
      const task = taskFromMessage(r.value);
      if (task) log.observe(task);
    },
    { timeoutMs: o.timeoutMs, onProgress: o.onProgress },
  );
  return log;
}

export interface ApiSourceOptions {
  baseUrl: string;
  apiKey: string;
  pageSize?: number;
  fetchImpl?: typeof fetch;
  onProgress?: (read: number, total: number | null) => void;
}

/** Pages through `GET /fhir/Task?_count=…`, following the Bundle's `next` links. */
export async function readTasksFromApi(o: ApiSourceOptions): Promise<TaskLog> {
  const doFetch = o.fetchImpl ?? fetch;
  const log = new TaskLog();
  let url: string | null = new URL(`/fhir/Task?_count=${o.pageSize ?? 500}`, o.baseUrl).toString();
  const visited = new Set<string>();
  let read = 0;
  while (url !== null) {
    if (visited.has(url)) throw new Error(`scorer: the API's next link loops (${url})`);
    visited.add(url);
    const res = await doFetch(url, { headers: { Authorization: `Bearer ${o.apiKey}`, Accept: 'application/fhir+json' } });
    if (!res.ok) throw new Error(`scorer: GET ${url} answered ${res.status}`);
    const bundle = (await res.json()) as { total?: number; entry?: Array<{ resource?: unknown }>; link?: Array<{ relation?: string; url?: string }> };
    for (const entry of bundle.entry ?? []) {
      const task = taskFromFhir(entry.resource);
      if (task) log.observe(task);
      read++;
    }
    o.onProgress?.(read, typeof bundle.total === 'number' ? bundle.total : null);
    const next = bundle.link?.find((l) => l.relation === 'next')?.url;
    url = next ? new URL(next, o.baseUrl).toString() : null;
  }
  return log;
}
