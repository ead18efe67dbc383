import type { BusinessId } from '@continuity/contracts';
import { businessKey, formatDelay, orphanDueAt, type Finding, type Instant } from '@continuity/rules';
import { labScope } from '../lab-config';
import type { LabRule } from '../lab-rule';
import { sortedKeys, type EventFacts, type LabPatientState } from '../lab-state';

interface OrphanGroup {
  /** The missing order, or the unlinked item itself when it names no order. */
  focus: BusinessId;
  linked: boolean;
  specimens: EventFacts[];
  results: EventFacts[];
}

/** Specimens and results grouped by the order they name that was never seen. */
function orphanGroups(state: LabPatientState): Map<string, OrphanGroup> {
  const groups = new Map<string, OrphanGroup>();
  const add = (focus: BusinessId, linked: boolean, kind: 'specimens' | 'results', facts: EventFacts): void => {
    const key = businessKey(focus);
    const g = groups.get(key) ?? { focus, linked, specimens: [], results: [] };
    g[kind].push(facts);
    groups.set(key, g);
  };
  for (const ref of sortedKeys(state.specimens)) {
    const s = state.specimens[ref];
    if (s.orderIds.length === 0) add({ system: 'urn:continuity:event', value: s.ref }, false, 'specimens', s);
    for (const id of s.orderIds) if (!state.orders[businessKey(id)]) add(id, true, 'specimens', s);
  }
  for (const reportKey of sortedKeys(state.reports)) {
    const report = state.reports[reportKey];
    for (const ref of sortedKeys(report.versions)) {
      const v = report.versions[ref];
      if (v.orderIds.length === 0) add(report.id, false, 'results', v);
      for (const id of v.orderIds) if (!state.orders[businessKey(id)]) add(id, true, 'results', v);
    }
  }
  return groups;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/**
 * lab-orphan-result: specimens or results whose order never appears (the paper order was never
 * entered), T1 + 24 h. One task per missing order, its specimens and results as evidence;
 * considerable → urgent. The order's arrival resolves it. Only items touched by a degraded
 * period count; the deadline runs from the first of them.
 */
export const labOrphanResult: LabRule = (state, ctx, config) => {
  const scope = labScope(config);
  const findings: Finding[] = [];
  const wakes: Array<Instant | null> = [];
  const groups = orphanGroups(state);
  for (const key of [...groups.keys()].sort()) {
    const g = groups.get(key) as OrphanGroup;
    const items = [...g.specimens, ...g.results];
    const due = orphanDueAt(items, ctx.downtimes, scope, config.orphanResultDelayMs);
    if (due === null) continue;
    if (ctx.now < due) {
      wakes.push(due);
      continue;
    }
    const first = [...items].sort((a, b) => a.scope.time - b.scope.time || (a.ref < b.ref ? -1 : 1))[0];
    const what = [
      g.specimens.length > 0 ? count(g.specimens.length, 'specimen') : null,
      g.results.length > 0 ? count(g.results.length, 'result') : null,
    ]
      .filter((s) => s !== null)
      .join(' and ');
    const verb = items.length === 1 ? 'names' : 'name';
    findings.push({
      rule: 'lab-orphan-result',
      severity: 'considerable',
      priority: 'urgent',
      patientKey: state.patientKey ?? '',
      facility: first.scope.facility,
      focus: g.focus,
      related: [],
      evidence: [...new Set(items.map((i) => i.ref))].sort(),
      description: g.linked
        ? `${what} ${verb} lab order ${g.focus.value}, which was still not entered ${formatDelay(config.orphanResultDelayMs)} after the downtime; the paper order may be lost.`
        : `${what} ${verb} no lab order at all, ${formatDelay(config.orphanResultDelayMs)} after the downtime; the paper order may be lost.`,
    });
  }
  return { findings, wakes };
};
