import { gradeOf } from '../config';
import { howEntered } from '../views';
import { earlierFirst, overlappingLivePairs, touchedOf } from './overlap';
import type { RxRule } from './rx-rule';

/**
 * rx-duplicate-order: two active orders of the same ATC substance whose periods overlap, neither
 * ended, one touched by a degraded period (typically the paper order typed in again after recovery).
 * Fires at once. Focus: the later order; related: the earlier.
 */
export const rxDuplicateOrder: RxRule = (view, _ctx, config) => {
  const pairs = overlappingLivePairs(view.orders, (o) => o.substance);
  const findings = pairs.map(([a, b]) => {
    const [earlier, later] = earlierFirst(a, b);
    const touched = touchedOf(earlier, later);
    const highAlert = later.highAlert || earlier.highAlert;
    return {
      rule: 'rx-duplicate-order' as const,
      ...gradeOf(config, 'rx-duplicate-order', highAlert),
      patientKey: view.patientKey,
      facility: later.version.facility,
      focus: later.id,
      related: [earlier.id],
      evidence: [...earlier.refs, ...later.refs].sort(),
      description:
        `Two active orders of ${later.label} overlap (${earlier.id.value} and ${later.id.value}); ` +
        `${touched.id.value} ${howEntered(touched.window, touched.version)}${highAlert ? ' (high-alert drug)' : ''}.`,
    };
  });
  return { findings, wakes: [] };
};
