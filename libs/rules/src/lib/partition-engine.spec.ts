import { PartitionEngine, replay, type LogEntry } from './partition-engine';
import { toyRuleSet } from './toy-rule-set.fixture';
import { downtimeEvent, parsedEvent, type ParsedEventInput } from '../testing/parsed-event';
import { patientTaskIdOf } from './ids';

const H = 3_600_000;
const T0 = Date.parse('2024-08-03T12:00:00Z');
const ev = (type: string, key: string, o: Partial<ParsedEventInput> = {}) =>
  parsedEvent({ type, time: T0, domain: 'lab', data: { key }, ...o });

describe('PartitionEngine', () => {
  it('opens a task once for a finding, with a deterministic id and the decision time', () => {
    const engine = new PartitionEngine(toyRuleSet);
    engine.applyEvent(ev('test.flag', 'A'));
    const changes = engine.tick(T0 + 5, null);
    expect(changes).toHaveLength(1);
    expect(changes[0].kind).toBe('opened');
    expect(changes[0].task).toMatchObject({
      id: patientTaskIdOf('lab-result-after-cancel', 'PAT-1', { system: 'urn:test', value: 'A' }, []),
      status: 'requested',
      authoredOn: T0 + 5,
      lastModified: T0 + 5,
      ruleSetVersion: 'toy@1',
      configHash: 'toy',
    });
    expect(engine.tick(T0 + 10, null)).toEqual([]);
    expect(engine.openTasks()).toHaveLength(1);
  });

  it('ignores a second delivery of the same source and id', () => {
    const engine = new PartitionEngine(toyRuleSet);
    const flag = ev('test.flag', 'A', { id: 'same' });
    engine.applyEvent(flag);
    engine.tick(T0, null);
    engine.applyEvent({ ...flag, data: { key: 'B' } });
    expect(engine.tick(T0 + 1, null)).toEqual([]);
    expect(engine.openTasks().map((t) => t.finding.focus.value)).toEqual(['A']);
  });

  it('cancels a task whose finding stops holding, keeping its first authoredOn', () => {
    const engine = new PartitionEngine(toyRuleSet);
    engine.applyEvent(ev('test.flag', 'A'));
    engine.tick(T0, null);
    engine.applyEvent(ev('test.resolve', 'A'));
    const cancelled = engine.tick(T0 + H, null);
    expect(cancelled.map((c) => [c.kind, c.task.status, c.task.authoredOn, c.task.lastModified])).toEqual([['cancelled', 'cancelled', T0, T0 + H]]);
    expect(engine.openTasks()).toEqual([]);
    expect(engine.allTasks()).toHaveLength(1);
  });

  it('reopens a cancelled task when its finding holds again', () => {
    // The toy "scoped" finding holds only inside a declared downtime, so downtimes switch it on and off.
    const engine = new PartitionEngine(toyRuleSet);
    engine.applyEvent(ev('test.scoped', 'A'));
    engine.applyDowntime('1', downtimeEvent('started', { time: T0 - H, systems: ['lis'] }));
    expect(engine.tick(T0, '1').map((c) => c.kind)).toEqual(['opened']);
    // The downtime ended before the item's time: no longer in scope.
    engine.applyDowntime('2', downtimeEvent('ended', { time: T0 - 1, systems: ['lis'] }));
    expect(engine.tick(T0 + 1, '2').map((c) => c.kind)).toEqual(['cancelled']);
    engine.applyDowntime('3', downtimeEvent('started', { time: T0, systems: ['lis'] }));
    const reopened = engine.tick(T0 + 2, '3');
    expect(reopened.map((c) => [c.kind, c.task.status, c.task.authoredOn, c.task.lastModified])).toEqual([['reopened', 'requested', T0, T0 + 2]]);
  });

  it('wakes a patient at its nextWake with no new event, and not before', () => {
    const engine = new PartitionEngine(toyRuleSet);
    engine.applyEvent(ev('test.expect', 'A'));
    expect(engine.tick(T0, null)).toEqual([]);
    expect(engine.nextWake()).toBe(T0 + H);
    expect(engine.tick(T0 + H - 1, null)).toEqual([]);
    expect(engine.tick(T0 + H, null).map((c) => c.kind)).toEqual(['opened']);
    expect(engine.nextWake()).toBeNull();
  });

  it('never moves its clock backwards', () => {
    const engine = new PartitionEngine(toyRuleSet);
    engine.applyEvent(ev('test.expect', 'A'));
    engine.tick(T0 + 2 * H, null);
    expect(engine.now()).toBe(T0 + 2 * H);
    engine.applyEvent(ev('test.flag', 'B'));
    const changes = engine.tick(T0, null);
    expect(engine.now()).toBe(T0 + 2 * H);
    expect(changes.every((c) => c.task.authoredOn === T0 + 2 * H)).toBe(true);
  });

  it('applies a downtime only at a tick whose downtimeUpTo reaches its position', () => {
    const engine = new PartitionEngine(toyRuleSet);
    engine.applyEvent(ev('test.scoped', 'A'));
    engine.applyDowntime('7', downtimeEvent('started', { time: T0 - H, systems: ['lis'] }));
    expect(engine.tick(T0, '6')).toEqual([]);
    expect(engine.downtimes()).toEqual([]);
    expect(engine.tick(T0 + 1, null)).toEqual([]);
    expect(engine.tick(T0 + 2, '7').map((c) => c.kind)).toEqual(['opened']);
    expect(engine.downtimes()).toHaveLength(1);
  });

  it('re-evaluates the patients of a facility when a downtime is declared after their events (no new event needed)', () => {
    const engine = new PartitionEngine(toyRuleSet);
    engine.applyEvent(ev('test.scoped', 'A', { patientKey: 'P1', facility: 'AVC' }));
    engine.applyEvent(ev('test.scoped', 'B', { patientKey: 'P2', facility: 'HEGP' }));
    engine.tick(T0, null);
    engine.applyDowntime('1', downtimeEvent('started', { time: T0 - H, facility: 'AVC', systems: ['lis'] }));
    expect(engine.tick(T0 + H, '1').map((c) => c.task.finding.patientKey)).toEqual(['P1']);
    engine.applyDowntime('2', downtimeEvent('started', { time: T0 - H, facility: '*', systems: [] }));
    expect(engine.tick(T0 + 2 * H, '2').map((c) => c.task.finding.patientKey)).toEqual(['P2']);
  });

  it('returns changes sorted by patient key, then task id', () => {
    const engine = new PartitionEngine(toyRuleSet);
    for (const [p, k] of [['P2', 'x'], ['P1', 'z'], ['P1', 'y'], ['P2', 'w']]) engine.applyEvent(ev('test.flag', k, { patientKey: p }));
    const changes = engine.tick(T0, null);
    const keys = changes.map((c) => [c.task.finding.patientKey, c.task.id]);
    expect(keys).toEqual([...keys].sort((a, b) => (a[0] + a[1] < b[0] + b[1] ? -1 : 1)));
    expect(changes.map((c) => c.task.finding.patientKey)).toEqual(['P1', 'P1', 'P2', 'P2']);
  });

  it('gives two patients with the same order number two different tasks', () => {
    const engine = new PartitionEngine(toyRuleSet);
    engine.applyEvent(ev('test.flag', 'A', { patientKey: 'P1' }));
    engine.applyEvent(ev('test.flag', 'A', { patientKey: 'P2' }));
    const changes = engine.tick(T0, null);
    expect(changes.map((c) => c.task.finding.patientKey)).toEqual(['P1', 'P2']);
    expect(new Set(changes.map((c) => c.task.id)).size).toBe(2);
    engine.applyEvent(ev('test.resolve', 'A', { patientKey: 'P2' }));
    expect(engine.tick(T0 + 1, null).map((c) => [c.kind, c.task.finding.patientKey])).toEqual([['cancelled', 'P2']]);
  });

  it('ignores events without a patient key and unknown types stay harmless', () => {
    const engine = new PartitionEngine(toyRuleSet);
    engine.applyEvent(ev('test.flag', 'A', { patientKey: null }));
    engine.applyEvent(ev('test.flag', 'B', { known: false }));
    expect(engine.tick(T0, null)).toEqual([]);
    expect(engine.patientCount()).toBe(1);
  });

  it('hands out snapshots: mutating a returned task does not change the engine', () => {
    const engine = new PartitionEngine(toyRuleSet);
    engine.applyEvent(ev('test.flag', 'A'));
    const [change] = engine.tick(T0, null);
    change.task.status = 'cancelled';
    expect(engine.openTasks()).toHaveLength(1);
  });
});

describe('replay', () => {
  it('yields the changes and tasks of the live run', () => {
    const entries: LogEntry[] = [
      { kind: 'event', event: ev('test.flag', 'A') },
      { kind: 'event', event: ev('test.expect', 'B') },
      { kind: 'downtime', position: '3', event: downtimeEvent('started', { time: T0 - H, systems: ['lis'] }) },
      { kind: 'tick', now: T0, downtimeUpTo: null },
      { kind: 'event', event: ev('test.scoped', 'C') },
      { kind: 'tick', now: T0 + H, downtimeUpTo: '3' },
      { kind: 'event', event: ev('test.resolve', 'A') },
      { kind: 'tick', now: T0 + 2 * H, downtimeUpTo: '3' },
    ];
    const live = new PartitionEngine(toyRuleSet);
    const liveChanges = [];
    for (const e of entries) {
      if (e.kind === 'event') live.applyEvent(e.event);
      else if (e.kind === 'downtime') live.applyDowntime(e.position, e.event);
      else liveChanges.push(...live.tick(e.now, e.downtimeUpTo));
    }
    const replayed = replay(toyRuleSet, entries);
    expect(replayed.changes).toEqual(liveChanges);
    expect(replayed.tasks).toEqual(live.allTasks());
    expect(replayed.changes.map((c) => `${c.kind}:${c.task.finding.rule}`)).toEqual([
      'opened:lab-result-after-cancel',
      'opened:lab-duplicate-order',
      'opened:lab-not-collected',
      'cancelled:lab-result-after-cancel',
    ]);
  });
});
