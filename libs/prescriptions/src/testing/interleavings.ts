import { at, given, type RuleSet, type TaskRecord } from '@continuity/rules';
import type { ParsedEvent } from '@continuity/contracts';

/**
 * Every merge of some sequences that keeps each one's own order: how events of several sources
 * can reach a partition (per-source order holds, nothing else). Stops after `limit` merges.
 */
export function interleavings<T>(sequences: ReadonlyArray<readonly T[]>, limit = 5000): T[][] {
  const out: T[][] = [];
  const walk = (positions: number[], acc: T[]): void => {
    if (out.length >= limit) return;
    if (acc.length === sequences.reduce((n, s) => n + s.length, 0)) {
      out.push([...acc]);
      return;
    }
    sequences.forEach((s, i) => {
      if (positions[i] >= s.length) return;
      const next = [...positions];
      next[i]++;
      walk(next, [...acc, s[positions[i]]]);
    });
  };
  walk(sequences.map(() => 0), []);
  return out;
}

/** The tasks open after feeding the events in this order, then one tick at `now`. */
export function finalOpenTasks<S>(ruleSet: RuleSet<S>, events: readonly ParsedEvent[], now: string): TaskRecord[] {
  return given(ruleSet).when(...events, at(now)).open;
}

/** A task reduced to what a clinician reviews, for comparing outcomes across arrival orders. */
export function summary(t: TaskRecord): string {
  const f = t.finding;
  return `${t.id} ${f.rule} ${f.severity}/${f.priority} focus=${f.focus.value} related=${f.related.map((r) => r.value).join(',')}`;
}
