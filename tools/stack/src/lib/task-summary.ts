import { createMessagingClient, readTopicToEnd } from '@continuity/messaging';

/** The fields of a FHIR Task (CONTRACT.md §4) a summary counts by. */
export interface TaskDigest {
  id: string;
  status: string;
  rule: string;
  severity: string;
  facility: string;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

function extensionCode(task: Json, url: string): string {
  const ext = Array.isArray(task['extension']) ? task['extension'].find((e) => isObject(e) && e['url'] === url) : undefined;
  return isObject(ext) && typeof ext['valueCode'] === 'string' ? ext['valueCode'] : 'unknown';
}

/** The digest of a Task resource, or of a CloudEvent carrying one; null for anything else. */
export function digestTask(doc: unknown): TaskDigest | null {
  const task = isObject(doc) && isObject(doc['data']) ? doc['data'] : doc;
  if (!isObject(task) || task['resourceType'] !== 'Task' || typeof task['id'] !== 'string') return null;
  const coding = isObject(task['code']) && Array.isArray(task['code']['coding']) ? task['code']['coding'][0] : undefined;
  return {
    id: task['id'],
    status: typeof task['status'] === 'string' ? task['status'] : 'unknown',
    rule: isObject(coding) && typeof coding['code'] === 'string' ? coding['code'] : 'unknown',
    severity: extensionCode(task, 'urn:continuity:severity'),
    facility: extensionCode(task, 'urn:continuity:facility'),
  };
}

/** Counts of the tasks' current states. */
export interface TaskSummary {
  open: number;
  cancelled: number;
  byRule: Array<{ rule: string; open: number; cancelled: number }>;
  /** Open tasks by DCB0129 severity, most severe first. */
  bySeverity: Array<{ severity: string; open: number }>;
  /** Facilities with open tasks, most first. */
  byFacility: Array<{ facility: string; open: number }>;
}

const SEVERITY_ORDER = ['catastrophic', 'major', 'considerable', 'significant', 'minor'];

/** Tasks of one rule, facility, severity and status: a row of the API's report, or one task (count 1). */
export interface TaskCount {
  rule: string;
  facility: string;
  severity: string;
  status: string;
  count: number;
}

/** Summarises task counts (each task in its latest state). "Open" is anything not cancelled by itself. */
export function summarizeTasks(entries: ReadonlyArray<TaskCount | TaskDigest>): TaskSummary {
  const rules = new Map<string, { open: number; cancelled: number }>();
  const severities = new Map<string, number>();
  const facilities = new Map<string, number>();
  let open = 0;
  let cancelled = 0;
  for (const t of entries) {
    const n = 'count' in t ? t.count : 1;
    const r = rules.get(t.rule) ?? { open: 0, cancelled: 0 };
    rules.set(t.rule, r);
    if (t.status === 'cancelled') {
      r.cancelled += n;
      cancelled += n;
      continue;
    }
    r.open += n;
    open += n;
    severities.set(t.severity, (severities.get(t.severity) ?? 0) + n);
    facilities.set(t.facility, (facilities.get(t.facility) ?? 0) + n);
  }
  const rank = (s: string) => (SEVERITY_ORDER.includes(s) ? SEVERITY_ORDER.indexOf(s) : SEVERITY_ORDER.length);
  return {
    open,
    cancelled,
    byRule: [...rules.entries()].map(([rule, c]) => ({ rule, ...c })).sort((a, b) => b.open - a.open || a.rule.localeCompare(b.rule)),
    bySeverity: [...severities.entries()].map(([severity, n]) => ({ severity, open: n })).sort((a, b) => rank(a.severity) - rank(b.severity)),
    byFacility: [...facilities.entries()].map(([facility, n]) => ({ facility, open: n })).sort((a, b) => b.open - a.open || a.facility.localeCompare(b.facility)),
  };
}

/** The rows of `GET /api/v1/reports/discrepancies` (JSON `{total, rows}`); null when the body is not that. */
export function countsFromReport(body: unknown): TaskCount[] | null {
  if (!isObject(body) || !Array.isArray(body['rows'])) return null;
  const counts: TaskCount[] = [];
  for (const row of body['rows']) {
    if (!isObject(row)) return null;
    const [rule, facility, severity, status, count] = [row['rule'], row['facility'], row['severity'], row['status'], row['count']];
    if (typeof rule !== 'string' || typeof status !== 'string' || typeof count !== 'number') return null;
    counts.push({ rule, facility: typeof facility === 'string' ? facility : 'unknown', severity: typeof severity === 'string' ? severity : 'unknown', status, count });
  }
  return counts;
}

/** Facilities listed by name in the summary; the rest are counted together. */
const TOP_FACILITIES = 8;

/** The summary as a few aligned lines. */
export function formatTaskSummary(s: TaskSummary): string {
  const width = Math.max(4, ...s.byRule.map((r) => r.rule.length));
  const facilities = s.byFacility.slice(0, TOP_FACILITIES).map((f) => `${f.facility} ${f.open}`);
  const others = s.byFacility.slice(TOP_FACILITIES).reduce((n, f) => n + f.open, 0);
  if (others > 0) facilities.push(`${s.byFacility.length - TOP_FACILITIES} others ${others}`);
  return [
    `${s.open} open discrepancy tasks (${s.cancelled} more opened, then cancelled by a later event that resolved them)`,
    `${'rule'.padEnd(width)}  ${'open'.padStart(5)}  ${'cancelled'.padStart(9)}`,
    ...s.byRule.map((r) => `${r.rule.padEnd(width)}  ${String(r.open).padStart(5)}  ${String(r.cancelled).padStart(9)}`),
    `by severity: ${s.bySeverity.map((x) => `${x.severity} ${x.open}`).join(', ') || 'none'}`,
    `by facility: ${facilities.join(', ') || 'none'}`,
  ].join('\n');
}

/** Reads a task topic from its beginning to its current end and keeps the latest version of each task. */
export async function readTaskTopic(brokers: readonly string[], topic: string, timeoutMs = 120_000): Promise<TaskDigest[]> {
  const latest = new Map<string, TaskDigest>();
  const client = createMessagingClient({ brokers: [...brokers], clientId: 'continuity-stack-summary', logLevel: 'nothing' });
  await readTopicToEnd(
    client,
    topic,
    (r) => {
      try {
        const digest = r.value ? digestTask(JSON.parse(r.value.toString('utf8'))) : null;
        if (digest) latest.set(digest.id, digest);
      } catch {
        // not JSON: not a task; the summary counts tasks only
      }
    },
    { timeoutMs },
  );
  return [...latest.values()];
}
