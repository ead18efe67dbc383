import { testEnvironment, waitFor } from '@continuity/testing';
import { fhirTask, taskMessage } from './testing/task-fixtures';
import { KEYS, startApi, type ApiHarness, type TestRole } from './testing/api-harness';
import { readJsonTopic } from './testing/read-topic';

type Caller = TestRole | 'none' | 'unknown';
type Expect = 'ok' | 401 | 403;

/**
 * Access control and the HTTP edge, end to end: the role matrix of CONTRACT.md §6, 401 versus
 * 403, strict validation (400 problem+json naming the field), rate and size limits, health,
 * metrics, OpenAPI, logs without patient data, and the heartbeat.
 */
describe('reconciliation-api: security and operations (real Kafka and PostgreSQL)', () => {
  let api: ApiHarness;
  const task = fhirTask({ patientKey: 'PAT-SECRET-7731', order: 'RX-SEC-1' });
  const replayBody = { from: '2024-08-03T00:00:00Z', to: '2024-08-06T00:00:00Z' };
  let replayId: string;

  beforeAll(async () => {
    api = await startApi('api_security', { API_RATE_LIMIT_PER_MINUTE: '300', API_HEARTBEAT_SECONDS: '1' });
    await api.publish(api.topics.tasks, [taskMessage(task)]);
    await waitFor(() => api.tasksConsumed(), { description: 'the task consumed' });
    const replay = await api.http().post('/api/v1/replays').set(api.auth('auditor')).send(replayBody).expect(202);
    replayId = replay.body.id;
  });

  afterAll(async () => {
    await api?.close();
  });

  const headersOf = (caller: Caller): Record<string, string> =>
    caller === 'none' ? {} : { Authorization: `Bearer ${caller === 'unknown' ? 'not-a-key' : KEYS[caller]}` };

  /** Each route of CONTRACT.md §6 with a valid request, and who may call it. */
  const routes: Array<{ name: string; allowed: TestRole[]; call: (caller: Caller) => Promise<{ status: number; body: Record<string, unknown>; headers: Record<string, string> }> }> = [
    { name: 'GET /fhir/Task', allowed: ['officer', 'auditor'], call: (c) => api.http().get('/fhir/Task?_count=1').set(headersOf(c)) },
    { name: 'GET /fhir/Task/{id}', allowed: ['officer', 'auditor'], call: (c) => api.http().get(`/fhir/Task/${task.id}`).set(headersOf(c)) },
    {
      name: 'POST /api/v1/tasks/{id}/transitions',
      allowed: ['officer'],
      // An illegal transition is a 409 for the officer: authorised, and the task stays open for the other rows.
      call: (c) => api.http().post(`/api/v1/tasks/${task.id}/transitions`).set(headersOf(c)).send({ status: 'completed' }),
    },
    { name: 'GET /api/v1/reports/discrepancies', allowed: ['officer', 'auditor'], call: (c) => api.http().get('/api/v1/reports/discrepancies').set(headersOf(c)) },
    {
      name: 'POST /api/v1/downtimes',
      allowed: ['officer', 'admin'],
      call: (c) => api.http().post('/api/v1/downtimes').set(headersOf(c)).send({ facility: 'AVC', systems: ['ehr'], start: '2024-08-03T10:00:00Z' }),
    },
    { name: 'POST /api/v1/replays', allowed: ['auditor'], call: (c) => api.http().post('/api/v1/replays').set(headersOf(c)).send(replayBody) },
    { name: 'GET /api/v1/replays/{id}', allowed: ['auditor'], call: (c) => api.http().get(`/api/v1/replays/${replayId}`).set(headersOf(c)) },
    {
      name: 'GET /api/v1/orders/{system}/{value}/history',
      allowed: ['auditor'],
      // No reconciler stored anything here: 404 for the auditor, who is allowed to ask.
      call: (c) => api.http().get(`/api/v1/orders/${encodeURIComponent('urn:continuity:fixture:rx-order')}/RX-SEC-1/history`).set(headersOf(c)),
    },
  ];
  const okStatus: Record<string, number> = {
    'POST /api/v1/tasks/{id}/transitions': 409,
    'GET /api/v1/orders/{system}/{value}/history': 404,
    'POST /api/v1/downtimes': 202,
    'POST /api/v1/replays': 202,
  };
  const callers: Caller[] = ['officer', 'auditor', 'publisher', 'admin', 'none', 'unknown'];
  const matrix = routes.flatMap((route) =>
    callers.map((caller): [string, Caller, Expect] => [
      route.name,
      caller,
      caller === 'none' || caller === 'unknown' ? 401 : route.allowed.includes(caller) ? 'ok' : 403,
    ]),
  );

  it.each(matrix)('%s as %s → %s', async (name, caller, expected) => {
    const route = routes.find((r) => r.name === name);
    if (!route) throw new Error(`no route ${name}`);
    const res = await route.call(caller);
    if (expected === 'ok') {
      expect(res.status).toBe(okStatus[name] ?? 200);
      return;
    }
    expect(res.status).toBe(expected);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: expected, code: expected === 401 ? 'AUTH.UNAUTHENTICATED' : 'AUTH.FORBIDDEN' });
    if (expected === 401) expect(res.headers['www-authenticate']).toBe('Bearer');
  });

  it.each(callers)('GET /health and GET /metrics need no key (%s)', async (caller) => {
    await api.http().get('/health').set(headersOf(caller)).expect(200);
    const metrics = await api.http().get('/metrics').set(headersOf(caller)).expect(200);
    expect(metrics.text).toMatch(/continuity_api_access_refused_total\{status="403",service="api"\}/);
  });

  it('records refused accesses in the audit log', async () => {
    const rows = await api.sql.query(`SELECT actor, role, detail FROM api.audit_log WHERE action = 'access.denied' AND actor = 'paul'`);
    expect(rows).toHaveLength(routes.length);
    expect(rows[0]).toMatchObject({ role: 'publisher', detail: { method: expect.any(String), route: expect.stringMatching(/^\//) } });
  });

  describe('strict request validation', () => {
    it.each([
      ['an unknown status', `/api/v1/tasks/${task.id}/transitions`, 'officer', { status: 'done' }, 'status', /must be one of/],
      ['an unknown field', `/api/v1/tasks/${task.id}/transitions`, 'officer', { status: 'accepted', note: 'x' }, 'note', /should not exist/],
      ['a reason that is not text', `/api/v1/tasks/${task.id}/transitions`, 'officer', { status: 'accepted', reason: 42 }, 'reason', /must be a string/],
      ['a downtime without systems', '/api/v1/downtimes', 'officer', { facility: 'AVC', start: '2024-08-03T10:00:00Z' }, 'systems', /array/],
      ['a downtime start without zone', '/api/v1/downtimes', 'admin', { facility: 'AVC', systems: [], start: '2024-08-03T10:00:00' }, 'start', /time zone/],
      ['a downtime ending before it starts', '/api/v1/downtimes', 'admin', { facility: 'AVC', systems: [], start: '2024-08-03T10:00:00Z', end: '2024-08-02T10:00:00Z' }, 'end', /before start/],
      ['a bad facility', '/api/v1/downtimes', 'admin', { facility: 'A VC', systems: [], start: '2024-08-03T10:00:00Z' }, 'facility', /site code/],
      ['a replay of an unknown domain', '/api/v1/replays', 'auditor', { ...replayBody, domains: ['radiology'] }, 'domains', /must be one of/],
      ['a replay window upside down', '/api/v1/replays', 'auditor', { from: replayBody.to, to: replayBody.from }, 'to', /before from/],
      ['a replay with a smuggled field', '/api/v1/replays', 'auditor', { ...replayBody, patient: 'Patient/123' }, 'patient', /should not exist/],
    ])('rejects %s with 400 naming the field', async (_label, path, role, body, field, detail) => {
      const res = await api.http().post(path).set(api.auth(role as TestRole)).send(body).expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 400, code: 'REQUEST.INVALID' });
      const named = (res.body.errors as Array<{ field: string; detail: string }>).filter((e) => e.field === field);
      expect(named.length).toBeGreaterThan(0);
      expect(named.map((e) => e.detail).join('; ')).toMatch(detail);
    });

    it.each([
      ['report', 'from', '/api/v1/reports/discrepancies?from=yesterday', 'officer'],
      ['report', 'colour', '/api/v1/reports/discrepancies?colour=blue', 'officer'],
      ['history', 'asOf', `/api/v1/orders/x/y/history?asOf=2024-08-03`, 'auditor'],
      ['search', '_sort', '/fhir/Task?_sort=priority', 'auditor'],
    ])('rejects a bad %s query with 400 naming %s', async (_label, field, path, role) => {
      const res = await api.http().get(path).set(api.auth(role as TestRole)).expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('answers malformed JSON with 400 problem+json that does not quote it', async () => {
      const res = await api
        .http()
        .post('/api/v1/downtimes')
        .set(api.auth('officer'))
        .set('content-type', 'application/json')
        .send('{"facility": "Patient/2750312345678"')
        .expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(JSON.stringify(res.body)).not.toContain('2750312345678');
    });

    it('refuses a body over the size limit with 413', async () => {
      const res = await api
        .http()
        .post('/api/v1/downtimes')
        .set(api.auth('officer'))
        .send({ facility: 'AVC', systems: [], start: '2024-08-03T10:00:00Z', reason: 'x'.repeat(200_000) });
      expect(res.status).toBe(413);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    });

    it('answers 400 for a replay id that is not a UUID', async () => {
      await api.http().get('/api/v1/replays/not-a-uuid').set(api.auth('auditor')).expect(400);
    });
  });

  it('serves the OpenAPI document at /docs with every route of the contract', async () => {
    await api.http().get('/docs').expect(200);
    const doc = await api.http().get('/docs-json').expect(200);
    expect(Object.keys(doc.body.paths).sort()).toEqual(
      [
        '/api/v1/downtimes',
        '/api/v1/orders/{system}/{value}/history',
        '/api/v1/replays',
        '/api/v1/replays/{id}',
        '/api/v1/reports/discrepancies',
        '/api/v1/tasks/{id}/transitions',
        '/fhir/Task',
        '/fhir/Task/{id}',
        '/health',
        '/health/live',
        '/metrics',
      ].sort(),
    );
    expect(doc.body.components.securitySchemes).toHaveProperty('bearer');
  });

  it('reports database and broker readiness', async () => {
    const res = await api.http().get('/health').expect(200);
    expect(res.body.details).toEqual({ database: { status: 'up' }, broker: { status: 'up' } });
  });

  it('logs requests with their id and without patient data', async () => {
    const res = await api.http().get('/fhir/Task?patient=Patient/PAT-SECRET-7731').set(api.auth('officer')).set('x-request-id', 'req-e2e-42').expect(200);
    expect(res.body.total).toBe(1);
    expect(res.headers['x-request-id']).toBe('req-e2e-42');
    const line = await waitFor(() => api.logs.find((l) => l.requestId === 'req-e2e-42' || (l.req as { id?: string } | undefined)?.id === 'req-e2e-42'), {
      description: 'the request log line',
    });
    expect(line).toBeDefined();
    const all = JSON.stringify(api.logs);
    expect(all).not.toContain('PAT-SECRET-7731');
    expect(all).not.toContain(KEYS.officer);
  });

  it('publishes its heartbeat on the downtime topic', async () => {
    const beat = await waitFor(async () => {
      const records = await readJsonTopic(testEnvironment().brokers, api.topics.downtime);
      return records.find((r) => r.value.type === 'continuity.source.heartbeat');
    }, { description: 'a heartbeat', timeoutMs: 30_000 });
    expect(beat.value).toMatchObject({ source: 'urn:continuity:api', facility: '*', data: { facility: '*', system: 'continuity-api' } });
    expect(Math.abs(Date.parse(beat.value.time as string) - Date.now())).toBeLessThan(5 * 60_000);
  });

  it('limits the requests of one key per minute with 429, other keys unaffected', async () => {
    let limited = 0;
    for (let i = 0; i < 320 && limited === 0; i++) {
      const res = await api.http().get('/fhir/Task/x').set(api.auth('publisher'));
      if (res.status === 429) {
        limited += 1;
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.headers['retry-after-per-key']).toBeDefined();
      } else {
        expect(res.status).toBe(403);
      }
    }
    expect(limited).toBe(1);
    await api.http().get('/fhir/Task?_count=1').set(api.auth('auditor')).expect(200);
  });
});
