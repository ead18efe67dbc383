import { comparePositions, downtimesFrom } from './downtimes';
import { downtimeEvent } from '../testing/parsed-event';

const H = 3_600_000;
const T0 = Date.parse('2024-08-03T00:00:00Z');
const started = (pos: string, t: number, o: { facility?: string; systems?: string[]; id?: string } = {}) => ({
  position: pos,
  event: downtimeEvent('started', { time: T0 + t, ...o }),
});
const ended = (pos: string, t: number, o: { facility?: string; systems?: string[]; id?: string } = {}) => ({
  position: pos,
  event: downtimeEvent('ended', { time: T0 + t, ...o }),
});

describe('downtimesFrom', () => {
  it('pairs a start with the end of the same facility and systems', () => {
    const s = started('1', 0, { systems: ['ehr'] });
    expect(downtimesFrom([s, ended('2', 10 * H, { systems: ['ehr'] })])).toEqual([
      { id: `${s.event.source}#${s.event.id}`, facility: 'AVC', systems: ['ehr'], start: T0, end: T0 + 10 * H },
    ]);
  });

  it('keeps a downtime open until its end arrives', () => {
    expect(downtimesFrom([started('1', 0)])[0].end).toBeNull();
  });

  it('folds in position order, whatever the input order', () => {
    const list = [ended('5', 10 * H), started('3', 0)];
    expect(downtimesFrom(list)).toEqual(downtimesFrom([...list].reverse()));
    expect(downtimesFrom(list)[0].end).toBe(T0 + 10 * H);
  });

  it('ignores an end without a start, and an end of another facility or system', () => {
    expect(downtimesFrom([ended('1', 0)])).toEqual([]);
    const ds = downtimesFrom([started('1', 0, { systems: ['ehr'] }), ended('2', H, { facility: 'HEGP' }), ended('3', H, { systems: ['lis'] })]);
    expect(ds.map((d) => d.end)).toEqual([null]);
  });

  it('treats a second start while one is open as the same downtime, merging systems', () => {
    const ds = downtimesFrom([started('1', 0, { systems: ['ehr'] }), started('2', H, { systems: ['ehr', 'mar'] }), ended('3', 5 * H, { systems: ['mar'] })]);
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ systems: ['ehr', 'mar'], start: T0, end: T0 + 5 * H });
  });

  it('counts the same event (source and id) once', () => {
    const s = started('1', 0);
    expect(downtimesFrom([s, { ...s, position: '4' }, ended('2', H), { ...s, position: '9' }])).toHaveLength(1);
  });

  it('opens a new downtime after the previous one ended', () => {
    const ds = downtimesFrom([started('1', 0), ended('2', H), started('3', 5 * H), ended('4', 6 * H)]);
    expect(ds.map((d) => [d.start - T0, (d.end ?? 0) - T0])).toEqual([[0, H], [5 * H, 6 * H]]);
  });

  it('an end closes every open downtime of the facility whose systems overlap (empty: all)', () => {
    const ds = downtimesFrom([started('1', 0, { systems: ['ehr'] }), started('2', 0, { systems: ['lis'] }), ended('3', H, { systems: [] })]);
    expect(ds.map((d) => d.end)).toEqual([T0 + H, T0 + H]);
  });

  it('ignores heartbeats', () => {
    const hb = { position: '1', event: { ...downtimeEvent('started', { time: T0 }), type: 'continuity.source.heartbeat' } };
    expect(downtimesFrom([hb])).toEqual([]);
  });
});

describe('comparePositions', () => {
  it('compares as big integers, not strings', () => {
    expect(comparePositions('9', '10')).toBe(-1);
    expect(comparePositions('90071992547409930', '90071992547409929')).toBe(1);
    expect(comparePositions('5', '5')).toBe(0);
  });
});
