import { makeDowntimeEnded, makeDowntimeStarted, makeHeartbeat, makeMedicationAdministered } from '@continuity/contracts';
import { prescriptionsRuleSet } from '@continuity/prescriptions';
import { readTopic, waitFor } from '@continuity/testing';
import { reconcilerTestBed } from './testing/reconciler-test-bed';

/**
 * A chunk of the downtime topic ticks every engine; when its transaction fails, nothing it decided
 * is stored, so the engines must not keep what they decided in it. A heartbeat passes an orphan
 * administration's deadline, the first transaction deciding it fails, and the task must still be
 * published once the heartbeat is handled again.
 */
const T0 = '2024-08-03T10:00:00Z';
const T1 = '2024-08-04T18:00:00Z';
const at = (iso: string, hours: number) => new Date(Date.parse(iso) + hours * 3_600_000).toISOString();

describe('Reconciler after a failed downtime chunk (real broker and database)', () => {
  const bed = reconcilerTestBed('prescriptions', prescriptionsRuleSet, 'rx-failure');
  const { brokers, topics, clinical, operations } = bed;

  it('publishes the task whose deadline a failed chunk had passed', async () => {
    let failures = 0;
    const reconciler = bed.reconciler('failing', {
      hooks: {
        // The database fails once, at the end of the transaction that opened the task.
        onTaskChanges: (changes) => {
          if (failures === 0 && changes.some((c) => c.kind === 'opened')) {
            failures += 1;
            throw new Error('simulated database failure');
          }
        },
      },
    });
    await reconciler.start();
    try {
      await operations([makeDowntimeStarted({ time: T0, systems: ['ehr'] })]);
      await clinical([makeMedicationAdministered({ patientKey: 'P3', order: 'RX-Z', effective: at(T0, 3), time: at(T0, 3), recordedtime: at(T1, 2), entrymode: 'backentry' })]);
      await operations([makeDowntimeEnded({ time: T1, systems: ['ehr'] }), makeHeartbeat({ time: at(T1, 3) })]);
      await waitFor(async () => (await bed.ds.query(`SELECT count(*)::int AS n FROM ${bed.schema}.events WHERE stream_id LIKE 'patient-%'`))[0].n === 1, {
        description: 'the administration stored',
      });
      await operations([makeHeartbeat({ time: at(T1, 13) })]);
      await waitFor(async () => (await readTopic(brokers, topics.tasks)).length === 1, { timeoutMs: 60_000, description: 'the orphan task published' });
      const [record] = await readTopic(brokers, topics.tasks);
      const task = JSON.parse(record.value?.toString('utf8') ?? '{}').data;
      expect([task.code.coding[0].code, task.status, task.for.identifier.value]).toEqual(['rx-orphan-administration', 'requested', 'P3']);
      expect(failures).toBe(1);
    } finally {
      await reconciler.stop();
    }
  });
});
