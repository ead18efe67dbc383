import { degradedWindowOf, duplicatePairs, focusFirst, formatDelay, howTouched, type DegradedWindow, type Finding } from '@continuity/rules';
import { labScope, minRetestMsOf } from '../lab-config';
import { testLabel, type LabRule } from '../lab-rule';
import { sortedKeys, type LabOrder, type OrderedFacts } from '../lab-state';

interface LiveOrder {
  order: LabOrder;
  ordered: OrderedFacts;
  window: DegradedWindow | null;
}

/**
 * lab-duplicate-order: two live orders of one patient for the same LOINC code authored within the
 * test's minimum retest interval, at least one touched by a degraded period. Fires at once;
 * significant → urgent. Cancelling either order resolves it.
 */
export const labDuplicateOrder: LabRule = (state, ctx, config) => {
  const scope = labScope(config);
  // Sorted by (authoredOn, key) so the pair, and so the focus, never depends on arrival order.
  const items: LiveOrder[] = sortedKeys(state.orders)
    .map((k) => state.orders[k])
    .filter((o): o is LabOrder & { ordered: OrderedFacts } => o.ordered !== null && o.ordered.loinc !== null)
    .map((o) => ({ order: o, ordered: o.ordered, window: degradedWindowOf(o.ordered.scope, ctx.downtimes, scope) }))
    .sort((a, b) => a.ordered.authoredOn - b.ordered.authoredOn);

  const findings: Finding[] = [];
  const loincs = [...new Set(items.map((i) => i.ordered.loinc as string))].sort();
  for (const loinc of loincs) {
    const intervalMs = minRetestMsOf(config, loinc);
    const pairs = duplicatePairs(
      items.filter((i) => i.ordered.loinc === loinc),
      {
        key: (i) => i.ordered.loinc,
        at: (i) => i.ordered.authoredOn,
        // A retest exactly one interval later is legitimate: "within" is strict here.
        windowMs: intervalMs - 1,
        touched: (i) => i.window !== null,
        live: (i) => i.order.cancelled === null,
      },
    );
    for (const [earlier, later] of pairs) {
      const [focus, other] = focusFirst(earlier, later, (o) => o.window !== null);
      const window = (focus.window ?? other.window) as DegradedWindow;
      const gap = Math.abs(later.ordered.authoredOn - earlier.ordered.authoredOn);
      findings.push({
        rule: 'lab-duplicate-order',
        severity: 'significant',
        priority: 'urgent',
        patientKey: state.patientKey ?? '',
        facility: focus.ordered.scope.facility,
        focus: focus.order.id,
        related: [other.order.id],
        evidence: [earlier.ordered.ref, later.ordered.ref].sort(),
        description:
          `Two live orders of ${testLabel(config, loinc, focus.ordered.display)} were placed ${formatDelay(gap)} apart, ` +
          `within its ${formatDelay(intervalMs)} minimum retest interval; order ${(focus.window ? focus : other).order.id.value} was entered ${howTouched(window)}.`,
      });
    }
  }
  return { findings, wakes: [] };
};
