import {
  makeDowntimeEnded,
  makeDowntimeStarted,
  makeHeartbeat,
  makeMedicationAdministered,
  makeMedicationDiscontinued,
  makeMedicationOrdered,
} from '@continuity/contracts';
import { prescriptionsRuleSet } from '@continuity/prescriptions';
import { replay, type TaskRecord } from '@continuity/rules';
import { readTopic, waitFor } from '@continuity/testing';
import { readPartitionLog } from './lib/partition-log';
import type { TaskChangeData } from './lib/reconciler-events';
import { reconcilerTestBed } from './testing/reconciler-test-bed';

/**
 * The prescriptions reconciler against the real broker and database: a declared downtime, paper
 * back-entries, a near-miss, an orphan administration resolved by a late order after a restart
 * of the instance; then a replay of the stored log gives exactly the tasks recorded live.
 */
const T0 = '2024-08-03T10:00:00Z';
const T1 = '2024-08-04T18:00:00Z';
const at = (iso: string, hours: number) => new Date(Date.parse(iso) + hours * 3_600_000).toISOString();
// Orders without a dosing timing: no omitted-dose expectation in this scenario.
const noTiming = { dosageInstruction: undefined };

describe('Reconciler (prescriptions) on the real broker and database', () => {
  const bed = reconcilerTestBed('prescriptions', prescriptionsRuleSet, 'rx');
  const { brokers, topics, clinical, operations } = bed;
  const reconciler = (instanceId: string) => bed.reconciler(instanceId);

  /** Latest FHIR Task per id, as a reader of the tasks topic sees them. */
  const tasksOnTopic = async () => {
    const records = await readTopic(brokers, topics.tasks);
    const latest = new Map<string, { status: string; code: string; patient: string; version: number }>();
    for (const r of records) {
      const ce = JSON.parse(r.value?.toString('utf8') ?? '{}');
      const version = Number(String(ce.id).split('-').pop());
      const prior = latest.get(ce.data.id);
      if (prior && prior.version >= version) continue;
      latest.set(ce.data.id, { status: ce.data.status, code: ce.data.code.coding[0].code, patient: ce.data.for.identifier.value, version });
    }
    return latest;
  };


  it('opens tasks for what the downtime lost or doubled, cancels one when the late order arrives, and replays to the same tasks', async () => {
    const first = reconciler('instance-1');
    await first.start();
    try {
      await operations([makeDowntimeStarted({ time: T0, systems: ['ehr'] })]);
      await clinical([
        // P1: an order in the EHR, and the same substance again from paper: a duplicate.
        makeMedicationOrdered({ patientKey: 'P1', order: 'RX-A', time: at(T0, -2), data: noTiming }),
        makeMedicationOrdered({ patientKey: 'P1', order: 'RX-B', time: at(T0, 2), recordedtime: at(T1, 1), entrymode: 'backentry', data: noTiming }),
        // P2, the near-miss: the first order had ended before the paper one.
        makeMedicationOrdered({ patientKey: 'P2', order: 'RX-C', time: at(T0, -48), data: noTiming }),
        makeMedicationDiscontinued({ patientKey: 'P2', order: 'RX-C', time: at(T0, -24) }),
        makeMedicationOrdered({ patientKey: 'P2', order: 'RX-D', time: at(T0, 2), recordedtime: at(T1, 1), entrymode: 'backentry', data: noTiming }),
        // P3: a dose given on paper whose paper order was never entered.
        makeMedicationAdministered({ patientKey: 'P3', order: 'RX-Z', effective: at(T0, 3), time: at(T0, 3), recordedtime: at(T1, 2), entrymode: 'backentry' }),
      ]);
      await operations([makeDowntimeEnded({ time: T1, systems: ['ehr'] }), makeHeartbeat({ time: at(T1, 3) }), makeHeartbeat({ time: at(T1, 13) })]);

      await waitFor(async () => (await tasksOnTopic()).size === 2, { timeoutMs: 60_000, description: 'two tasks on the topic' });
      const open = [...(await tasksOnTopic()).values()].map((t) => `${t.patient}:${t.code}:${t.status}`).sort();
      expect(open).toEqual(['P1:rx-duplicate-order:requested', 'P3:rx-orphan-administration:requested']);
    } finally {
      await first.stop();
    }

    // Another instance takes over: it rebuilds its engines from the store, then the late order arrives.
    const second = reconciler('instance-2');
    await second.start();
    try {
      await clinical([makeMedicationOrdered({ patientKey: 'P3', order: 'RX-Z', time: at(T0, 1), recordedtime: at(T1, 20), entrymode: 'backentry', data: noTiming })]);
      await operations([makeHeartbeat({ time: at(T1, 21) })]);
      await waitFor(async () => [...(await tasksOnTopic()).values()].some((t) => t.patient === 'P3' && t.status === 'cancelled'), {
        timeoutMs: 60_000,
        description: 'the orphan task cancelled',
      });
      const final = [...(await tasksOnTopic()).values()].map((t) => `${t.patient}:${t.code}:${t.status}`).sort();
      expect(final).toEqual(['P1:rx-duplicate-order:requested', 'P3:rx-orphan-administration:cancelled']);
    } finally {
      await second.stop();
    }

    // Replay: each partition's stored log, folded by the pure engine, gives the recorded decisions.
    const recorded = new Map<string, string>();
    const rows: Array<{ data: TaskChangeData }> = await bed.ds.query(`SELECT data FROM ${bed.schema}.events WHERE type LIKE 'continuity.task.%' ORDER BY position`);
    for (const { data } of rows) recorded.set(data.change.task.id, data.change.task.status);
    const replayed: TaskRecord[] = [];
    await bed.ds.transaction(async (em) => {
      for (let partition = 0; partition < 12; partition++) {
        const entries = [];
        for await (const e of readPartitionLog(em, { schema: bed.schema, topic: topics.domain, partition, downtimeTopic: topics.downtime })) entries.push(e);
        replayed.push(...replay(prescriptionsRuleSet(), entries).tasks);
      }
    });
    expect(new Map(replayed.map((t) => [t.id, t.status]))).toEqual(recorded);
    expect(recorded.size).toBe(2);
  });
});
