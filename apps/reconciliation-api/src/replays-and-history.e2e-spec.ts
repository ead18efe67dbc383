import { makeHeartbeat, makeMedicationAdministered } from '@continuity/contracts';
import { EventStore } from '@continuity/event-store';
import { prescriptionsRuleSet } from '@continuity/prescriptions';
import { taskChangeEvent, type TaskChangeData } from '@continuity/reconciler';
import { DOWNTIME_STARTED } from '@continuity/rules';
import { waitFor } from '@continuity/testing';
import type { DataSource } from 'typeorm';
import { HISTORY_DATA_SOURCE } from './config/tokens';
import { startApi, startPrescriptionsReconciler, type ApiHarness } from './testing/api-harness';
import { taskRecord } from './testing/task-fixtures';
import { message, orderedBefore, orderedOnPaper, plus, RX_SYSTEM, stoppedLate, T0, T1 } from './testing/rx-scenario';
import type { SearchBundle } from './tasks/task-bundle';

/**
 * Replays, order history and the discrepancy report against a real prescriptions reconciler's
 * store: a weekend outage declared through the API, a duplicate that resolves itself, one that
 * stays, and an administration whose paper order never reached the EHR.
 */
describe('reconciliation-api: replays, order history, report (real Kafka and PostgreSQL)', () => {
  let api: ApiHarness;
  let rx: Awaited<ReturnType<typeof startPrescriptionsReconciler>>;
  const window = { from: plus(T0, -24), to: plus(T1, 48) };

  beforeAll(async () => {
    api = await startApi('api_replays');
    rx = await startPrescriptionsReconciler(api);
    await api.http().post('/api/v1/downtimes').set(api.auth('admin')).send({ facility: 'AVC', systems: ['ehr'], start: T0, end: T1 }).expect(202);
    await waitFor(async () => (await rx.dataSource.query(`SELECT count(*)::int AS n FROM prescriptions.events WHERE type = $1`, [DOWNTIME_STARTED]))[0].n === 1, {
      description: 'the downtime in the reconciler store',
    });
    await api.publish(api.topics.prescriptions, [
      message(orderedBefore('PAT-A', 'RX-1')),
      message(orderedOnPaper('PAT-A', 'RX-2')),
      message(orderedBefore('PAT-B', 'RX-3')),
      message(orderedOnPaper('PAT-B', 'RX-4')),
      message(makeMedicationAdministered({ id: 'PAT-C-adm', patientKey: 'PAT-C', order: 'RX-PAPER', time: plus(T0, 5), entrymode: 'backentry', recordedtime: plus(T1, 1) })),
    ]);
    await waitFor(async () => (await rx.dataSource.query(`SELECT count(*)::int AS n FROM prescriptions.events WHERE stream_id LIKE 'patient-%'`))[0].n === 5, {
      description: 'the orders in the reconciler store',
    });
    // Time passes: a source's heartbeat half a day after the outage (the orphan administration's deadline).
    await api.publish(api.topics.downtime, [message(makeHeartbeat({ id: 'hb-1', time: plus(T1, 13) }))]);
    await waitFor(async () => (await taskCount()) === 3, { description: 'the three tasks in the API', timeoutMs: 60_000 });
    // Then the stop of RX-1, made on paper, is typed in: PAT-A's duplicate resolves itself.
    await api.publish(api.topics.prescriptions, [message(stoppedLate('PAT-A', 'RX-1'))]);
    await waitFor(async () => (await taskCount('?status=cancelled')) === 1 && (await api.tasksConsumed()), { description: 'the cancellation in the API', timeoutMs: 60_000 });
  });

  afterAll(async () => {
    await rx?.stop();
    await api?.close();
  });

  async function taskCount(query = ''): Promise<number> {
    const res = await api.http().get(`/fhir/Task${query}${query ? '&' : '?'}_count=0`).set(api.auth('auditor')).expect(200);
    return (res.body as SearchBundle).total;
  }

  async function recordedDecisions(from: string, to: string): Promise<string[]> {
    const rows: Array<{ data: TaskChangeData }> = await rx.dataSource.query(
      `SELECT data FROM prescriptions.events WHERE type LIKE 'continuity.task.%' AND clinical_time BETWEEN $1 AND $2 ORDER BY position`,
      [from, to],
    );
    return rows.map((r) => `${r.data.change.kind} ${r.data.change.task.id}`).sort();
  }

  async function replay(body: Record<string, unknown>) {
    const created = await api.http().post('/api/v1/replays').set(api.auth('auditor')).send(body).expect(202);
    expect(created.headers.location).toBe(`/api/v1/replays/${created.body.id}`);
    return waitFor(async () => {
      const res = await api.http().get(`/api/v1/replays/${created.body.id}`).set(api.auth('auditor')).expect(200);
      return res.body.status === 'done' || res.body.status === 'failed' ? res.body : null;
    }, { description: 'the replay to finish', timeoutMs: 60_000 });
  }

  it('finds the three discrepancies, one of them already resolved', async () => {
    const bundle = (await api.http().get('/fhir/Task?_count=10').set(api.auth('auditor')).expect(200)).body as SearchBundle;
    const byFocus = Object.fromEntries(bundle.entry.map((e) => [e.resource.focus.identifier.value, e.resource]));
    expect(byFocus['RX-2']).toMatchObject({ status: 'cancelled', code: { coding: [{ code: 'rx-duplicate-order' }] } });
    expect(byFocus['RX-4']).toMatchObject({ status: 'requested', code: { coding: [{ code: 'rx-duplicate-order' }] } });
    expect(byFocus['RX-PAPER']).toMatchObject({ status: 'requested', code: { coding: [{ code: 'rx-orphan-administration' }] } });
  });

  it('replays the window to exactly the recorded decisions', async () => {
    const result = await replay(window);
    const recorded = await recordedDecisions(window.from, window.to);
    expect(recorded.length).toBeGreaterThanOrEqual(4);
    expect(result).toMatchObject({
      status: 'done',
      domains: ['prescriptions', 'lab', 'scheduling'],
      ruleSetVersions: { prescriptions: prescriptionsRuleSet().version },
      recorded: recorded.length,
      differences: [],
    });
    expect(result.tasks.map((t: { change: string; taskId: string }) => `${t.change} ${t.taskId}`).sort()).toEqual(recorded);
    expect(result.progress.partitionsTotal).toBeGreaterThan(0);
    expect(result.progress.partitionsDone).toBe(result.progress.partitionsTotal);
    expect(result.progress.events).toBeGreaterThanOrEqual(6);
    const cancelled = result.tasks.find((t: { change: string }) => t.change === 'cancelled');
    expect(cancelled.task).toMatchObject({ status: 'cancelled', focus: { identifier: { value: 'RX-2' } } });
  });

  it('replays a narrower window to the decisions taken in it only', async () => {
    // After the duplicates were opened (T1 + 2 h), up to the heartbeat's time (T1 + 13 h).
    const from = plus(T1, 3);
    const to = plus(T1, 14);
    const result = await replay({ from, to, domains: ['prescriptions'] });
    expect(result).toMatchObject({ status: 'done', domains: ['prescriptions'], differences: [] });
    expect(result.tasks.map((t: { change: string; taskId: string }) => `${t.change} ${t.taskId}`).sort()).toEqual(await recordedDecisions(from, to));
    expect(result.tasks.map((t: { change: string; task: { focus: { identifier: { value: string } } } }) => `${t.change} ${t.task.focus.identifier.value}`).sort()).toEqual([
      'cancelled RX-2',
      'opened RX-PAPER',
    ]);
  });

  it('serves the discrepancy report as JSON and as CSV', async () => {
    const json = await api.http().get('/api/v1/reports/discrepancies?from=2024-08-01T00:00:00Z&facility=AVC').set(api.auth('officer')).expect(200);
    expect(json.body).toMatchObject({ from: '2024-08-01T00:00:00Z', to: null, facility: 'AVC', total: 3 });
    const bundle = (await api.http().get('/fhir/Task?_count=10').set(api.auth('officer')).expect(200)).body as SearchBundle;
    const severity = (t: SearchBundle['entry'][number]['resource']) => t.extension.find((e) => e.url === 'urn:continuity:severity');
    const expected = new Map<string, number>();
    for (const { resource: t } of bundle.entry) {
      const sev = severity(t);
      const key = [t.code.coding[0].code, t.code.coding[0].display, 'AVC', sev && 'valueCode' in sev ? sev.valueCode : '', t.status].join(',');
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }

    const csv = await api.http().get('/api/v1/reports/discrepancies?from=2024-08-01T00:00:00Z&facility=AVC').set(api.auth('auditor')).set('Accept', 'text/csv').expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text.split('\r\n');
    expect(lines[0]).toBe('rule,display,facility,severity,status,count');
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(1, -1).sort()).toEqual([...expected].map(([key, n]) => `${key},${n}`).sort());

    const empty = await api.http().get('/api/v1/reports/discrepancies?facility=ZZZ').set(api.auth('auditor')).set('Accept', 'text/csv').expect(200);
    expect(empty.text).toBe('rule,display,facility,severity,status,count\r\n');
  });

  it('gives the history of an order and its state as known at a time', async () => {
    const path = `/api/v1/orders/${encodeURIComponent(RX_SYSTEM)}/RX-1/history`;
    const then = await api.http().get(`${path}?asOf=${encodeURIComponent(plus(T1, 3))}`).set(api.auth('auditor')).expect(200);
    expect(then.body.order).toEqual({ system: RX_SYSTEM, value: 'RX-1' });
    expect(then.body.events.map((e: { type: string; recordedTime: string; knownAsOf: boolean; domain: string }) => [e.type, e.recordedTime, e.knownAsOf, e.domain])).toEqual([
      ['continuity.prescription.ordered', plus(T0, -2), true, 'prescriptions'],
      ['continuity.prescription.discontinued', plus(T1, 5), false, 'prescriptions'],
    ]);
    expect(then.body.state).toMatchObject({ known: true, kind: 'medication', status: 'active', events: 1, counts: { administrations: 0 } });
    expect(then.body.tasks.map((t: { focus: { identifier: { value: string } } }) => t.focus.identifier.value)).toEqual(['RX-2']);

    const now = await api.http().get(path).set(api.auth('auditor')).expect(200);
    expect(now.body.state).toMatchObject({ status: 'stopped', events: 2, lastEventType: 'continuity.prescription.discontinued' });

    const before = await api.http().get(`${path}?asOf=${encodeURIComponent(plus(T0, -3))}`).set(api.auth('auditor')).expect(200);
    expect(before.body.state).toMatchObject({ known: false, status: null });

    const orphan = await api.http().get(`/api/v1/orders/${encodeURIComponent(RX_SYSTEM)}/RX-PAPER/history`).set(api.auth('auditor')).expect(200);
    expect(orphan.body.state).toMatchObject({ kind: 'medication', status: null, counts: { administrations: 1 } });

    const audit = await api.sql.query(`SELECT actor, patient_keys FROM api.audit_log WHERE action = 'order.history' ORDER BY id`);
    expect(audit[0]).toEqual({ actor: 'audrey', patient_keys: ['PAT-A'] });
  });

  it('cannot write the reconcilers schemas through its history connection', async () => {
    const history = api.app.get<DataSource>(HISTORY_DATA_SOURCE);
    await expect(history.query(`INSERT INTO prescriptions.consumer_offsets (consumer_group, topic, partition, next_offset) VALUES ('x', 'y', 0, 0)`)).rejects.toThrow(
      /read-only transaction/,
    );
    const [{ n }] = await rx.dataSource.query(`SELECT count(*)::int AS n FROM prescriptions.consumer_offsets WHERE consumer_group = 'x'`);
    expect(n).toBe(0);
  });

  it('reports a recorded decision the engine does not take', async () => {
    // A decision appended to the reconciler's log by something other than its engine.
    const forged = taskRecord({ patientKey: 'PAT-B', order: 'RX-FORGED', authoredOn: plus(T1, 20) });
    const [{ topic, partition }] = await rx.dataSource.query(
      `SELECT kafka_topic AS topic, kafka_partition AS partition FROM prescriptions.events WHERE stream_id = 'patient-PAT-B' LIMIT 1`,
    );
    await rx.dataSource.transaction((em) => new EventStore('prescriptions').append(em, [taskChangeEvent('prescriptions', topic, partition, { kind: 'opened', task: forged })]));
    const result = await replay({ ...window, domains: ['prescriptions'] });
    expect(result.differences).toEqual([
      expect.objectContaining({ problem: 'not-replayed', taskId: forged.id, change: 'opened', partition, decidedAt: plus(T1, 20) }),
    ]);
  });
});
