import { toFhirTask, type Finding, type TaskRecord } from '@continuity/rules';
import type { ExpectedTask, NearMiss } from './lib/ground-truth';
import { formatScoreTable, score, taskFromFhir, taskFromMessage, TaskLog, type ObservedTask } from './score';

const ORDER = 'urn:continuity:avc:order';
const expected = (rule: ExpectedTask['rule'], patientKey: string, value: string): ExpectedTask => ({
  rule, patientKey, facility: 'AVC', focus: { system: ORDER, value }, severity: 'major', case: `${rule}#0`,
});
const task = (id: string, rule: string, patientKey: string, value: string, status = 'requested'): ObservedTask => ({
  id, status, rule, patientKey, focus: { system: ORDER, value }, facility: 'AVC',
});
const row = (report: ReturnType<typeof score>, rule: string) => report.rules.find((r) => r.rule === rule);

describe('score', () => {
  it('counts true positives, false positives and false negatives per rule', () => {
    const report = score(
      [expected('rx-duplicate-order', 'P1', 'O1'), expected('rx-duplicate-order', 'P2', 'O2'), expected('lab-not-collected', 'P3', 'O3')],
      [task('t1', 'rx-duplicate-order', 'P1', 'O1'), task('t2', 'rx-duplicate-order', 'P9', 'O9'), task('t3', 'lab-not-collected', 'P3', 'O3', 'accepted')],
    );
    expect(row(report, 'rx-duplicate-order')).toMatchObject({ expected: 2, found: 2, truePositives: 1, falsePositives: 1, falseNegatives: 1, recall: 0.5, precision: 0.5 });
    expect(row(report, 'lab-not-collected')).toMatchObject({ expected: 1, found: 1, truePositives: 1, recall: 1, precision: 1 });
    expect(row(report, 'sched-orphan-arrival')).toMatchObject({ expected: 0, found: 0, recall: null, precision: null });
    expect(report.total).toMatchObject({ expected: 3, found: 3, truePositives: 2, falsePositives: 1, falseNegatives: 1 });
    expect(report.falseNegatives.map((e) => e.patientKey)).toEqual(['P2']);
    expect(report.falsePositives.map((t) => t.id)).toEqual(['t2']);
  });

  it('needs rule, patient and focus to match: another focus is a miss and a false alarm (a focus mismatch)', () => {
    const report = score([expected('lab-duplicate-order', 'P1', 'LATER')], [task('t1', 'lab-duplicate-order', 'P1', 'EARLIER')]);
    expect(row(report, 'lab-duplicate-order')).toMatchObject({ truePositives: 0, falsePositives: 1, falseNegatives: 1, focusMismatches: 1 });
  });

  it('matches as multisets: one task cannot satisfy two expectations', () => {
    const e = expected('rx-double-administration', 'P1', 'O1');
    const report = score([e, { ...e, case: 'other' }], [task('t1', 'rx-double-administration', 'P1', 'O1')]);
    expect(row(report, 'rx-double-administration')).toMatchObject({ truePositives: 1, falseNegatives: 1 });
  });

  it('counts cancelled tasks apart: neither found nor false positives', () => {
    const report = score([expected('lab-orphan-result', 'P1', 'O1')], [task('t1', 'lab-orphan-result', 'P1', 'O1', 'cancelled'), task('t2', 'lab-orphan-result', 'P5', 'O5', 'cancelled')]);
    expect(row(report, 'lab-orphan-result')).toMatchObject({ found: 0, truePositives: 0, falsePositives: 0, falseNegatives: 1, cancelled: 2 });
  });

  it('flags false positives that hit a staged near-miss', () => {
    const near: NearMiss = { rule: 'rx-orphan-administration', patientKey: 'P7', facility: 'AVC', focus: { system: ORDER, value: 'O7' }, case: 'nm#0', why: 'entered in time' };
    const report = score([], [task('t1', 'rx-orphan-administration', 'P7', 'O7')], [near]);
    expect(row(report, 'rx-orphan-administration')).toMatchObject({ falsePositives: 1, nearMissHits: 1 });
  });

  describe('a case across patients (one practitioner, two patients)', () => {
    const APPT = 'urn:continuity:avc:appointment';
    const across: ExpectedTask = {
      rule: 'sched-double-booking', patientKey: 'PB', otherPatientKey: 'PA', facility: 'AVC', focus: { system: APPT, value: 'AP-B' }, severity: 'considerable', case: 'x#0',
    };
    const observed = (id: string, patientKey: string, value: string): ObservedTask => ({ id, status: 'requested', rule: 'sched-double-booking', patientKey, focus: { system: APPT, value }, facility: 'AVC' });

    it("matches the task of the focus's patient", () => {
      const report = score([across], [observed('t1', 'PB', 'AP-B')]);
      expect(row(report, 'sched-double-booking')).toMatchObject({ truePositives: 1, falsePositives: 0, falseNegatives: 0 });
    });

    it("counts a task filed under the other patient, on the other appointment, as a miss and a focus mismatch", () => {
      const report = score([across], [observed('t1', 'PA', 'AP-A')]);
      expect(row(report, 'sched-double-booking')).toMatchObject({ truePositives: 0, falsePositives: 1, falseNegatives: 1, focusMismatches: 1 });
    });

    it('flags a task of either patient of a near-miss as a near-miss hit', () => {
      const near: NearMiss = { rule: 'sched-double-booking', patientKey: 'PB', otherPatientKey: 'PA', facility: 'AVC', focus: { system: APPT, value: 'AP-B' }, case: 'nm#0', why: 'adjacent' };
      const report = score([], [observed('t1', 'PA', 'AP-A'), observed('t2', 'PB', 'AP-B'), observed('t3', 'PC', 'AP-C')], [near]);
      expect(row(report, 'sched-double-booking')).toMatchObject({ falsePositives: 3, nearMissHits: 2 });
    });
  });

  it('prints one line per rule of the catalogue and a total', () => {
    const table = formatScoreTable(score([expected('rx-omitted-dose', 'P1', 'O1')], [task('t1', 'rx-omitted-dose', 'P1', 'O1')]));
    const lines = table.split('\n');
    expect(lines).toHaveLength(2 + 14 + 2);
    expect(lines[0]).toMatch(/^rule\s+expected\s+found\s+TP\s+FP\s+FN\s+recall\s+precision\s+cancelled/);
    expect(table).toMatch(/rx-omitted-dose\s+1\s+1\s+1\s+0\s+0\s+100\.0%\s+100\.0%\s+0/);
    expect(lines[lines.length - 1]).toMatch(/^total\s+1\s+1\s+1/);
  });
});

describe('reading tasks', () => {
  const finding: Finding = {
    rule: 'lab-not-collected', severity: 'considerable', priority: 'urgent', patientKey: '9000000000001', facility: 'AVC',
    focus: { system: ORDER, value: 'O1' }, related: [], evidence: ['src#1'], description: 'An order was never collected.',
  };
  const record: TaskRecord = { id: 'abc', status: 'requested', finding, authoredOn: 0, lastModified: 0, ruleSetVersion: 'lab@1.0.0', configHash: 'h' };

  it('reads a CONTRACT.md §4 Task as the engine builds it', () => {
    expect(taskFromFhir(toFhirTask(record))).toEqual({
      id: 'abc', status: 'requested', rule: 'lab-not-collected', patientKey: '9000000000001', focus: { system: ORDER, value: 'O1' }, facility: 'AVC',
    });
    expect(taskFromFhir({ resourceType: 'Patient', id: 'x' })).toBeNull();
  });

  it('reads structured CloudEvents and bare Tasks from the topic, and ignores garbage', () => {
    const fhir = toFhirTask(record);
    expect(taskFromMessage(JSON.stringify({ specversion: '1.0', type: 'continuity.reconciliation.task', data: fhir }))?.id).toBe('abc');
    expect(taskFromMessage(Buffer.from(JSON.stringify(fhir)))?.id).toBe('abc');
    expect(taskFromMessage('{not json')).toBeNull();
    expect(taskFromMessage(null)).toBeNull();
  });

  it('keeps the latest status of each task', () => {
    const log = new TaskLog();
    log.observe(task('t1', 'lab-not-collected', 'P1', 'O1'));
    log.observe(task('t1', 'lab-not-collected', 'P1', 'O1', 'cancelled'));
    log.observe(task('t2', 'lab-not-collected', 'P2', 'O2', 'cancelled'));
    log.observe(task('t2', 'lab-not-collected', 'P2', 'O2', 'requested'));
    expect(log.tasks().map((t) => [t.id, t.status])).toEqual([['t1', 'cancelled'], ['t2', 'requested']]);
  });
});
