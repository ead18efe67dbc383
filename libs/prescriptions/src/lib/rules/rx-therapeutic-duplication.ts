import { gradeOf } from '../config';
import { howEntered } from '../views';
import { earlierFirst, overlappingLivePairs, touchedOf } from './overlap';
import type { RxRule } from './rx-rule';

/**
 * rx-therapeutic-duplication: two active, overlapping orders of different substances of the same
 * ATC chemical subgroup (level 4, e.g. two low-molecular-weight heparins), one touched by a
 * degraded period. Fires at once. Focus: the later order; related: the earlier.
 */
export const rxTherapeuticDuplication: RxRule = (view, _ctx, config) => {
  const pairs = overlappingLivePairs(view.orders, (o) => o.subgroup).filter(([a, b]) => a.substance !== b.substance);
  const findings = pairs.map(([a, b]) => {
    const [earlier, later] = earlierFirst(a, b);
    const touched = touchedOf(earlier, later);
    return {
      rule: 'rx-therapeutic-duplication' as const,
      ...gradeOf(config, 'rx-therapeutic-duplication', later.highAlert || earlier.highAlert),
      patientKey: view.patientKey,
      facility: later.version.facility,
      focus: later.id,
      related: [earlier.id],
      evidence: [...earlier.refs, ...later.refs].sort(),
      description:
        `Two active orders of the same class ${later.subgroup} overlap: ${earlier.id.value} ${earlier.label} ` +
        `and ${later.id.value} ${later.label}; ${touched.id.value} ${howEntered(touched.window, touched.version)}.`,
    };
  });
  return { findings, wakes: [] };
};
