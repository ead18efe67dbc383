import { countsFromReport, digestTask, formatTaskSummary, summarizeTasks } from './task-summary';

function task(id: string, status: string, rule: string, severity: string, facility: string) {
  return {
    resourceType: 'Task',
    id,
    status,
    code: { coding: [{ system: 'urn:continuity:discrepancy', code: rule }] },
    extension: [
      { url: 'urn:continuity:facility', valueCode: facility },
      { url: 'urn:continuity:severity', valueCode: severity },
    ],
  };
}

describe('task summary', () => {
  it('reads a Task alone or inside its CloudEvent, and nothing else', () => {
    const t = task('t1', 'requested', 'lab-duplicate-order', 'significant', 'AVC');
    const digest = { id: 't1', status: 'requested', rule: 'lab-duplicate-order', severity: 'significant', facility: 'AVC' };
    expect(digestTask(t)).toEqual(digest);
    expect(digestTask({ specversion: '1.0', data: t })).toEqual(digest);
    expect(digestTask({ resourceType: 'Patient', id: 'p' })).toBeNull();
    expect(digestTask('x')).toBeNull();
  });

  it('counts open and cancelled tasks by rule, open ones by severity and facility', () => {
    const s = summarizeTasks(
      [
        task('a', 'requested', 'rx-duplicate-order', 'major', 'AVC'),
        task('b', 'cancelled', 'rx-duplicate-order', 'major', 'AVC'),
        task('c', 'in-progress', 'lab-not-collected', 'considerable', 'BCT'),
        task('d', 'requested', 'rx-duplicate-order', 'catastrophic', 'BCT'),
      ].flatMap((t) => digestTask(t) ?? []),
    );
    expect(s.open).toBe(3);
    expect(s.cancelled).toBe(1);
    expect(s.byRule).toEqual([
      { rule: 'rx-duplicate-order', open: 2, cancelled: 1 },
      { rule: 'lab-not-collected', open: 1, cancelled: 0 },
    ]);
    expect(s.bySeverity).toEqual([
      { severity: 'catastrophic', open: 1 },
      { severity: 'major', open: 1 },
      { severity: 'considerable', open: 1 },
    ]);
    expect(s.byFacility).toEqual([
      { facility: 'BCT', open: 2 },
      { facility: 'AVC', open: 1 },
    ]);
    expect(formatTaskSummary(s).split('\n')[0]).toBe('3 open discrepancy tasks (1 more opened, then cancelled by a later event that resolved them)');
  });
});

describe('countsFromReport', () => {
  it('reads the API report rows into the same summary', () => {
    const body = {
      total: 5,
      rows: [
        { rule: 'sched-double-booking', display: 'x', facility: 'AVC', severity: 'considerable', status: 'requested', count: 4 },
        { rule: 'sched-double-booking', display: 'x', facility: 'AVC', severity: 'considerable', status: 'cancelled', count: 1 },
      ],
    };
    const s = summarizeTasks(countsFromReport(body) ?? []);
    expect(s).toMatchObject({ open: 4, cancelled: 1, byRule: [{ rule: 'sched-double-booking', open: 4, cancelled: 1 }] });
  });

  it.each([[null], [{ rows: 'x' }], [{ rows: [{ rule: 1 }] }]])('refuses %j', (body) => {
    expect(countsFromReport(body)).toBeNull();
  });
});
