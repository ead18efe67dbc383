import type { BusinessId } from '@continuity/contracts';
import type { ExpectedTask, NearMiss } from './lib/ground-truth';
import { RULE_CODES } from './lib/ground-truth';

/**
 * Scoring of the reconcilers' tasks against a simulation's ground truth. Pure: the readers
 * (Kafka, API) only turn what they read into `ObservedTask`s.
 */

/** What the scorer needs of a published FHIR Task (CONTRACT.md §4). */
export interface ObservedTask {
  id: string;
  status: string;
  rule: string;
  patientKey: string;
  focus: BusinessId;
  facility: string | null;
}

const FACILITY_EXTENSION = 'urn:continuity:facility';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Reads the fields the scorer needs from a FHIR Task; null when it is not one. */
export function taskFromFhir(resource: unknown): ObservedTask | null {
  if (!isObject(resource) || resource.resourceType !== 'Task' || typeof resource.id !== 'string') return null;
  const code = isObject(resource.code) && Array.isArray(resource.code.coding) && isObject(resource.code.coding[0]) ? resource.code.coding[0].code : undefined;
  const patient = isObject(resource.for) && isObject(resource.for.identifier) ? resource.for.identifier.value : undefined;
  const focusId = isObject(resource.focus) && isObject(resource.focus.identifier) ? resource.focus.identifier : undefined;
  if (typeof code !== 'string' || typeof patient !== 'string' || !focusId || typeof focusId.system !== 'string' || typeof focusId.value !== 'string') {
    return null;
  }
  const ext = Array.isArray(resource.extension) ? resource.extension.find((e) => isObject(e) && e.url === FACILITY_EXTENSION) : undefined;
  return {
    id: resource.id,
    status: typeof resource.status === 'string' ? resource.status : 'unknown',
    rule: code,
    patientKey: patient,
    focus: { system: focusId.system, value: focusId.value },
    facility: isObject(ext) && typeof ext.valueCode === 'string' ? ext.valueCode : null,
  };
}

/**
 * The Task of a `reconciliation.tasks.v1` message: a structured CloudEvent whose data is the Task,
 * or (binary mode) the Task itself. Null for anything else.
 */
export function taskFromMessage(value: string | Buffer | null): ObservedTask | null {
  if (value === null) return null;
  let doc: unknown;
  try {
    doc = JSON.parse(typeof value === 'string' ? value : value.toString('utf8'));
  } catch {
    return null;
  }
  if (isObject(doc) && isObject(doc.data)) return taskFromFhir(doc.data);
  return taskFromFhir(doc);
}

/** Keeps the latest state of each task id, and whether it was ever seen open. */
export class TaskLog {
  private readonly latest = new Map<string, ObservedTask>();
  private readonly everOpen = new Set<string>();

  /** Records one observation; a later one of the same id replaces it (log order is publication order). */
  observe(task: ObservedTask): void {
    this.latest.set(task.id, task);
    if (task.status !== 'cancelled') this.everOpen.add(task.id);
  }

  tasks(): ObservedTask[] {
    return [...this.latest.values()];
  }

  get size(): number {
    return this.latest.size;
  }
}

/** Statuses meaning the discrepancy stands (an officer's `rejected` still means the engine found it). */
const STANDING: ReadonlySet<string> = new Set(['requested', 'accepted', 'in-progress', 'completed', 'rejected', 'received', 'ready', 'on-hold']);

export interface RuleScore {
  rule: string;
  expected: number;
  /** Tasks standing at the end (not cancelled). */
  found: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  /** TP / expected; null when nothing was expected. */
  recall: number | null;
  /** TP / found; null when nothing was found. */
  precision: number | null;
  /** Tasks opened and then cancelled by a later event. */
  cancelled: number;
  /** False positives that hit a staged near-miss. */
  nearMissHits: number;
  /** False positives on the right rule and patient but another focus (a focus mapping problem, not a miss). */
  focusMismatches: number;
}

export interface ScoreReport {
  rules: RuleScore[];
  total: RuleScore;
  falsePositives: ObservedTask[];
  falseNegatives: ExpectedTask[];
}

const matchKey = (rule: string, patientKey: string, focus: BusinessId): string => `${rule}\n${patientKey}\n${focus.system}\n${focus.value}`;
const patientKeyOfRule = (rule: string, patientKey: string): string => `${rule}\n${patientKey}`;
/** The patients a staged case involves: its own, and the other one of a case across patients. */
const patientsOf = (c: { patientKey: string; otherPatientKey?: string }): string[] =>
  c.otherPatientKey === undefined ? [c.patientKey] : [c.patientKey, c.otherPatientKey];

function ratio(n: number, d: number): number | null {
  return d === 0 ? null : n / d;
}

function emptyScore(rule: string): RuleScore {
  return { rule, expected: 0, found: 0, truePositives: 0, falsePositives: 0, falseNegatives: 0, recall: null, precision: null, cancelled: 0, nearMissHits: 0, focusMismatches: 0 };
}

/**
 * Matches the final tasks against the expected ones on (rule, patient key, focus system and value),
 * as multisets. Cancelled tasks are counted apart (opened, then resolved by a later event). For a
 * case across patients the match is on its `patientKey` (the focus's patient); `otherPatientKey`
 * only widens what counts as a near-miss hit or a focus mismatch.
 */
export function score(expected: readonly ExpectedTask[], observed: readonly ObservedTask[], nearMisses: readonly NearMiss[] = []): ScoreReport {
  const scores = new Map<string, RuleScore>();
  const scoreOf = (rule: string): RuleScore => {
    let s = scores.get(rule);
    if (!s) {
      s = emptyScore(rule);
      scores.set(rule, s);
    }
    return s;
  };
  for (const rule of RULE_CODES) scoreOf(rule);

  const wanted = new Map<string, ExpectedTask[]>();
  for (const e of expected) {
    scoreOf(e.rule).expected++;
    const k = matchKey(e.rule, e.patientKey, e.focus);
    wanted.set(k, [...(wanted.get(k) ?? []), e]);
  }
  // A near-miss across patients is hit by a task of either patient.
  const nearMissKeys = new Set(nearMisses.flatMap((n) => patientsOf(n).map((p) => patientKeyOfRule(n.rule, p))));

  const standing = [...observed].filter((t) => STANDING.has(t.status)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const falsePositives: ObservedTask[] = [];
  for (const t of observed) if (t.status === 'cancelled') scoreOf(t.rule).cancelled++;
  for (const t of standing) {
    const s = scoreOf(t.rule);
    s.found++;
    const k = matchKey(t.rule, t.patientKey, t.focus);
    const queue = wanted.get(k);
    if (queue && queue.length > 0) {
      queue.shift();
      s.truePositives++;
    } else {
      s.falsePositives++;
      falsePositives.push(t);
      if (nearMissKeys.has(patientKeyOfRule(t.rule, t.patientKey))) s.nearMissHits++;
    }
  }
  const falseNegatives = [...wanted.values()].flat();
  // Across patients, a task filed under the other patient of a missed one is a focus mismatch too.
  const missedByPatient = new Set(falseNegatives.flatMap((e) => patientsOf(e).map((p) => patientKeyOfRule(e.rule, p))));
  for (const e of falseNegatives) scoreOf(e.rule).falseNegatives++;
  for (const t of falsePositives) if (missedByPatient.has(patientKeyOfRule(t.rule, t.patientKey))) scoreOf(t.rule).focusMismatches++;

  const rules = [...scores.values()].sort((a, b) => rank(a.rule) - rank(b.rule) || (a.rule < b.rule ? -1 : 1));
  for (const s of rules) finish(s);
  const total = emptyScore('total');
  for (const s of rules) {
    total.expected += s.expected;
    total.found += s.found;
    total.truePositives += s.truePositives;
    total.falsePositives += s.falsePositives;
    total.falseNegatives += s.falseNegatives;
    total.cancelled += s.cancelled;
    total.nearMissHits += s.nearMissHits;
    total.focusMismatches += s.focusMismatches;
  }
  finish(total);
  return { rules, total, falsePositives, falseNegatives };
}

function finish(s: RuleScore): void {
  s.recall = ratio(s.truePositives, s.expected);
  s.precision = ratio(s.truePositives, s.found);
}

function rank(rule: string): number {
  const i = (RULE_CODES as readonly string[]).indexOf(rule);
  return i < 0 ? RULE_CODES.length : i;
}

const pct = (v: number | null): string => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

/** The report as a fixed-width table, one line per rule and a total. */
export function formatScoreTable(report: ScoreReport): string {
  const head = ['rule', 'expected', 'found', 'TP', 'FP', 'FN', 'recall', 'precision', 'cancelled', 'near-miss FP'];
  const rows = [...report.rules, report.total].map((s) => [
    s.rule,
    String(s.expected),
    String(s.found),
    String(s.truePositives),
    String(s.falsePositives),
    String(s.falseNegatives),
    pct(s.recall),
    pct(s.precision),
    String(s.cancelled),
    String(s.nearMissHits),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const sep = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(head), sep, ...rows.slice(0, -1).map(line), sep, line(rows[rows.length - 1])].join('\n');
}
