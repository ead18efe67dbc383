import { taskRecord } from '../testing/task-fixtures';
import { compareDecisions, decidedWithin, decisionOf, type Decision } from './replay-comparison';

const opened = (order: string, at = '2024-08-04T20:00:00Z') => ({ kind: 'opened' as const, task: taskRecord({ order, authoredOn: at }) });

function decision(order: string, partition = 0, at?: string): Decision {
  return decisionOf('prescriptions', 'clinical.prescriptions.v1', partition, opened(order, at));
}

describe('compareDecisions', () => {
  it('is empty when both sides hold the same decisions', () => {
    const a = [decision('RX-1'), decision('RX-2', 3)];
    expect(compareDecisions(a, [...a].reverse())).toEqual([]);
  });

  it('names a decision only the replay took', () => {
    const extra = decision('RX-2');
    expect(compareDecisions([decision('RX-1'), extra], [decision('RX-1')])).toEqual([
      expect.objectContaining({ problem: 'not-recorded', taskId: extra.taskId, change: 'opened', replayed: extra.task }),
    ]);
  });

  it('names a decision only the log recorded', () => {
    const missing = decision('RX-2');
    expect(compareDecisions([], [missing])).toEqual([expect.objectContaining({ problem: 'not-replayed', taskId: missing.taskId, recorded: missing.task })]);
  });

  it('names a decision whose Task differs', () => {
    const replayed = decision('RX-1');
    const recorded = { ...replayed, task: { ...replayed.task, priority: 'stat' as const } };
    expect(compareDecisions([replayed], [recorded])).toEqual([expect.objectContaining({ problem: 'differs', replayed: replayed.task, recorded: recorded.task })]);
  });

  it('tells decisions of other partitions and times apart, and counts repeats', () => {
    const d = decision('RX-1', 0);
    expect(compareDecisions([d, d], [d])).toHaveLength(1);
    expect(compareDecisions([decision('RX-1', 1)], [d]).map((x) => x.problem).sort()).toEqual(['not-recorded', 'not-replayed']);
    expect(compareDecisions([decision('RX-1', 0, '2024-08-04T21:00:00Z')], [d])).toHaveLength(2);
  });
});

describe('decidedWithin', () => {
  it('includes both ends of the window', () => {
    const from = new Date('2024-08-04T20:00:00Z');
    const to = new Date('2024-08-04T21:00:00Z');
    expect(decidedWithin({ decidedAt: '2024-08-04T20:00:00.000Z' }, from, to)).toBe(true);
    expect(decidedWithin({ decidedAt: '2024-08-04T21:00:00.000Z' }, from, to)).toBe(true);
    expect(decidedWithin({ decidedAt: '2024-08-04T21:00:00.001Z' }, from, to)).toBe(false);
  });
});
