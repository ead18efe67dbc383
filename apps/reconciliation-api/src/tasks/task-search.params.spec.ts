import { canonicalQuery, dateBounds, parseTaskSearch, type TaskSearch } from './task-search.params';

function parsed(query: Record<string, unknown>): TaskSearch {
  const result = parseTaskSearch(query);
  if (!result.ok) throw new Error(`expected a valid search: ${JSON.stringify(result.errors)}`);
  return result.search;
}

function errorsOf(query: Record<string, unknown>) {
  const result = parseTaskSearch(query);
  if (result.ok) throw new Error('expected the search to be refused');
  return result.errors;
}

describe('parseTaskSearch', () => {
  it('defaults to the first page of 20 with no filter', () => {
    expect(parsed({})).toEqual({ status: [], code: [], patient: [], facility: [], priority: [], authored: [], count: 20, offset: 0 });
  });

  it('reads token lists (comma = or) and repeated parameters (and)', () => {
    const search = parsed({
      status: ['requested,accepted', 'accepted'],
      code: 'urn:continuity:discrepancy|rx-duplicate-order,lab-not-collected',
      patient: 'Patient/PAT-1,PAT-2',
      facility: 'AVC',
      priority: 'stat,asap',
      _count: '5',
      _offset: '10',
    });
    expect(search).toMatchObject({
      status: [['requested', 'accepted'], ['accepted']],
      code: [['rx-duplicate-order', 'lab-not-collected']],
      patient: [['PAT-1', 'PAT-2']],
      facility: [['AVC']],
      priority: [['stat', 'asap']],
      count: 5,
      offset: 10,
    });
  });

  it('reads authored-on as a period', () => {
    const search = parsed({ 'authored-on': ['ge2024-08-03', 'lt2024-08-05T00:00:00Z'] });
    expect(search.authored).toEqual([
      { op: '>=', at: new Date('2024-08-03T00:00:00Z') },
      { op: '<', at: new Date('2024-08-05T00:00:00Z') },
    ]);
  });

  it.each([
    [{ status: 'done' }, 'status', /must be a Task status/],
    [{ status: 'requested,' }, 'status', /must be a Task status/],
    [{ code: 'http://loinc.org|rx-duplicate-order' }, 'code', /discrepancy code/],
    [{ code: 'rx-unknown' }, 'code', /discrepancy code/],
    [{ patient: 'Patient/has space' }, 'patient', /Patient\/<key>/],
    [{ priority: 'high' }, 'priority', /one of routine, urgent, asap, stat/],
    [{ 'authored-on': 'yesterday' }, 'authored-on', /date or date-time/],
    [{ 'authored-on': 'ge2024-08-03T10:00' }, 'authored-on', /date or date-time/],
    [{ 'authored-on': '2024-02-30' }, 'authored-on', /date or date-time/],
    [{ _count: '101' }, '_count', /from 0 to 100/],
    [{ _count: '-1' }, '_count', /from 0 to 100/],
    [{ _count: ['1', '2'] }, '_count', /once/],
    [{ _offset: '100001' }, '_offset', /from 0 to 100000/],
    [{ _sort: 'priority' }, '_sort', /not a supported search parameter/],
    [{ subject: 'Patient/PAT-1' }, 'subject', /not a supported search parameter/],
    [{ status: { nested: 'x' } }, 'status', /plain query parameter/],
  ])('refuses %j naming %s', (query, field, detail) => {
    const errors = errorsOf(query);
    expect(errors).toHaveLength(1);
    expect(errors[0].field).toBe(field);
    expect(errors[0].detail).toMatch(detail);
  });

  it('never echoes a refused value', () => {
    expect(JSON.stringify(errorsOf({ patient: 'Patient/2750312345678 x' }))).not.toContain('2750312345678');
  });

  it('reports every bad parameter', () => {
    expect(errorsOf({ status: 'x', _count: 'y' }).map((e) => e.field).sort()).toEqual(['_count', 'status']);
  });
});

describe('dateBounds', () => {
  const iso = (bounds: ReturnType<typeof dateBounds>) => bounds?.map((b) => `${b.op}${b.at.toISOString()}`);

  it.each([
    ['2024', ['>=2024-01-01T00:00:00.000Z', '<2025-01-01T00:00:00.000Z']],
    ['2024-02', ['>=2024-02-01T00:00:00.000Z', '<2024-03-01T00:00:00.000Z']],
    ['eq2024-08-03', ['>=2024-08-03T00:00:00.000Z', '<2024-08-04T00:00:00.000Z']],
    ['ge2024-08-03', ['>=2024-08-03T00:00:00.000Z']],
    ['gt2024-08-03', ['>=2024-08-04T00:00:00.000Z']],
    ['lt2024-08-03', ['<2024-08-03T00:00:00.000Z']],
    ['le2024-08-03', ['<2024-08-04T00:00:00.000Z']],
    ['2024-08-03T12:10:00+02:00', ['>=2024-08-03T10:10:00.000Z', '<2024-08-03T10:10:01.000Z']],
    ['ge2024-08-03T12:10Z', ['>=2024-08-03T12:10:00.000Z']],
    ['le2024-08-03T12:10:00.250Z', ['<2024-08-03T12:10:00.251Z']],
  ])('%s', (value, expected) => {
    expect(iso(dateBounds(value))).toEqual(expected);
  });

  it.each(['', 'ne2024', 'sa2024-01-01', '2024-13', '2024-08-03T25:00Z', '24-08-03'])('refuses %j', (value) => {
    expect(dateBounds(value)).toBeNull();
  });
});

describe('canonicalQuery', () => {
  it('writes the search back in a fixed order with the page asked for', () => {
    const search = parsed({ _count: '5', patient: 'PAT-1', status: 'requested,accepted', 'authored-on': 'ge2024-08-03' });
    expect(canonicalQuery(search, 10)).toBe(
      'status=requested%2Caccepted&patient=Patient%2FPAT-1&authored-on=ge2024-08-03T00%3A00%3A00.000Z&_count=5&_offset=10',
    );
  });
});
