import { at, given } from './given';
import { downtimeEvent, parsedEvent } from './parsed-event';
import { toyRuleSet } from '../lib/toy-rule-set.fixture';

const H = 3_600_000;
const T0 = Date.parse('2024-08-03T12:00:00Z');
const ev = (type: string, key: string, time = T0) => parsedEvent({ type, time, domain: 'lab', data: { key } });

describe('given / when / then', () => {
  it('ticks at the latest recorded time when the scenario does not', () => {
    given(toyRuleSet)
      .when(ev('test.flag', 'A'))
      .thenChanges({ kind: 'opened', rule: 'lab-result-after-cancel', focus: 'A', authoredOn: T0 })
      .thenTasks({ rule: 'lab-result-after-cancel', focus: 'urn:test|A', severity: 'significant', priority: 'urgent', description: /toy/ });
  });

  it('reports only the changes of the when entries, and chains', () => {
    given(toyRuleSet, [ev('test.flag', 'A')])
      .when(ev('test.resolve', 'A', T0 + H))
      .thenChanges({ kind: 'cancelled', rule: 'lab-result-after-cancel' })
      .thenNoTasks()
      .when(ev('test.flag', 'B', T0 + 2 * H))
      .thenChanges({ kind: 'opened', focus: 'B' });
  });

  it('positions downtimes in the order written and applies them at the next tick', () => {
    given(toyRuleSet, [ev('test.scoped', 'A'), at(T0)])
      .when(downtimeEvent('started', { time: T0 - H, systems: ['lis'] }), at(T0 + H))
      .thenTasks({ rule: 'lab-duplicate-order', focus: 'A' });
  });

  it('uses explicit ticks for deadlines', () => {
    const s = given(toyRuleSet, [ev('test.expect', 'A')]);
    s.when(at(T0 + H - 1)).thenNoTasks();
    s.when(at(T0 + H)).thenTasks({ rule: 'lab-not-collected' });
  });

  it('fails with a readable message when the tasks differ', () => {
    expect(() => given(toyRuleSet).when(ev('test.flag', 'A')).thenNoTasks()).toThrow(/open tasks do not match[\s\S]*lab-result-after-cancel/);
    expect(() => given(toyRuleSet).when(ev('test.flag', 'A')).thenTasks({ rule: 'lab-result-after-cancel', focus: 'B' })).toThrow();
    expect(() => given(toyRuleSet).when(ev('test.flag', 'A')).thenChanges({ kind: 'cancelled' })).toThrow(/changes do not match/);
  });
});
