import type { FeedMessage } from './sim-event';
import type { GroundTruth } from './ground-truth';
import { DAY } from './time';

/** Counts what a run emitted, for the summary on stdout and for tests. */
export class FeedSummary {
  messages = 0;
  bytes = 0;
  readonly byKind: Record<string, number> = {};
  readonly byTopic: Record<string, number> = {};
  readonly byType: Record<string, number> = {};
  readonly malformedByCode: Record<string, number> = {};

  add(m: FeedMessage): void {
    this.messages++;
    this.bytes += m.value.length;
    inc(this.byKind, m.kind);
    inc(this.byTopic, m.topic);
    if (m.kind === 'event') inc(this.byType, m.type);
    if (m.kind === 'malformed' && m.expectedError) inc(this.malformedByCode, m.expectedError);
  }
}

function inc(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

const n = (v: number): string => v.toLocaleString('en-US');
const list = (counts: Record<string, number>): string =>
  Object.keys(counts)
    .sort()
    .map((k) => `${k} ${n(counts[k])}`)
    .join(', ');

/** Human-readable summary of a run. `seconds` is the wall time measured by the caller. */
export function formatSummary(s: FeedSummary, gt: GroundTruth, o: { cleanPatients: number; stagedCases: number; seconds: number; cpuSeconds: number; files: string[] }): string {
  const t0 = Date.parse(gt.timeline.t0);
  const t1 = Date.parse(gt.timeline.t1);
  const days = (Date.parse(gt.timeline.end) - Date.parse(gt.timeline.start)) / DAY;
  const perFacilityDay = (type: string) => ((s.byType[type] ?? 0) / (days * gt.facilities.length)).toFixed(1);
  const byRule: Record<string, number> = {};
  for (const t of gt.tasks) inc(byRule, t.rule);
  const rate = o.seconds > 0 ? s.messages / o.seconds : 0;
  return [
    `Continuity simulator ${gt.version}, seed ${gt.seed}`,
    `outage     ${gt.timeline.t0} to ${gt.timeline.t1} (${(t1 - t0) / 3_600_000} h) at ${gt.facilities.length} facilities; feed ${gt.timeline.start} to ${gt.timeline.end}`,
    `patients   ${n(o.cleanPatients)} clean, ${n(o.stagedCases)} staged cases`,
    `messages   ${n(s.messages)} in ${o.seconds.toFixed(1)} s (${n(Math.round(rate))} messages/s, ${(s.bytes / 1e6 / Math.max(o.seconds, 1e-9)).toFixed(1)} MB/s of values; ` +
      `${o.cpuSeconds.toFixed(1)} s of CPU: ${n(Math.round(s.messages / Math.max(o.cpuSeconds, 1e-9)))} messages per CPU second)`,
    `  by kind  ${list(s.byKind)}`,
    `  by topic ${list(s.byTopic)}`,
    `  by type  ${list(s.byType)}`,
    `  malformed, by the code they must be rejected with: ${list(s.malformedByCode) || 'none'}`,
    `per facility and day: ${perFacilityDay('continuity.prescription.ordered')} medication orders, ` +
      `${perFacilityDay('continuity.prescription.administered')} administrations, ${perFacilityDay('continuity.lab.ordered')} lab orders, ` +
      `${perFacilityDay('continuity.scheduling.booked')} bookings`,
    `expected tasks ${gt.tasks.length} (${list(byRule) || 'none'}); near-misses ${gt.nearMisses.length}`,
    ...o.files.map((f) => `wrote      ${f}`),
  ].join('\n');
}

/** `ground-truth.json`: the run's parameters, then one expected task (and one near-miss) per line. */
export function formatGroundTruth(gt: GroundTruth): string {
  const { tasks, nearMisses, ...head } = gt;
  const body = JSON.stringify(head, null, 2).replace(/\n}$/, '');
  const lines = (items: readonly unknown[]) => (items.length === 0 ? '[]' : `[\n${items.map((i) => `    ${JSON.stringify(i)}`).join(',\n')}\n  ]`);
  return `${body},\n  "tasks": ${lines(tasks)},\n  "nearMisses": ${lines(nearMisses)}\n}\n`;
}
