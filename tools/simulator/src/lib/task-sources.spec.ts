import { readTasksFromApi } from './task-sources';

const taskJson = (id: string, status = 'requested') => ({
  resourceType: 'Task', id, status, code: { coding: [{ system: 'urn:continuity:discrepancy', code: 'lab-not-collected' }] },
  for: { identifier: { system: 'urn:continuity:patient-key', value: 'P1' } }, focus: { identifier: { system: 's', value: id } },
});

describe('readTasksFromApi', () => {
  it('pages through next links with the bearer key', async () => {
    const seen: Array<{ url: string; auth: string | undefined }> = [];
    const pages: Record<string, unknown> = {
      'http://api:3000/fhir/Task?_count=2': { total: 3, entry: [{ resource: taskJson('a') }, { resource: taskJson('b') }], link: [{ relation: 'next', url: '/fhir/Task?_count=2&_offset=2' }] },
      'http://api:3000/fhir/Task?_count=2&_offset=2': { total: 3, entry: [{ resource: taskJson('c', 'cancelled') }], link: [{ relation: 'self', url: '/x' }] },
    };
    const fetchImpl = (async (url: string, init?: { headers?: Record<string, string> }) => {
      seen.push({ url, auth: init?.headers?.Authorization });
      const body = pages[url];
      return { ok: body !== undefined, status: body ? 200 : 404, json: async () => body };
    }) as unknown as typeof fetch;
    const log = await readTasksFromApi({ baseUrl: 'http://api:3000', apiKey: 'secret', pageSize: 2, fetchImpl });
    expect(log.tasks().map((t) => [t.id, t.status])).toEqual([['a', 'requested'], ['b', 'requested'], ['c', 'cancelled']]);
    expect(seen).toEqual([
      { url: 'http://api:3000/fhir/Task?_count=2', auth: 'Bearer secret' },
      { url: 'http://api:3000/fhir/Task?_count=2&_offset=2', auth: 'Bearer secret' },
    ]);
  });

  it('fails on an error status, naming the URL', async () => {
    const fetchImpl = (async () => ({ ok: false, status: 401, json: async () => ({}) })) as unknown as typeof fetch;
    await expect(readTasksFromApi({ baseUrl: 'http://api', apiKey: 'k', fetchImpl })).rejects.toThrow(/401/);
  });
});
