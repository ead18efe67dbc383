import { fhirTask } from '../testing/task-fixtures';
import { projectSystemChange } from './task-projection';
import { readIncomingTask } from './task-resource';
import { searchBundle } from './task-bundle';
import { parseTaskSearch, type TaskSearch } from './task-search.params';

function search(query: Record<string, string>): TaskSearch {
  const parsed = parseTaskSearch(query);
  if (!parsed.ok) throw new Error('bad search');
  return parsed.search;
}

const served = () => {
  const task = fhirTask();
  const reading = readIncomingTask(task, `Patient/${task.for.identifier.value}`);
  if (!reading.ok) throw new Error(reading.reason);
  return projectSystemChange(undefined, reading.value).row.resource;
};

describe('searchBundle', () => {
  const base = 'https://api.test/';

  it('is a searchset with total, entries and their full URLs', () => {
    const task = served();
    const bundle = searchBundle(base, search({}), { total: 1, tasks: [task] });
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 1 });
    expect(bundle.entry).toEqual([{ fullUrl: `https://api.test/fhir/Task/${task.id}`, resource: task, search: { mode: 'match' } }]);
    expect(bundle.link.map((l) => l.relation)).toEqual(['self', 'first', 'last']);
  });

  it('links the previous, next and last pages with the same filters', () => {
    const bundle = searchBundle(base, search({ status: 'requested', _count: '10', _offset: '20' }), { total: 45, tasks: [] });
    const urls = Object.fromEntries(bundle.link.map((l) => [l.relation, l.url]));
    expect(urls).toEqual({
      self: 'https://api.test/fhir/Task?status=requested&_count=10&_offset=20',
      first: 'https://api.test/fhir/Task?status=requested&_count=10&_offset=0',
      previous: 'https://api.test/fhir/Task?status=requested&_count=10&_offset=10',
      next: 'https://api.test/fhir/Task?status=requested&_count=10&_offset=30',
      last: 'https://api.test/fhir/Task?status=requested&_count=10&_offset=40',
    });
  });

  it('has no next link on the last page', () => {
    const bundle = searchBundle(base, search({ _count: '10', _offset: '40' }), { total: 45, tasks: [] });
    expect(bundle.link.map((l) => l.relation)).toEqual(['self', 'first', 'previous', 'last']);
  });

  it('gives only self and first for _count=0 (a count query)', () => {
    expect(searchBundle(base, search({ _count: '0' }), { total: 45, tasks: [] }).link.map((l) => l.relation)).toEqual(['self', 'first']);
  });
});
