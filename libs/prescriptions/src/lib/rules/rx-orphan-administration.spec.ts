import { at, finalOpenTasks, given, interleavings, summary } from '@continuity/rules';
import { prescriptionsRuleSet } from '../prescriptions-rule-set';
import { backEntered, declaredDowntime, dose, downtimeStarted, order, plus, stop, T0, T1 } from '../../testing/rx-events';

const rx = prescriptionsRuleSet();
const late = backEntered(plus(T1, 1));
/** Amoxicillin given on a paper order RX-9 during D, charted after recovery; the order itself never typed in. */
const given1 = dose({ order: 'RX-9', atc: 'J01CA04', drug: 'amoxicillin', at: plus(T0, 2), ...late });
const given2 = dose({ order: 'RX-9', atc: 'J01CA04', drug: 'amoxicillin', at: plus(T0, 10), ...late });
const due = plus(T1, 12);

describe('rx-orphan-administration', () => {
  it('fires at T1 + 12 h, one task for the missing order with every dose as evidence', () => {
    const scenario = given(rx, [...declaredDowntime(), given1, given2]);
    scenario.when(at(plus(due, -1 / 3600))).thenNoTasks();
    scenario
      .when(at(due))
      .thenChanges({ kind: 'opened', rule: 'rx-orphan-administration', authoredOn: due })
      .thenTasks({
        rule: 'rx-orphan-administration',
        severity: 'considerable',
        priority: 'urgent',
        focus: 'RX-9',
        related: [],
        evidence: [given1.id, given2.id],
        description:
          '2 doses of amoxicillin (J01CA04) were recorded against order RX-9, which never reached the prescribing system; the paper order may never have been entered.',
      });
  });

  it('grades a high-alert drug major → asap', () => {
    given(rx, declaredDowntime())
      .when(dose({ order: 'RX-9', atc: 'N02AA01', drug: 'morphine', at: plus(T0, 2), ...late }), at(due))
      .thenTasks({ rule: 'rx-orphan-administration', severity: 'major', priority: 'asap', focus: 'RX-9', description: /^A dose of morphine/ });
  });

  it('opens one task per missing order', () => {
    given(rx, declaredDowntime())
      .when(given1, dose({ order: 'RX-10', atc: 'J01CA04', at: plus(T0, 8), ...late }), at(due))
      .thenTasks({ rule: 'rx-orphan-administration', focus: 'RX-9' }, { rule: 'rx-orphan-administration', focus: 'RX-10' });
  });

  it('counts from the back-entry when there was no declared downtime', () => {
    // A dose from paper typed in at T1 + 1 h: its own degraded window ends then.
    const scenario = given(rx, [given1]);
    scenario.when(at(plus(T1, 13 - 1 / 60))).thenNoTasks();
    scenario.when(at(plus(T1, 13))).thenTasks({ rule: 'rx-orphan-administration', focus: 'RX-9' });
  });

  it.each([
    ['the order arrives before T1 + 12 h', [given1, order({ order: 'RX-9', atc: 'J01CA04', at: plus(T0, 1), ...backEntered(plus(T1, 11)) })]],
    ['only its discontinuation arrives: the order exists', [given1, stop({ order: 'RX-9', atc: 'J01CA04', at: plus(T0, 20), ...backEntered(plus(T1, 5)) })]],
    ['the dose was recorded as not given', [dose({ order: 'RX-9', at: plus(T0, 2), status: 'not-done', ...late })]],
    ['the dose was charted in real time outside any degraded period', [dose({ order: 'RX-9', at: plus(T1, 2) })]],
  ])('stays quiet when %s', (_label, events) => {
    const open = given(rx, declaredDowntime()).when(...events, at(plus(due, 1))).open;
    expect(open.filter((t) => t.finding.rule === 'rx-orphan-administration')).toEqual([]);
  });

  it('waits while the downtime is still open', () => {
    given(rx, [downtimeStarted({ at: T0 })]).when(given1, at(plus(T1, 100))).thenNoTasks();
  });

  it('cancels itself when the paper order is finally entered', () => {
    given(rx, [...declaredDowntime(), given1, at(due)])
      .thenTasks({ rule: 'rx-orphan-administration', focus: 'RX-9' })
      .when(order({ order: 'RX-9', atc: 'J01CA04', at: plus(T0, 1), ...backEntered(plus(T1, 30)) }))
      .thenChanges({ kind: 'cancelled', rule: 'rx-orphan-administration', focus: 'RX-9' })
      .thenNoTasks();
  });

  it('gives the same tasks whatever the arrival order across sources', () => {
    const mar = [given1, given2];
    const ehr = [order({ order: 'RX-1', at: plus(T0, -5) })];
    const outcomes = new Set(interleavings([mar, ehr, declaredDowntime()]).map((events) => finalOpenTasks(rx, events, due).map(summary).join('\n')));
    expect(outcomes.size).toBe(1);
    expect([...outcomes][0]).toContain('rx-orphan-administration considerable/urgent focus=RX-9 related=');
  });
});
