import { at, finalOpenTasks, given, interleavings, summary } from '@continuity/rules';
import { prescriptionsRuleSet } from '../prescriptions-rule-set';
import { backEntered, declaredDowntime, dose, order, plus, T0, T1 } from '../../testing/rx-events';

const rx = prescriptionsRuleSet();
const late = backEntered(plus(T1, 3));
/** Enoxaparin every 12 h, ordered before the outage. */
const q12h = order({ order: 'RX-1', at: plus(T0, -2), everyHours: 12 });
const first = dose({ dose: 'MA-1', at: plus(T0, 1), ...late });
const second = dose({ dose: 'MA-2', at: plus(T0, 4), ...late });

describe('rx-double-administration', () => {
  it('fires at once for two doses closer than the ordered interval, charted from paper', () => {
    given(rx, [q12h, ...declaredDowntime(), first, at(plus(T1, 3))])
      .when(second)
      .thenChanges({ kind: 'opened', rule: 'rx-double-administration' })
      .thenTasks({
        rule: 'rx-double-administration',
        severity: 'catastrophic',
        priority: 'stat',
        focus: 'RX-1',
        related: ['MA-1', 'MA-2'],
        evidence: [first.id, second.id],
        description:
          'Two doses of enoxaparin (B01AB05) were recorded 3 h apart (2024-08-03 11:00Z and 2024-08-03 14:00Z), closer than the ordered interval of 12 h; ' +
          'the dose of 2024-08-03 14:00Z was entered from paper after the downtime.',
      });
  });

  it('grades a non-high-alert drug major → asap', () => {
    given(rx)
      .when(
        order({ order: 'RX-5', atc: 'N02BE01', drug: 'paracetamol', at: plus(T0, -2), everyHours: 6 }),
        dose({ order: 'RX-5', atc: 'N02BE01', at: plus(T0, 1), ...late }),
        dose({ order: 'RX-5', atc: 'N02BE01', at: plus(T0, 2), ...late }),
      )
      .thenTasks({ rule: 'rx-double-administration', severity: 'major', priority: 'asap', focus: 'RX-5', description: /paracetamol \(N02BE01\).*interval of 6 h/ });
  });

  it.each`
    case                                                           | everyHours | gapHours     | fires
    ${'12 h ordered, 11 h 59 min apart'}                           | ${12}      | ${12 - 1 / 60} | ${true}
    ${'12 h ordered, exactly 12 h apart'}                          | ${12}      | ${12}        | ${false}
    ${'12 h ordered, just above (12 h 1 min)'}                     | ${12}      | ${12 + 1 / 60} | ${false}
    ${'no timing: default 4 h, 3 h 59 min apart'}                  | ${null}    | ${4 - 1 / 60} | ${true}
    ${'no timing: default 4 h, 4 h apart'}                         | ${null}    | ${4}         | ${false}
  `('$case → fires: $fires', ({ everyHours, gapHours, fires }) => {
    const open = given(rx, [order({ order: 'RX-1', at: plus(T0, -2), everyHours })])
      .when(dose({ at: plus(T0, 1), ...late }), dose({ at: plus(T0, 1 + gapHours), ...late }))
      .open.filter((t) => t.finding.rule === 'rx-double-administration');
    expect(open).toHaveLength(fires ? 1 : 0);
  });

  it.each([
    ['one of the two was recorded as not given', [first, dose({ dose: 'MA-2', at: plus(T0, 4), status: 'not-done', ...late })]],
    ['both were charted in real time outside any degraded period', [dose({ at: plus(T1, 1) }), dose({ at: plus(T1, 2) })]],
    ['the doses are of different substances', [first, dose({ dose: 'MA-2', atc: 'N02BE01', at: plus(T0, 4), ...late })]],
    ['the same administration arrived twice from the MAR', [first, { ...first }]],
  ])('stays quiet when %s', (_label, events) => {
    const open = given(rx, [q12h]).when(...events).open;
    expect(open.filter((t) => t.finding.rule === 'rx-double-administration')).toEqual([]);
  });

  it('cancels itself when the order arrives late with a shorter interval', () => {
    // Without its order, the default 4 h applies: 3 h apart is too close. The order says every 2 h.
    given(rx)
      .when(dose({ dose: 'MA-1', at: plus(T0, 1), ...late }), dose({ dose: 'MA-2', at: plus(T0, 4), ...late }))
      .thenTasks({ rule: 'rx-double-administration', focus: 'RX-1', description: /interval of 4 h/ })
      .when(order({ order: 'RX-1', at: plus(T0, -2), everyHours: 2, ...backEntered(plus(T1, 5)) }))
      .thenChanges({ kind: 'cancelled', rule: 'rx-double-administration' })
      .thenNoTasks();
  });

  it('cancels itself when a later correction records the second dose as not given', () => {
    given(rx, [q12h, first, second])
      .when(dose({ dose: 'MA-2', at: plus(T0, 4), status: 'not-done', ...backEntered(plus(T1, 8)) }))
      .thenChanges({ kind: 'cancelled', rule: 'rx-double-administration' })
      .thenNoTasks();
  });

  it('opens one task per extra dose: three doses close together give two tasks', () => {
    const third = dose({ dose: 'MA-3', at: plus(T0, 6), ...late });
    given(rx, [q12h])
      .when(first, second, third)
      .thenTasks(
        { rule: 'rx-double-administration', related: ['MA-1', 'MA-2'] },
        { rule: 'rx-double-administration', related: ['MA-2', 'MA-3'] },
      );
  });

  it('opens the same tasks whatever the arrival order across sources', () => {
    const mar = [dose({ dose: 'MA-0', at: plus(T0, -1) }), first, second];
    const outcomes = new Set(
      interleavings([[q12h], mar, declaredDowntime()]).map((events) => finalOpenTasks(rx, events, plus(T1, 6)).map(summary).join('\n')),
    );
    expect(outcomes.size).toBe(1);
    expect([...outcomes][0]).toContain('rx-double-administration catastrophic/stat focus=RX-1 related=MA-1,MA-2');
  });
});
