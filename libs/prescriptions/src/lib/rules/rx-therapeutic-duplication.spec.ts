import { at, finalOpenTasks, given, interleavings, summary } from '@continuity/rules';
import { prescriptionsRuleSet } from '../prescriptions-rule-set';
import { backEntered, declaredDowntime, order, plus, stop, T0, T1 } from '../../testing/rx-events';

const rx = prescriptionsRuleSet();
const enoxaparin = order({ order: 'RX-1', atc: 'B01AB05', drug: 'enoxaparin', at: plus(T0, -2) });
/** Dalteparin: another low-molecular-weight heparin (same ATC level 4, B01AB), ordered on paper. */
const dalteparin = order({ order: 'RX-2', atc: 'B01AB04', drug: 'dalteparin', at: plus(T0, 3), ...backEntered(plus(T1, 2)) });

describe('rx-therapeutic-duplication', () => {
  it('fires at once for two overlapping orders of one chemical subgroup, one back-entered', () => {
    given(rx, [enoxaparin, ...declaredDowntime(), at(T1)])
      .when(dalteparin)
      .thenChanges({ kind: 'opened', rule: 'rx-therapeutic-duplication', authoredOn: plus(T1, 2) })
      .thenTasks({
        rule: 'rx-therapeutic-duplication',
        severity: 'considerable',
        priority: 'urgent',
        focus: 'RX-2',
        related: ['RX-1'],
        evidence: [enoxaparin.id, dalteparin.id],
        description:
          'Two active orders of the same class B01AB overlap: RX-1 enoxaparin (B01AB05) and RX-2 dalteparin (B01AB04); RX-2 was entered from paper after the downtime.',
      });
  });

  it.each([
    // Aspirin is B01AC06: antithrombotic too (B01A) but another chemical subgroup.
    ['the class is shared only at level 3', [enoxaparin, order({ order: 'RX-2', atc: 'B01AC06', at: plus(T0, 3), ...backEntered(plus(T1, 2)) })]],
    ['both orders are real-time and outside D', [enoxaparin, order({ order: 'RX-2', atc: 'B01AB04', at: plus(T1, 1) })]],
    ['the first order had ended', [enoxaparin, stop({ order: 'RX-1', atc: 'B01AB05', at: plus(T0, 1) }), dalteparin]],
    ['the substance is the same (that is a duplicate order instead)', [enoxaparin, order({ order: 'RX-2', at: plus(T0, 3), ...backEntered(plus(T1, 2)) })]],
  ])('stays quiet when %s', (_label, events) => {
    const open = given(rx, declaredDowntime()).when(...events, at(plus(T1, 3))).open;
    expect(open.filter((t) => t.finding.rule === 'rx-therapeutic-duplication')).toEqual([]);
  });

  it('cancels itself when the end of the first order arrives late', () => {
    given(rx, [enoxaparin, dalteparin])
      .when(stop({ order: 'RX-1', atc: 'B01AB05', at: plus(T0, 2), ...backEntered(plus(T1, 4)) }))
      .thenChanges({ kind: 'cancelled', rule: 'rx-therapeutic-duplication' })
      .thenNoTasks();
  });

  it('opens the same task whatever the arrival order across sources', () => {
    const outcomes = new Set(
      interleavings([[enoxaparin], [dalteparin], declaredDowntime()]).map((events) => finalOpenTasks(rx, events, plus(T1, 6)).map(summary).join('\n')),
    );
    expect([...outcomes]).toEqual([expect.stringMatching(/^\w+ rx-therapeutic-duplication considerable\/urgent focus=RX-2 related=RX-1$/)]);
  });
});
