import { at, finalOpenTasks, given, interleavings, summary } from '@continuity/rules';
import { prescriptionsRuleSet } from '../prescriptions-rule-set';
import { backEntered, declaredDowntime, dose, order, plus, stop, T0, T1 } from '../../testing/rx-events';

const rx = prescriptionsRuleSet();
/** Enoxaparin every 12 h, ordered the day before the outage. */
const q12h = order({ order: 'RX-1', at: plus(T0, -24), everyHours: 12 });
const [started, ended] = declaredDowntime();
const due = plus(T1, 24);

describe('rx-omitted-dose', () => {
  it('fires at T1 + 24 h when no dose of a live order was charted during the downtime', () => {
    const scenario = given(rx, [q12h, started, ended, dose({ at: plus(T0, -12) })]);
    scenario.when(at(plus(due, -1 / 3600))).thenNoTasks();
    scenario
      .when(at(due))
      .thenChanges({ kind: 'opened', rule: 'rx-omitted-dose', authoredOn: due })
      .thenTasks({
        rule: 'rx-omitted-dose',
        severity: 'significant',
        priority: 'urgent',
        focus: 'RX-1',
        related: [`urn:continuity:downtime|${started.source}#${started.id}`],
        evidence: [q12h.id, started.id],
        description:
          'No dose of enoxaparin (B01AB05) ordered every 12 h under RX-1 was charted during the downtime from 2024-08-03 10:00Z to 2024-08-04 18:00Z; ' +
          'doses may have been missed or their paper record not entered.',
      });
  });

  it.each([
    ['a dose given during D was charted', [dose({ at: plus(T0, 2), ...backEntered(plus(T1, 3)) })]],
    ['a dose recorded as not given during D was charted', [dose({ at: plus(T0, 2), status: 'not-done', ...backEntered(plus(T1, 3)) })]],
    ['the order ended before the downtime', [stop({ at: plus(T0, -1) })]],
  ])('stays quiet when %s', (_label, events) => {
    given(rx, [q12h, started, ended]).when(...events, at(plus(due, 1))).thenNoTasks();
  });

  it('stays quiet for an order without a dosing timing', () => {
    given(rx, [started, ended]).when(order({ order: 'RX-1', at: plus(T0, -24), everyHours: null }), at(plus(due, 1))).thenNoTasks();
  });

  it('stays quiet when the downtime was at another facility', () => {
    given(rx, [q12h, ...declaredDowntime(T0, T1, { facility: 'HEGP' })]).when(at(plus(due, 1))).thenNoTasks();
  });

  it('stays quiet when the downtime concerned only other systems (the lab)', () => {
    given(rx, [q12h, ...declaredDowntime(T0, T1, { systems: ['lis'] })]).when(at(plus(due, 1))).thenNoTasks();
  });

  it('fires when the only dose was charted just after the downtime', () => {
    given(rx, [q12h, started, ended])
      .when(dose({ at: T1 }), at(due))
      .thenTasks({ rule: 'rx-omitted-dose', focus: 'RX-1' });
  });

  it('fires for an order stopped during the downtime (it was live part of it)', () => {
    given(rx, [q12h, started, ended]).when(stop({ at: plus(T0, 6), ...backEntered(plus(T1, 1)) }), at(due)).thenTasks({ rule: 'rx-omitted-dose', focus: 'RX-1' });
  });

  it('waits while the downtime is still open', () => {
    given(rx, [q12h, started]).when(at(plus(T1, 200))).thenNoTasks();
  });

  it('cancels itself when the paper MAR sheet is back-entered after the deadline', () => {
    given(rx, [q12h, started, ended, at(due)])
      .thenTasks({ rule: 'rx-omitted-dose', focus: 'RX-1' })
      .when(dose({ at: plus(T0, 8), ...backEntered(plus(T1, 30)) }))
      .thenChanges({ kind: 'cancelled', rule: 'rx-omitted-dose', focus: 'RX-1' })
      .thenNoTasks();
  });

  it('opens one task per downtime the order lived through', () => {
    const second = declaredDowntime(plus(T1, 48), plus(T1, 60));
    given(rx, [q12h, started, ended, ...second])
      .when(at(plus(T1, 60 + 24)))
      .thenTasks({ rule: 'rx-omitted-dose', focus: 'RX-1' }, { rule: 'rx-omitted-dose', focus: 'RX-1', description: /2024-08-06 18:00Z to 2024-08-07 06:00Z/ });
  });

  it('fires even when the downtime is declared after the fact', () => {
    given(rx, [q12h, at(due)]).when(started, ended, at(plus(due, 1))).thenTasks({ rule: 'rx-omitted-dose', focus: 'RX-1' });
  });

  it('gives the same tasks whatever the arrival order across sources', () => {
    const ehr = [q12h, stop({ order: 'RX-1', at: plus(T1, 30) })];
    const mar = [dose({ at: plus(T0, -12) }), dose({ at: plus(T1, 2) })];
    const outcomes = new Set(interleavings([ehr, mar, [started, ended]]).map((events) => finalOpenTasks(rx, events, due).map(summary).join('\n')));
    expect(outcomes.size).toBe(1);
    expect([...outcomes][0]).toContain('rx-omitted-dose significant/urgent focus=RX-1');
  });
});
