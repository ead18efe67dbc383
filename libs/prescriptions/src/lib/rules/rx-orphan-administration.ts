import type { BusinessId } from '@continuity/contracts';
import { dueAt, type Finding, type Instant } from '@continuity/rules';
import { gradeOf } from '../config';
import type { AdministrationView } from '../views';
import type { RxRule } from './rx-rule';

/**
 * rx-orphan-administration: completed administrations, touched by a degraded period, whose order
 * never appeared (no placement nor discontinuation of it): the paper order was never entered.
 * One task per missing order. Fires at T1 + 12 h, T1 being the latest end of the administrations'
 * degraded windows; cancelled by itself when the order arrives.
 */
export const rxOrphanAdministration: RxRule = (view, ctx, config) => {
  const groups = new Map<string, { order: BusinessId; doses: AdministrationView[] }>();
  for (const a of view.administrations) {
    if (a.version.status !== 'completed' || a.window === null) continue;
    if (a.orderKey !== null && view.knownOrderKeys.has(a.orderKey)) continue;
    const key = a.orderKey ?? a.key;
    const group = groups.get(key) ?? { order: a.version.order ?? a.id, doses: [] };
    group.doses.push(a);
    groups.set(key, group);
  }
  const findings: Finding[] = [];
  const wakes: Instant[] = [];
  for (const [, { order, doses }] of [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const dues = doses.map((d) => dueAt(d.version.effectiveMs, d.window, config.orphanAdministrationDelayMs));
    // A window still open means staff may still be typing the paper orders in: no deadline yet.
    if (dues.some((d) => d === null)) continue;
    const due = Math.max(...(dues as number[]));
    if (ctx.now < due) {
      wakes.push(due);
      continue;
    }
    const label = doses[doses.length - 1].label;
    const n = doses.length;
    findings.push({
      rule: 'rx-orphan-administration',
      ...gradeOf(config, 'rx-orphan-administration', doses.some((d) => d.highAlert)),
      patientKey: view.patientKey,
      facility: doses[doses.length - 1].version.facility,
      focus: order,
      related: [],
      evidence: doses.flatMap((d) => d.refs).sort(),
      description:
        `${n === 1 ? 'A dose' : `${n} doses`} of ${label} ${n === 1 ? 'was' : 'were'} recorded against order ${order.value}, ` +
        `which never reached the prescribing system; the paper order may never have been entered.`,
    });
  }
  return { findings, wakes };
};
