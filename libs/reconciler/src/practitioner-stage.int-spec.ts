import { appointmentSlot, makeAppointmentBooked, makeAppointmentCancelled, makeAppointmentSynced, makeDowntimeEnded, makeDowntimeStarted, makeHeartbeat } from '@continuity/contracts';
import { replayShared, type FactChange } from '@continuity/rules';
import { schedulingRuleSet } from '@continuity/scheduling';
import { readTopic, waitFor } from '@continuity/testing';
import { readSharedFacts } from './lib/partition-log';
import { sharedStageTopic, type TaskChangeData } from './lib/reconciler-events';
import { reconcilerTestBed } from './testing/reconciler-test-bed';

/**
 * The practitioner half of sched-double-booking through the real broker and database, with two
 * instances in one group, so the patients' partitions are decided by different processes: P2's
 * paper booking clashes with P1's slot, P3's too until its late cancel arrives; a replay of the
 * stored fact changes gives exactly the decisions recorded live.
 */
const T0 = '2024-08-03T10:00:00Z';
const T1 = '2024-08-04T18:00:00Z';
const at = (iso: string, hours: number) => new Date(Date.parse(iso) + hours * 3_600_000).toISOString();
// Starts more than a day after T1: no unresolved-appointment expectation.
const START = at(T1, 40);
const paper = { entrymode: 'backentry' as const };

describe('the practitioner stage of the scheduling reconciler on the real broker and database', () => {
  const bed = reconcilerTestBed('scheduling', schedulingRuleSet, 'sched');
  const { brokers, topics, clinical, operations } = bed;
  const reconciler = (instanceId: string) => bed.reconciler(instanceId);

  /** Latest state per task on the tasks topic: `patient:code:status`. */
  const tasksOnTopic = async () => {
    const latest = new Map<string, { line: string; version: number }>();
    for (const r of await readTopic(brokers, topics.tasks)) {
      const ce = JSON.parse(r.value?.toString('utf8') ?? '{}');
      const version = Number(String(ce.id).split('-').pop());
      if ((latest.get(ce.data.id)?.version ?? 0) >= version) continue;
      const focus = ce.data.focus.identifier.value;
      latest.set(ce.data.id, { line: `${ce.data.for.identifier.value}:${ce.data.code.coding[0].code}:${focus}:${ce.data.status}`, version });
    }
    return [...latest.values()].map((t) => t.line).sort();
  };


  it('opens a task per clash across patients, cancels one when its late cancel arrives, and replays to the same decisions', async () => {
    const a = reconciler('instance-a');
    const b = reconciler('instance-b');
    await Promise.all([a.start(), b.start()]);
    try {
      await operations([makeDowntimeStarted({ time: T0, systems: ['ehr'] })]);
      const slot = appointmentSlot;
      const p1 = slot('APT-1', 'P1', START, 60);
      const p2 = slot('APT-2', 'P2', at(START, 0.5), 30);
      const p3 = slot('APT-3', 'P3', at(START, -0.5), 60);
      const p4 = slot('APT-4', 'P4', at(START, 1), 30); // back to back with P1 and P2: the near-miss
      await clinical([
        makeAppointmentBooked({ ...p1, time: at(T0, -30) }),
        makeAppointmentSynced({ ...p1, time: at(T0, -29.9) }),
        makeAppointmentBooked({ ...p2, ...paper, time: at(T0, 2), recordedtime: at(T1, 1) }),
        makeAppointmentSynced({ ...p2, time: at(T1, 1.1) }),
        makeAppointmentBooked({ ...p3, ...paper, time: at(T0, 3), recordedtime: at(T1, 1) }),
        makeAppointmentSynced({ ...p3, time: at(T1, 1.1) }),
        makeAppointmentBooked({ ...p4, ...paper, time: at(T0, 4), recordedtime: at(T1, 1) }),
        makeAppointmentSynced({ ...p4, time: at(T1, 1.1) }),
      ]);
      await operations([makeDowntimeEnded({ time: T1, systems: ['ehr'] }), makeHeartbeat({ time: at(T1, 2) })]);
      await waitFor(async () => (await tasksOnTopic()).length === 2, { timeoutMs: 60_000, description: 'two tasks on the topic' });
      expect(await tasksOnTopic()).toEqual(['P2:sched-double-booking:APT-2:requested', 'P3:sched-double-booking:APT-3:requested']);

      // P3's cancel, typed in late: its clash resolves itself.
      await clinical([makeAppointmentCancelled({ ...p3, ...paper, time: at(T0, 5), recordedtime: at(T1, 3) })]);
      await operations([makeHeartbeat({ time: at(T1, 4) })]);
      await waitFor(async () => (await tasksOnTopic()).includes('P3:sched-double-booking:APT-3:cancelled'), {
        timeoutMs: 60_000,
        description: 'the P3 clash cancelled',
      });
      expect(await tasksOnTopic()).toEqual(['P2:sched-double-booking:APT-2:requested', 'P3:sched-double-booking:APT-3:cancelled']);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }

    // Both instances decided from the same log: its fact changes, replayed in position order, give the recorded decisions.
    const ruleSet = schedulingRuleSet();
    const stage = ruleSet.shared;
    if (!stage) throw new Error('the scheduling rule set has no shared stage');
    const rows: Array<{ data: TaskChangeData }> = await bed.ds.query(`SELECT data FROM ${bed.schema}.events WHERE type LIKE 'continuity.task.%' ORDER BY position`);
    const recorded = rows.filter((r) => r.data.topic === sharedStageTopic(stage.name)).map((r) => r.data.change);
    expect(rows).toHaveLength(recorded.length); // no per-patient decision in this scenario
    const facts: FactChange[] = [];
    await bed.ds.transaction(async (em) => {
      for await (const { fact } of readSharedFacts(em, bed.schema, stage.name)) facts.push(fact);
    });
    const replayed = replayShared(stage, { version: ruleSet.version, configHash: ruleSet.configHash }, facts);
    expect(replayed.changes).toEqual(recorded);
    const lines = recorded.map((c) => `${c.kind}:${c.task.finding.patientKey}`);
    expect([...lines].sort()).toEqual(['cancelled:P3', 'opened:P2', 'opened:P3']);
    expect(lines.indexOf('cancelled:P3')).toBeGreaterThan(lines.indexOf('opened:P3'));
  });
});
