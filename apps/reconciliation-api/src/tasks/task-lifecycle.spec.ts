import { OFFICER_TRANSITIONS, refuseTransition, statusAfterSystemChange, TASK_STATUSES, type TaskStatus } from './task-lifecycle';

const legal: Array<[TaskStatus, TaskStatus]> = [
  ['requested', 'accepted'],
  ['requested', 'rejected'],
  ['accepted', 'in-progress'],
  ['accepted', 'completed'],
  ['accepted', 'rejected'],
  ['in-progress', 'completed'],
  ['in-progress', 'rejected'],
];
const allPairs = TASK_STATUSES.flatMap((from) => TASK_STATUSES.map((to) => [from, to] as [TaskStatus, TaskStatus]));
const illegal = allPairs.filter(([from, to]) => !legal.some(([f, t]) => f === from && t === to));

describe('officer transitions', () => {
  it.each(legal)('%s → %s is allowed (with a reason)', (from, to) => {
    expect(refuseTransition(from, to, 'checked with the ward')).toBeNull();
  });

  it.each(illegal)('%s → %s is illegal', (from, to) => {
    const refusal = refuseTransition(from, to, 'any reason');
    expect(refusal).toMatchObject({ kind: 'illegal', allowed: OFFICER_TRANSITIONS[from] });
    expect(refusal?.detail).toMatch(new RegExp(`^status: a ${from} task cannot become ${to}`));
  });

  it('says a final status is final, and that cancelling is for reconcilers', () => {
    expect(refuseTransition('completed', 'accepted', undefined)?.detail).toMatch(/completed is final/);
    expect(refuseTransition('requested', 'cancelled', undefined)?.detail).toMatch(/only a reconciler cancels a task/);
  });

  it.each([undefined, '', '   '])('requires a reason to reject (reason %j)', (reason) => {
    expect(refuseTransition('accepted', 'rejected', reason)).toEqual({ kind: 'reason-required', detail: 'reason: required to reject a task' });
  });

  it('needs no reason for the other transitions', () => {
    expect(refuseTransition('requested', 'accepted', undefined)).toBeNull();
  });
});

describe('reconciler decisions', () => {
  it.each<TaskStatus | undefined>([undefined, 'requested', 'cancelled'])('apply while no officer has taken the task (%s)', (current) => {
    expect(statusAfterSystemChange(current, 'cancelled')).toEqual({ status: 'cancelled', applied: true });
    expect(statusAfterSystemChange(current, 'requested')).toEqual({ status: 'requested', applied: true });
  });

  it.each<TaskStatus>(['accepted', 'in-progress', 'completed', 'rejected'])('leave a %s task as it is', (current) => {
    expect(statusAfterSystemChange(current, 'cancelled')).toEqual({ status: current, applied: false });
    expect(statusAfterSystemChange(current, 'requested')).toEqual({ status: current, applied: false });
  });
});
