import { at, finalOpenTasks, given, interleavings, summary } from '@continuity/rules';
import { prescriptionsRuleSet } from '../prescriptions-rule-set';
import { backEntered, declaredDowntime, order, plus, stop, T0, T1 } from '../../testing/rx-events';

const rx = prescriptionsRuleSet();
/** RX-1 was ordered in the EHR before the outage; on paper during it, the drug was ordered again. */
const before = order({ order: 'RX-1', at: plus(T0, -2) });
const paperAgain = order({ order: 'RX-2', at: plus(T0, 3), ...backEntered(plus(T1, 2)) });

describe('rx-duplicate-order', () => {
  it('fires at once when a paper order back-entered after the downtime duplicates an active order', () => {
    given(rx, [before, ...declaredDowntime(), at(T1)])
      .when(paperAgain)
      .thenChanges({ kind: 'opened', rule: 'rx-duplicate-order', authoredOn: plus(T1, 2) })
      .thenTasks({
        rule: 'rx-duplicate-order',
        severity: 'catastrophic',
        priority: 'stat',
        focus: 'RX-2',
        related: ['RX-1'],
        facility: 'AVC',
        patientKey: 'PAT-1',
        evidence: [before.id, paperAgain.id],
        description:
          'Two active orders of enoxaparin (B01AB05) overlap (RX-1 and RX-2); RX-2 was entered from paper after the downtime (high-alert drug).',
      });
  });

  it.each`
    drug                    | atc          | severity          | priority
    ${'enoxaparin'}         | ${'B01AB05'} | ${'catastrophic'} | ${'stat'}
    ${'insulin aspart'}     | ${'A10AB05'} | ${'catastrophic'} | ${'stat'}
    ${'morphine'}           | ${'N02AA01'} | ${'catastrophic'} | ${'stat'}
    ${'methotrexate'}       | ${'L01BA01'} | ${'catastrophic'} | ${'stat'}
    ${'potassium chloride'} | ${'B05XA01'} | ${'catastrophic'} | ${'stat'}
    ${'paracetamol'}        | ${'N02BE01'} | ${'major'}        | ${'asap'}
    ${'amoxicillin'}        | ${'J01CA04'} | ${'major'}        | ${'asap'}
  `('grades a duplicate of $drug ($atc) $severity → $priority', ({ drug, atc, severity, priority }) => {
    given(rx)
      .when(order({ order: 'RX-1', atc, drug, at: plus(T0, -2) }), order({ order: 'RX-2', atc, drug, at: plus(T0, 3), ...backEntered(plus(T1, 2)) }))
      .thenTasks({ rule: 'rx-duplicate-order', severity, priority, focus: 'RX-2', related: ['RX-1'] });
  });

  it('fires for an order entered in the downtime tool during a declared downtime', () => {
    given(rx, [before, ...declaredDowntime()])
      .when(order({ order: 'RX-2', at: plus(T0, 3), entry: 'downtime-tool' }), at(plus(T0, 3)))
      .thenTasks({ rule: 'rx-duplicate-order', focus: 'RX-2', description: /RX-2 was entered in the downtime tool/ });
  });

  it.each([
    ['one of the orders had ended', [before, stop({ order: 'RX-1', at: plus(T0, -1) }), paperAgain]],
    ['a different substance of another class', [before, order({ order: 'RX-2', atc: 'C07AB07', at: plus(T0, 3), ...backEntered(plus(T1, 2)) })]],
    // Both in real time, outside D: the EHR's own duplicate check is in charge.
    ['neither order was touched by a degraded period', [before, order({ order: 'RX-2', at: plus(T1, 1) })]],
    ['the first validity period ended before the second began', [
      order({ order: 'RX-1', at: plus(T0, -48), validFrom: plus(T0, -48), validTo: plus(T0, 3) }),
      order({ order: 'RX-2', at: plus(T0, 3), ...backEntered(plus(T1, 2)) }),
    ]],
    ['the same order sent twice (once from paper)', [before, order({ order: 'RX-1', at: plus(T0, -2), ...backEntered(plus(T1, 2)) })]],
    ['a transport duplicate of the same event', [before, { ...before }]],
  ])('stays quiet when %s', (_label, events) => {
    given(rx, [...declaredDowntime()]).when(...events, at(plus(T1, 3))).thenNoTasks();
  });

  it('fires when the validity periods overlap by a minute', () => {
    given(rx)
      .when(
        order({ order: 'RX-1', at: plus(T0, -48), validFrom: plus(T0, -48), validTo: plus(T0, 3 + 1 / 60) }),
        order({ order: 'RX-2', at: plus(T0, 3), ...backEntered(plus(T1, 2)) }),
      )
      .thenTasks({ rule: 'rx-duplicate-order', focus: 'RX-2' });
  });

  it('cancels itself when the discontinuation of the first order arrives late', () => {
    given(rx, [before, paperAgain])
      .when(stop({ order: 'RX-1', at: plus(T0, 2), ...backEntered(plus(T1, 5)) }))
      .thenChanges({ kind: 'cancelled', rule: 'rx-duplicate-order', focus: 'RX-2' })
      .thenNoTasks();
  });

  it('opens the same task whatever the arrival order across sources', () => {
    const ehr = [before, stop({ order: 'RX-9', at: plus(T0, -1) })];
    const paper = [paperAgain];
    const ops = declaredDowntime();
    const outcomes = new Set(interleavings([ehr, paper, ops]).map((events) => finalOpenTasks(rx, events, plus(T1, 6)).map(summary).join('\n')));
    expect([...outcomes]).toHaveLength(1);
    expect([...outcomes][0]).toMatch(/rx-duplicate-order catastrophic\/stat focus=RX-2 related=RX-1/);
  });
});
