import type { ParsedEvent } from '@continuity/contracts';
import { DOWNTIME_STARTED } from '@continuity/rules';
import { testEnvironment, waitFor } from '@continuity/testing';
import { fhirTask, taskMessage, type TaskSpec } from './testing/task-fixtures';
import { startApi, startPrescriptionsReconciler, type ApiHarness } from './testing/api-harness';
import { readJsonTopic } from './testing/read-topic';
import { message, orderedBefore, orderedOnPaper, RX_SYSTEM, stoppedLate, T0, T1 } from './testing/rx-scenario';
import type { SearchBundle } from './tasks/task-bundle';
import type { ServedTask } from './tasks/task-resource';

/**
 * Tasks end to end: a real prescriptions reconciler and the API on one database and unique
 * topics; the reconciler's tasks reach the API over Kafka, officers move them.
 */
describe('reconciliation-api: tasks (real Kafka and PostgreSQL)', () => {
  let api: ApiHarness;
  let rx: Awaited<ReturnType<typeof startPrescriptionsReconciler>>;

  beforeAll(async () => {
    api = await startApi('api_tasks');
    rx = await startPrescriptionsReconciler(api);
  });

  afterAll(async () => {
    await rx?.stop();
    await api?.close();
  });

  const search = async (query: string, role: 'officer' | 'auditor' = 'officer'): Promise<SearchBundle> => {
    const res = await api.http().get(`/fhir/Task${query}`).set(api.auth(role)).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
    return res.body as SearchBundle;
  };
  const transition = (id: string, body: unknown) => api.http().post(`/api/v1/tasks/${id}/transitions`).set(api.auth('officer')).send(body as object);

  describe('a duplicate order typed in from paper after a downtime declared through the API', () => {
    const patient = 'PAT-E2E-1';
    let task: ServedTask;

    it('opens a task the API serves', async () => {
      await api
        .http()
        .post('/api/v1/downtimes')
        .set(api.auth('officer'))
        .send({ facility: 'AVC', systems: ['ehr'], start: T0, end: T1, reason: 'power failure' })
        .expect(202);
      // The reconciler has the downtime before the orders arrive.
      await waitFor(
        async () => (await rx.dataSource.query(`SELECT count(*)::int AS n FROM prescriptions.events WHERE type = $1`, [DOWNTIME_STARTED]))[0].n === 1,
        { description: 'the declared downtime in the reconciler store' },
      );
      await api.publish(api.topics.prescriptions, [message(orderedBefore(patient, 'RX-1')), message(orderedOnPaper(patient, 'RX-2'))]);

      const bundle = await waitFor(async () => {
        const b = await search(`?patient=Patient/${patient}`);
        return b.total === 1 ? b : null;
      }, { description: 'the task in the search', timeoutMs: 60_000 });
      task = bundle.entry[0].resource;
      expect(task).toMatchObject({
        resourceType: 'Task',
        status: 'requested',
        intent: 'order',
        priority: 'stat',
        code: { coding: [{ system: 'urn:continuity:discrepancy', code: 'rx-duplicate-order' }] },
        for: { reference: `Patient/${patient}` },
        focus: { identifier: { system: RX_SYSTEM, value: 'RX-2' } },
        authoredOn: new Date(Date.parse(T1) + 2 * 3_600_000).toISOString(),
        meta: { versionId: '1' },
      });
      expect(task.extension).toEqual(expect.arrayContaining([{ url: 'urn:continuity:severity', valueCode: 'catastrophic' }]));
      await api.http().get(`/fhir/Task/${task.id}`).set(api.auth('auditor')).expect(200);
    });

    it('accepts it, stores the change as an event and publishes the new version once', async () => {
      const res = await transition(task.id, { status: 'accepted' }).expect(200);
      expect(res.body).toMatchObject({ id: task.id, status: 'accepted', meta: { versionId: '2' } });
      const stored = await api.sql.query(`SELECT source, type, data FROM api.events WHERE stream_id = $1 ORDER BY stream_version`, [`task-${task.id}`]);
      expect(stored.map((e: { type: string }) => e.type)).toEqual(['continuity.reconciliation.task', 'continuity.api.task.transitioned']);
      expect(stored[1].data).toMatchObject({ taskId: task.id, from: 'requested', to: 'accepted', by: { name: 'olivia', role: 'officer' } });

      const published = await waitFor(async () => {
        const records = await readJsonTopic(testEnvironment().brokers, api.topics.tasks);
        const mine = records.filter((r) => r.value.source === 'urn:continuity:api');
        return mine.length === 1 ? mine[0] : null;
      }, { description: 'the accepted Task on the tasks topic' });
      expect(published.key).toBe(patient);
      expect(published.value).toMatchObject({ type: 'continuity.reconciliation.task', subject: `Patient/${patient}`, data: { id: task.id, status: 'accepted' } });
      // Read back by the API's own consumer, it is a duplicate of what it stored: nothing changes.
      await waitFor(() => api.tasksConsumed(), { description: 'the echo consumed' });
      const after = await api.http().get(`/fhir/Task/${task.id}`).set(api.auth('officer')).expect(200);
      expect(after.body.meta.versionId).toBe('2');
    });

    it('keeps it accepted when the reconciler finds it resolved, noting why', async () => {
      await api.publish(api.topics.prescriptions, [message(stoppedLate(patient, 'RX-1'))]);
      const kept = await waitFor(async () => {
        const res = await api.http().get(`/fhir/Task/${task.id}`).set(api.auth('officer')).expect(200);
        return (res.body as ServedTask).note ? (res.body as ServedTask) : null;
      }, { description: 'the reconciler cancellation', timeoutMs: 60_000 });
      expect(kept.status).toBe('accepted');
      expect(kept.note?.[0].text).toMatch(/resolved by later events; the task stays accepted because an officer has taken it/);
      const [row] = await api.sql.query(`SELECT status, system_status FROM api.tasks WHERE id = $1`, [task.id]);
      expect(row).toEqual({ status: 'accepted', system_status: 'cancelled' });
      const events = await api.sql.query(`SELECT type FROM api.events WHERE stream_id = $1 ORDER BY stream_version`, [`task-${task.id}`]);
      expect(events.map((e: { type: string }) => e.type)).toEqual([
        'continuity.reconciliation.task',
        'continuity.api.task.transitioned',
        'continuity.reconciliation.task',
        'continuity.api.task.change-kept',
      ]);
    });

    it('refuses illegal transitions with 409 problem+json and leaves the task as it was', async () => {
      const back = await transition(task.id, { status: 'requested' }).expect(409);
      expect(back.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(back.body).toMatchObject({
        type: 'urn:continuity:problem:TASK.ILLEGAL_TRANSITION',
        status: 409,
        code: 'TASK.ILLEGAL_TRANSITION',
        detail: 'status: a accepted task cannot become requested (allowed: in-progress, completed, rejected)',
        currentStatus: 'accepted',
        allowed: ['in-progress', 'completed', 'rejected'],
      });
      expect(back.body.patientKey).toBeUndefined();
      const cancel = await transition(task.id, { status: 'cancelled' }).expect(409);
      expect(cancel.body.detail).toMatch(/only a reconciler cancels a task/);

      await transition(task.id, { status: 'in-progress' }).expect(200);
      const missing = await transition(task.id, { status: 'rejected' }).expect(400);
      expect(missing.body).toMatchObject({ code: 'REQUEST.INVALID', errors: [{ field: 'reason', detail: 'is required to reject a task' }] });
      const blank = await transition(task.id, { status: 'rejected', reason: '  ' }).expect(400);
      expect(blank.body.errors).toEqual([{ field: 'reason', detail: 'is required to reject a task' }]);

      await transition(task.id, { status: 'completed' }).expect(200);
      const final = await transition(task.id, { status: 'rejected', reason: 'too late' }).expect(409);
      expect(final.body.detail).toBe('status: a completed task cannot become rejected (completed is final)');
      const now = await api.http().get(`/fhir/Task/${task.id}`).set(api.auth('officer')).expect(200);
      expect(now.body).toMatchObject({ status: 'completed', meta: { versionId: '5' } });
    });

    it('answers 404 problem+json for a task that does not exist', async () => {
      const res = await transition('no-such-task', { status: 'accepted' }).expect(404);
      expect(res.body).toMatchObject({ code: 'TASK.NOT_FOUND', status: 404 });
      await api.http().get('/fhir/Task/no-such-task').set(api.auth('officer')).expect(404);
    });

    it('rejects a task with its reason as statusReason', async () => {
      const other = fhirTask({ patientKey: 'PAT-E2E-2', order: 'RX-9' });
      await api.publish(api.topics.tasks, [taskMessage(other)]);
      await waitFor(async () => (await api.http().get(`/fhir/Task/${other.id}`).set(api.auth('officer'))).status === 200, { description: 'the task' });
      const res = await transition(other.id, { status: 'rejected', reason: 'same paper order entered twice by the same nurse' }).expect(200);
      expect(res.body).toMatchObject({ status: 'rejected', statusReason: { text: 'same paper order entered twice by the same nurse' } });
    });

    it('wrote the audit trail: who read which patient, who changed what, and refused attempts', async () => {
      const rows = await api.sql.query(
        `SELECT actor, role, action, outcome, resource_ids, patient_keys, request_id, occurred_at FROM api.audit_log WHERE $1 = ANY(resource_ids) ORDER BY id`,
        [task.id],
      );
      const summary = rows.map((r: { actor: string; action: string; outcome: string }) => `${r.actor} ${r.action} ${r.outcome}`);
      expect(summary).toEqual(
        expect.arrayContaining([
          'olivia task.search ok',
          'audrey task.read ok',
          'olivia task.transition ok',
          'olivia task.transition denied',
        ]),
      );
      expect(summary.filter((s: string) => s === 'olivia task.transition ok')).toHaveLength(3);
      for (const row of rows) {
        expect(row.patient_keys).toEqual([patient]);
        expect(row.request_id).toEqual(expect.any(String));
        expect(row.occurred_at).toBeInstanceOf(Date);
      }
      await expect(api.sql.query(`UPDATE api.audit_log SET actor = 'mallory'`)).rejects.toThrow(/append-only/);
      await expect(api.sql.query(`DELETE FROM api.audit_log`)).rejects.toThrow(/append-only/);
    });
  });

  describe('search over tasks published on the tasks topic', () => {
    const facilities = ['AVC', 'BCT'];
    const rules = ['rx-duplicate-order', 'lab-not-collected', 'sched-double-booking'] as const;
    const priorities = ['stat', 'asap', 'urgent', 'routine'] as const;
    const specs: TaskSpec[] = Array.from({ length: 25 }, (_, i) => ({
      patientKey: `PAT-S-${i % 5}`,
      facility: facilities[i % 2],
      rule: rules[i % 3],
      priority: priorities[i % 4],
      order: `SRCH-${i}`,
      authoredOn: new Date(Date.parse('2024-08-05T00:00:00Z') + i * 3_600_000).toISOString(),
    }));
    const tasks = specs.map((s) => fhirTask(s));
    // Newest authored first, as the API pages them.
    const expected = (keep: (s: TaskSpec) => boolean) =>
      specs.map((s, i) => ({ s, id: tasks[i].id, at: Date.parse(s.authoredOn ?? '') })).filter(({ s }) => keep(s)).sort((a, b) => b.at - a.at).map((x) => x.id);
    const window = 'authored-on=ge2024-08-05&authored-on=lt2024-08-07';

    beforeAll(async () => {
      await api.publish(api.topics.tasks, tasks.map((t) => taskMessage(t)));
      await waitFor(async () => (await search(`?${window}&_count=0`)).total === 25, { description: 'the 25 tasks', timeoutMs: 60_000 });
    });

    it('pages through every match once, newest first, following the next links', async () => {
      const seen: string[] = [];
      let url: string | undefined = `/fhir/Task?${window}&_count=7`;
      let pages = 0;
      while (url !== undefined) {
        const bundle = await search(url.replace(/^\/fhir\/Task/, ''));
        expect(bundle.total).toBe(25);
        seen.push(...bundle.entry.map((e) => e.resource.id));
        const next = bundle.link.find((l) => l.relation === 'next')?.url;
        url = next === undefined ? undefined : new URL(next).pathname + new URL(next).search;
        pages += 1;
      }
      expect(pages).toBe(4);
      expect(seen).toEqual(expected(() => true));
    });

    it.each([
      ['status', 'status=requested', () => true],
      ['code', 'code=urn:continuity:discrepancy|lab-not-collected', (s: TaskSpec) => s.rule === 'lab-not-collected'],
      ['patient', 'patient=Patient/PAT-S-3', (s: TaskSpec) => s.patientKey === 'PAT-S-3'],
      ['facility', 'facility=BCT', (s: TaskSpec) => s.facility === 'BCT'],
      ['priority', 'priority=stat,asap', (s: TaskSpec) => s.priority === 'stat' || s.priority === 'asap'],
      ['authored period', 'authored-on=ge2024-08-05T05:00:00Z&authored-on=lt2024-08-05T09:00:00Z', (s: TaskSpec) => s.order === 'SRCH-5' || s.order === 'SRCH-6' || s.order === 'SRCH-7' || s.order === 'SRCH-8'],
      ['several at once', 'facility=AVC&code=rx-duplicate-order&priority=stat', (s: TaskSpec) => s.facility === 'AVC' && s.rule === 'rx-duplicate-order' && s.priority === 'stat'],
    ])('filters by %s', async (_label, query, keep) => {
      const bundle = await search(`?${window}&${query}&_count=100`);
      const ids = expected(keep);
      expect(bundle.total).toBe(ids.length);
      expect(bundle.entry.map((e) => e.resource.id)).toEqual(ids);
    });

    it('shows a reconciler cancellation, and a redelivery changes nothing', async () => {
      const first = tasks[0];
      const cancelled = fhirTask({ ...specs[0], status: 'cancelled', lastModified: '2024-08-06T12:00:00Z' });
      await api.publish(api.topics.tasks, [taskMessage(cancelled, 2), ...tasks.slice(0, 5).map((t) => taskMessage(t))]);
      const res = await waitFor(async () => {
        const r = await api.http().get(`/fhir/Task/${first.id}`).set(api.auth('officer')).expect(200);
        return r.body.status === 'cancelled' ? r : null;
      }, { description: 'the cancellation' });
      expect(res.body).toMatchObject({ status: 'cancelled', lastModified: '2024-08-06T12:00:00.000Z', meta: { versionId: '2' } });
      await waitFor(() => api.tasksConsumed(), { description: 'the redelivery consumed' });
      const [{ n }] = await api.sql.query(`SELECT count(*)::int AS n FROM api.events WHERE stream_id = ANY($1::text[])`, [tasks.slice(0, 5).map((t) => `task-${t.id}`)]);
      expect(n).toBe(6);
      expect((await search(`?${window}&status=cancelled`)).total).toBe(1);
    });

    it('refuses a malformed search with 400 naming the parameter', async () => {
      const res = await api.http().get('/fhir/Task?status=done&_count=500').set(api.auth('officer')).expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['_count', 'status']);
    });
  });

  it('stored every consumed Task CloudEvent once, with its parsed envelope', async () => {
    const rows: Array<{ data: ParsedEvent }> = await api.sql.query(`SELECT data FROM api.events WHERE type = 'continuity.reconciliation.task'`);
    const ids = rows.map((r) => `${r.data.source}#${r.data.id}`);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
