import { interleave, PATIENT_KEY_SYSTEM, runAcrossPartitions, taskIdOf, type Arrival } from '@continuity/rules';
import fc from 'fast-check';
import { APPOINTMENT_SYSTEM, booked, cancelled, downtimeEvents, rescheduled, SCHED_SOURCES } from '../testing/scheduling-events.factory';
import { RELATED_PATIENT_KEY_SYSTEM } from './practitioner-stage';
import { schedulingRuleSet } from './scheduling-rule-set';

// The EHR of AVC is down from Saturday 08:00 to Sunday 20:00. P1 and P2 are keyed to partitions 0 and 1.
const DOWNTIME = downtimeEvents('2024-08-03T08:00Z', '2024-08-04T20:00Z');
const RULES = schedulingRuleSet();
const downtimeArrivals: Arrival[] = DOWNTIME.map((d) => ({ downtime: d, now: d.recordedTimeMs }));
const p1 = (event: ReturnType<typeof booked>, now = event.recordedTimeMs): Arrival => ({ partition: 0, event, now });
const p2 = (event: ReturnType<typeof booked>, now = event.recordedTimeMs): Arrival => ({ partition: 1, event, now });

// P1 booked online on Friday with DR-9, Tuesday 09:00–10:00.
const online = booked('APT-1', { patient: 'P1', at: '2024-08-02T10:00Z', start: '2024-08-06T09:00Z', minutes: 60, practitioner: 'DR-9' });
/** P2 booked on paper during the downtime with a practitioner, typed in on Monday. */
const onPaper = (start: string, o: { practitioner?: string; minutes?: number } = {}) =>
  booked('APT-2', { patient: 'P2', at: '2024-08-03T10:00Z', start, service: '394802001', entryMode: 'backentry', recordedAt: '2024-08-05T08:00Z', practitioner: 'DR-9', ...o });

const sharedOpen = (arrivals: readonly Arrival[]) => runAcrossPartitions(RULES, arrivals).sharedTasks.filter((t) => t.status === 'requested');
// P2's task: its appointment, the other one, and the other patient.
const EXPECTED_ID = taskIdOf('sched-double-booking', [
  { system: PATIENT_KEY_SYSTEM, value: 'P2' },
  { system: APPOINTMENT_SYSTEM, value: 'APT-2' },
  { system: APPOINTMENT_SYSTEM, value: 'APT-1' },
  { system: RELATED_PATIENT_KEY_SYSTEM, value: 'P1' },
]);

describe('sched-double-booking (one practitioner, two patients)', () => {
  it('fires at once, for the patient booked on paper, when the practitioner’s slots overlap', () => {
    const paper = onPaper('2024-08-06T09:30Z');
    const { sharedChanges, patientTasks } = runAcrossPartitions(RULES, [...downtimeArrivals, p1(online), p2(paper)]);
    expect(sharedChanges).toHaveLength(1);
    const [{ kind, task }] = sharedChanges;
    expect({ kind, id: task.id, authoredOn: task.authoredOn }).toEqual({ kind: 'opened', id: EXPECTED_ID, authoredOn: paper.recordedTimeMs });
    expect(task.finding).toEqual({
      rule: 'sched-double-booking',
      severity: 'considerable',
      priority: 'urgent',
      patientKey: 'P2',
      facility: 'AVC',
      focus: { system: APPOINTMENT_SYSTEM, value: 'APT-2' },
      related: [{ system: APPOINTMENT_SYSTEM, value: 'APT-1' }],
      evidence: [`${SCHED_SOURCES.booking}#${online.id}`, `${SCHED_SOURCES.booking}#${paper.id}`].sort(),
      description:
        'Practitioner DR-9 is booked for two patients at overlapping times: appointment APT-1 at 2024-08-06 09:00 UTC ' +
        'and appointment APT-2 at 2024-08-06 09:30 UTC; APT-2 was booked during the degraded period.',
    });
    expect({ version: task.ruleSetVersion, hash: task.configHash }).toEqual({ version: RULES.version, hash: RULES.configHash });
    // Two patients, two services: the per-patient rules see nothing.
    expect(patientTasks.filter((t) => t.finding.rule === 'sched-double-booking')).toEqual([]);
  });

  // Given APT-1 of P1 with DR-9 on Tuesday 09:00–10:00, then APT-2 of P2:
  it.each`
    case                                                         | events                                                                                                                                            | fires
    ${'on paper, 09:30, same practitioner'}                      | ${[onPaper('2024-08-06T09:30Z')]}                                                                                                                 | ${true}
    ${'on paper, 08:30–09:01, same practitioner (one minute)'}  | ${[onPaper('2024-08-06T08:30Z', { minutes: 31 })]}                                                                                               | ${true}
    ${'on paper, 10:00 (back to back)'}                          | ${[onPaper('2024-08-06T10:00Z')]}                                                                                                                 | ${false}
    ${'on paper, 08:30–09:00 (ends as APT-1 starts)'}            | ${[onPaper('2024-08-06T08:30Z')]}                                                                                                                 | ${false}
    ${'on paper, 09:30, another practitioner'}                   | ${[onPaper('2024-08-06T09:30Z', { practitioner: 'DR-7' })]}                                                                                       | ${false}
    ${'online on Friday, 09:30 (neither touched)'}               | ${[booked('APT-2', { patient: 'P2', at: '2024-08-02T11:00Z', start: '2024-08-06T09:30Z', practitioner: 'DR-9' })]}                              | ${false}
    ${'on paper, 09:30, APT-1 cancelled before'}                 | ${[cancelled('APT-1', { patient: 'P1', at: '2024-08-03T09:00Z' }), onPaper('2024-08-06T09:30Z')]}                                                | ${false}
    ${'on paper, 09:30, then moved on paper to 11:00'}           | ${[onPaper('2024-08-06T09:30Z'), rescheduled('APT-2', { patient: 'P2', at: '2024-08-03T12:00Z', start: '2024-08-06T11:00Z', practitioner: 'DR-9', entryMode: 'backentry', recordedAt: '2024-08-05T08:01Z' })]} | ${false}
  `('$case → fires: $fires', ({ events, fires }) => {
    const arrivals = (events as Array<ReturnType<typeof booked>>).map((e) => (e.patientKey === 'P1' ? p1(e) : p2(e)));
    expect(sharedOpen([...downtimeArrivals, p1(online), ...arrivals]).map((t) => t.id)).toEqual(fires ? [EXPECTED_ID] : []);
  });

  it('cancels itself when the cancel of the paper booking arrives late', () => {
    const late = cancelled('APT-2', { patient: 'P2', at: '2024-08-03T11:00Z', entryMode: 'backentry', recordedAt: '2024-08-05T09:00Z' });
    const { sharedChanges, sharedTasks } = runAcrossPartitions(RULES, [...downtimeArrivals, p1(online), p2(onPaper('2024-08-06T09:30Z')), p2(late)]);
    expect(sharedChanges.map((c) => [c.kind, c.task.id, c.task.lastModified])).toEqual([
      ['opened', EXPECTED_ID, onPaper('2024-08-06T09:30Z').recordedTimeMs],
      ['cancelled', EXPECTED_ID, late.recordedTimeMs],
    ]);
    expect(sharedTasks.map((t) => t.status)).toEqual(['cancelled']);
  });

  it('fires when the downtime is declared after both bookings arrived', () => {
    // Typed in at 11:00 on Saturday, in real time: only the late declaration puts it in D.
    const duringD = booked('APT-2', { patient: 'P2', at: '2024-08-03T11:00Z', start: '2024-08-06T09:30Z', practitioner: 'DR-9' });
    const before = [p1(online), p2(duringD)];
    expect(sharedOpen(before)).toEqual([]);
    expect(sharedOpen([...before, ...DOWNTIME.map((d) => ({ downtime: d, now: '2024-08-05T10:00Z' }))]).map((t) => t.id)).toEqual([EXPECTED_ID]);
  });

  it('ends with the same tasks whatever the arrival order across partitions and whatever is re-delivered', () => {
    // P3 sees DR-9 on paper at 09:45, then cancels; P4 online with DR-9 09:20–09:40: it clashes with P2's paper slot only.
    const p3 = booked('APT-3', { patient: 'P3', at: '2024-08-04T09:00Z', start: '2024-08-06T09:45Z', practitioner: 'DR-9', entryMode: 'backentry', recordedAt: '2024-08-05T07:00Z' });
    const p4 = booked('APT-4', { patient: 'P4', at: '2024-08-01T09:00Z', start: '2024-08-06T09:20Z', minutes: 20, practitioner: 'DR-9' });
    const p3Cancel = cancelled('APT-3', { patient: 'P3', at: '2024-08-04T10:00Z', entryMode: 'backentry', recordedAt: '2024-08-05T07:30Z' });
    const perPartition: Arrival[][] = [
      [p1(online)],
      [p2(onPaper('2024-08-06T09:30Z'))],
      [{ partition: 2, event: p3, now: p3.recordedTimeMs }, { partition: 2, event: p3Cancel, now: p3Cancel.recordedTimeMs }],
      [{ partition: 3, event: p4, now: p4.recordedTimeMs }],
    ];
    const reference = sharedOpen([...downtimeArrivals, ...perPartition.flat()]).map((t) => [t.id, t.finding.patientKey]);
    // P1–P2 and P2–P4, both for P2; P1–P4 are both online, P3 is cancelled.
    expect(reference.map(([, patient]) => patient)).toEqual(['P2', 'P2']);
    fc.assert(
      fc.property(fc.array(fc.nat(3), { maxLength: 10 }), fc.array(fc.nat(3), { maxLength: 3 }), (choices, again) => {
        const arrivals = interleave(perPartition, choices);
        const redelivered = again.map((i) => perPartition[i][0]);
        expect(sharedOpen([...downtimeArrivals, ...arrivals, ...redelivered]).map((t) => [t.id, t.finding.patientKey])).toEqual(reference);
      }),
      { numRuns: 200 },
    );
  });
});
