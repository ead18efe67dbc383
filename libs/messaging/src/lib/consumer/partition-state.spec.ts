import { byTopic, diffAssignments, flattenAssignment } from './partition-state';

describe('assignments', () => {
  it('flattens, diffs and regroups', () => {
    const before = flattenAssignment({ b: [1], a: [2, 0] });
    expect(before).toEqual([
      { topic: 'a', partition: 0 },
      { topic: 'a', partition: 2 },
      { topic: 'b', partition: 1 },
    ]);
    const after = flattenAssignment({ a: [0, 3], b: [1] });
    expect(diffAssignments(before, after)).toEqual({ added: [{ topic: 'a', partition: 3 }], revoked: [{ topic: 'a', partition: 2 }] });
    expect(byTopic(after)).toEqual([
      { topic: 'a', partitions: [0, 3] },
      { topic: 'b', partitions: [1] },
    ]);
  });
});
