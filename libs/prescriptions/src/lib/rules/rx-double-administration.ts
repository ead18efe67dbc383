import type { BusinessId } from '@continuity/contracts';
import { businessKey, type Finding } from '@continuity/rules';
import { gradeOf, type PrescriptionsConfig } from '../config';
import { formatDuration, formatInstant } from '../timing';
import { howEntered, type AdministrationView, type RxView } from '../views';
import type { RxRule } from './rx-rule';

function intervalFor(a: AdministrationView, view: RxView, config: PrescriptionsConfig): number {
  const order = a.orderKey === null ? undefined : view.ordersByKey.get(a.orderKey);
  return order?.intervalMs ?? config.defaultDoseIntervalMs;
}

function byEffective(a: AdministrationView, b: AdministrationView): number {
  return a.version.effectiveMs - b.version.effectiveMs || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/**
 * rx-double-administration: two completed administrations of one substance, consecutive in time,
 * closer than the ordered interval (the smaller of their orders', else the default), one touched
 * by a degraded period: a dose given twice, or one dose recorded twice. Fires at once.
 * Focus: the order of the later dose; related: both administrations (and the other order).
 */
export const rxDoubleAdministration: RxRule = (view, _ctx, config) => {
  const bySubstance = new Map<string, AdministrationView[]>();
  for (const a of view.administrations) {
    if (a.version.status !== 'completed' || a.substance === null) continue;
    const list = bySubstance.get(a.substance) ?? [];
    list.push(a);
    bySubstance.set(a.substance, list);
  }
  const findings: Finding[] = [];
  for (const [, doses] of [...bySubstance.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    doses.sort(byEffective);
    for (let i = 1; i < doses.length; i++) {
      const [first, second] = [doses[i - 1], doses[i]];
      const touched = second.window !== null ? second : first.window !== null ? first : null;
      if (touched === null) continue;
      const gap = second.version.effectiveMs - first.version.effectiveMs;
      const interval = Math.min(intervalFor(first, view, config), intervalFor(second, view, config));
      if (gap >= interval) continue;
      const focus: BusinessId = second.version.order ?? second.id;
      const others = [first.id, second.id, ...(first.version.order ? [first.version.order] : [])];
      const related = [...new Map(others.filter((id) => businessKey(id) !== businessKey(focus)).map((id) => [businessKey(id), id])).values()];
      findings.push({
        rule: 'rx-double-administration',
        ...gradeOf(config, 'rx-double-administration', first.highAlert || second.highAlert),
        patientKey: view.patientKey,
        facility: second.version.facility,
        focus,
        related,
        evidence: [...first.refs, ...second.refs].sort(),
        description:
          `Two doses of ${second.label} were recorded ${formatDuration(gap)} apart (${formatInstant(first.version.effectiveMs)} and ` +
          `${formatInstant(second.version.effectiveMs)}), closer than the ordered interval of ${formatDuration(interval)}; ` +
          `the dose of ${formatInstant(touched.version.effectiveMs)} ${howEntered(touched.window, touched.version)}.`,
      });
    }
  }
  return { findings, wakes: [] };
};
