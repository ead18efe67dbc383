import { appointmentSlot, makeAppointmentBooked, makeAppointmentCancelled, makeAppointmentSynced, makeHeartbeat } from '@continuity/contracts';
import { EventStore } from '@continuity/event-store';
import { SHARED_STAGE_PARTITION, sharedStageTopic, taskChangeEvent, type TaskChangeData } from '@continuity/reconciler';
import { DOWNTIME_STARTED } from '@continuity/rules';
import { schedulingRuleSet } from '@continuity/scheduling';
import { waitFor } from '@continuity/testing';
import { startApi, startReconciler, type ApiHarness, type HarnessReconciler } from './testing/api-harness';
import { message, plus, T0, T1 } from './testing/rx-scenario';
import type { SearchBundle } from './tasks/task-bundle';

/**
 * The API's replay of the scheduling reconciler's shared stage (the practitioner half of
 * sched-double-booking) against a real reconciler's store: a weekend outage declared through the
 * API, a paper booking that clashes with a practitioner's online one, a second clash whose late
 * cancel resolves it, and a back-to-back booking that does not clash.
 */
describe('reconciliation-api: replay of the practitioner stage (real Kafka and PostgreSQL)', () => {
  let api: ApiHarness;
  let sched: HarnessReconciler;
  const window = { from: plus(T0, -48), to: plus(T1, 48), domains: ['scheduling'] };
  /** Where the stage's decisions are filed, in the store and in a replay's report. */
  const STAGE_TOPIC = 'stage:practitioner';
  // Starts more than a day after the outage: no unresolved-appointment expectation falls due.
  const START = plus(T1, 40);
  const paper = { entrymode: 'backentry' as const };
  const slot = appointmentSlot;
  // P1 online before the outage; P2 and P3 on paper, overlapping P1; P4 right after P1 and P2 end.
  const p1 = slot('APT-1', 'PAT-S1', START, 60);
  const p2 = slot('APT-2', 'PAT-S2', plus(START, 0.5), 30);
  const p3 = slot('APT-3', 'PAT-S3', plus(START, -0.5), 60);
  const p4 = slot('APT-4', 'PAT-S4', plus(START, 1), 30);

  beforeAll(async () => {
    api = await startApi('api_practitioner');
    sched = await startReconciler(api, 'scheduling');
    await api.http().post('/api/v1/downtimes').set(api.auth('admin')).send({ facility: 'AVC', systems: ['ehr'], start: T0, end: T1 }).expect(202);
    await waitFor(async () => (await storeCount(`type = '${DOWNTIME_STARTED}'`)) === 1, { description: 'the downtime in the reconciler store' });
    await api.publish(api.topics.scheduling, [
      message(makeAppointmentBooked({ ...p1, time: plus(T0, -30) })),
      message(makeAppointmentSynced({ ...p1, time: plus(T0, -29.9) })),
      message(makeAppointmentBooked({ ...p2, ...paper, time: plus(T0, 2), recordedtime: plus(T1, 1) })),
      message(makeAppointmentSynced({ ...p2, time: plus(T1, 1.1) })),
      message(makeAppointmentBooked({ ...p3, ...paper, time: plus(T0, 3), recordedtime: plus(T1, 1) })),
      message(makeAppointmentSynced({ ...p3, time: plus(T1, 1.1) })),
      message(makeAppointmentBooked({ ...p4, ...paper, time: plus(T0, 4), recordedtime: plus(T1, 1) })),
      message(makeAppointmentSynced({ ...p4, time: plus(T1, 1.1) })),
    ]);
    await waitFor(async () => (await storeCount(`stream_id LIKE 'patient-%'`)) === 8, { description: 'the bookings in the reconciler store' });
    // Time passes past the recorded times of the back-entries (the downtime topic bounds the clock).
    await api.publish(api.topics.downtime, [message(makeHeartbeat({ id: 'hb-1', time: plus(T1, 2) }))]);
    await waitFor(async () => (await taskCount()) === 2, { description: 'the two clashes in the API', timeoutMs: 60_000 });
    // P3's cancel, made on paper during the outage, is typed in: its clash resolves itself.
    await api.publish(api.topics.scheduling, [message(makeAppointmentCancelled({ ...p3, ...paper, time: plus(T0, 5), recordedtime: plus(T1, 3) }))]);
    await api.publish(api.topics.downtime, [message(makeHeartbeat({ id: 'hb-2', time: plus(T1, 4) }))]);
    await waitFor(async () => (await taskCount('?status=cancelled')) === 1 && (await api.tasksConsumed()), { description: 'the cancellation in the API', timeoutMs: 60_000 });
  });

  afterAll(async () => {
    await sched?.stop();
    await api?.close();
  });

  async function storeCount(where: string): Promise<number> {
    const [{ n }] = await sched.dataSource.query(`SELECT count(*)::int AS n FROM ${sched.schema}.events WHERE ${where}`);
    return n;
  }

  async function taskCount(query = ''): Promise<number> {
    const res = await api.http().get(`/fhir/Task${query}${query ? '&' : '?'}_count=0`).set(api.auth('auditor')).expect(200);
    return (res.body as SearchBundle).total;
  }

  /** The task decisions the reconciler recorded in [from, to], in position order. */
  async function recordedDecisions(from: string, to: string): Promise<TaskChangeData[]> {
    const rows: Array<{ data: TaskChangeData }> = await sched.dataSource.query(
      `SELECT data FROM ${sched.schema}.events WHERE type LIKE 'continuity.task.%' AND clinical_time BETWEEN $1 AND $2 ORDER BY position`,
      [from, to],
    );
    return rows.map((r) => r.data);
  }

  async function replay(body: Record<string, unknown>) {
    const created = await api.http().post('/api/v1/replays').set(api.auth('auditor')).send(body).expect(202);
    return waitFor(async () => {
      const res = await api.http().get(`/api/v1/replays/${created.body.id}`).set(api.auth('auditor')).expect(200);
      return res.body.status === 'done' || res.body.status === 'failed' ? res.body : null;
    }, { description: 'the replay to finish', timeoutMs: 60_000 });
  }

  it('opens one sched-double-booking task per clash, for the paper-booked patient, and cancels the resolved one', async () => {
    const bundle = (await api.http().get('/fhir/Task?_count=10').set(api.auth('auditor')).expect(200)).body as SearchBundle;
    // No other scheduling rule fired, and neither the online booking nor the near-miss has a task.
    expect(bundle.total).toBe(2);
    const served = bundle.entry.map(({ resource: t }) => ({ code: t.code.coding[0].code, for: t.for.identifier.value, focus: t.focus.identifier.value, status: t.status }));
    expect(served.sort((a, b) => a.for.localeCompare(b.for))).toEqual([
      { code: 'sched-double-booking', for: p2.patientKey, focus: p2.appointment, status: 'requested' },
      { code: 'sched-double-booking', for: p3.patientKey, focus: p3.appointment, status: 'cancelled' },
    ]);
  });

  it('replays the stage to exactly the recorded decisions', async () => {
    const result = await replay(window);
    const recorded = await recordedDecisions(window.from, window.to);
    // Every decision of this scenario is the shared stage's, filed under its topic.
    expect(recorded.map((d) => `${d.topic}#${d.partition}`)).toEqual(recorded.map(() => `${STAGE_TOPIC}#${SHARED_STAGE_PARTITION}`));
    expect(recorded.map((d) => `${d.change.kind} ${d.change.task.finding.patientKey}`).sort()).toEqual([
      `cancelled ${p3.patientKey}`,
      `opened ${p2.patientKey}`,
      `opened ${p3.patientKey}`,
    ]);
    expect(result).toMatchObject({
      status: 'done',
      domains: ['scheduling'],
      ruleSetVersions: { scheduling: schedulingRuleSet().version },
      recorded: recorded.length,
      differences: [],
    });
    type Replayed = { topic: string; partition: number; change: string; taskId: string };
    expect(result.tasks.map((t: Replayed) => `${t.change} ${t.taskId}`).sort()).toEqual(recorded.map((d) => `${d.change.kind} ${d.change.task.id}`).sort());
    expect(new Set(result.tasks.map((t: Replayed) => `${t.topic}#${t.partition}`))).toEqual(new Set([`${STAGE_TOPIC}#${SHARED_STAGE_PARTITION}`]));
    // The tasks the API serves are the ones the replay opens.
    const served = (await api.http().get('/fhir/Task?_count=10').set(api.auth('auditor')).expect(200)).body as SearchBundle;
    const opened = result.tasks.filter((t: Replayed) => t.change === 'opened').map((t: Replayed) => t.taskId);
    expect([...opened].sort()).toEqual(served.entry.map((e) => e.resource.id).sort());
    // The scheduling topic's partitions it consumed, then the stage as one more log.
    const consumed: Array<{ n: number }> = await sched.dataSource.query(
      `SELECT count(DISTINCT partition)::int AS n FROM ${sched.schema}.consumer_offsets WHERE topic = $1`,
      [api.topics.scheduling],
    );
    expect(result.progress.partitionsTotal).toBe(consumed[0].n + 1);
    expect(result.progress.partitionsDone).toBe(result.progress.partitionsTotal);
    expect(result.progress.events).toBeGreaterThanOrEqual(9);
  });

  it('splits at the cancel: each side replays to the decisions recorded in it only', async () => {
    const all = await recordedDecisions(window.from, window.to);
    const cancel = all.find((d) => d.change.kind === 'cancelled');
    if (!cancel) throw new Error('no cancel recorded');
    const cancelAt = new Date(cancel.change.task.lastModified).toISOString();
    const before = { ...window, to: new Date(cancel.change.task.lastModified - 1).toISOString() };
    const after = { ...window, from: cancelAt };
    const lines = (ds: TaskChangeData[]) => ds.map((d) => `${d.change.kind} ${d.change.task.id}`).sort();
    const replayedLines = (r: { tasks: Array<{ change: string; taskId: string }> }) => r.tasks.map((t) => `${t.change} ${t.taskId}`).sort();
    const [early, late] = [await replay(before), await replay(after)];
    expect([early.status, early.differences, late.status, late.differences]).toEqual(['done', [], 'done', []]);
    expect(replayedLines(early)).toEqual(lines(await recordedDecisions(before.from, before.to)));
    expect(replayedLines(late)).toEqual(lines(await recordedDecisions(after.from, after.to)));
    expect(replayedLines(early)).not.toContain(`cancelled ${cancel.change.task.id}`);
    expect(replayedLines(late)).toContain(`cancelled ${cancel.change.task.id}`);
    expect([...replayedLines(early), ...replayedLines(late)].sort()).toEqual(lines(all));
  });

  it('reports a recorded stage decision the engine does not take', async () => {
    // P2's clash closed by something other than the stage's engine, a day after the outage.
    const [opened] = (await recordedDecisions(window.from, window.to)).filter((d) => d.change.kind === 'opened' && d.change.task.finding.patientKey === p2.patientKey);
    const at = plus(T1, 20);
    const forged = { ...opened.change.task, status: 'cancelled' as const, lastModified: Date.parse(at) };
    const topic = sharedStageTopic('practitioner');
    await sched.dataSource.transaction((em) =>
      new EventStore(sched.schema).append(em, [taskChangeEvent('scheduling', topic, SHARED_STAGE_PARTITION, { kind: 'cancelled', task: forged })]),
    );
    const result = await replay(window);
    expect(result.status).toBe('done');
    expect(result.differences).toEqual([
      expect.objectContaining({
        problem: 'not-replayed',
        domain: 'scheduling',
        topic: STAGE_TOPIC,
        partition: SHARED_STAGE_PARTITION,
        change: 'cancelled',
        taskId: forged.id,
        decidedAt: at,
        recorded: expect.objectContaining({ status: 'cancelled', for: expect.objectContaining({ identifier: expect.objectContaining({ value: p2.patientKey }) }) }),
      }),
    ]);
  });
});
