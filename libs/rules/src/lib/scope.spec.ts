import { declaredWindowsOverlapping, degradedWindowOf, type ScopeConfig, type ScopeItem } from './scope';
import type { Downtime } from './model';

const H = 3_600_000;
const cfg: ScopeConfig = { lateEntryThresholdMs: 2 * H, systems: ['ehr', 'pharmacy', 'mar', 'cpoe'] };
const item = (over: Partial<ScopeItem> = {}): ScopeItem => ({ facility: 'AVC', time: 10 * H, recordedTime: 10 * H, entryMode: 'realtime', ...over });
const dt = (over: Partial<Downtime> = {}): Downtime => ({ id: 'ops#d1', facility: 'AVC', systems: ['ehr'], start: 8 * H, end: 20 * H, ...over });

describe('degradedWindowOf', () => {
  it('returns the declared downtime of the facility and a domain system that contains the clinical time', () => {
    expect(degradedWindowOf(item(), [dt()], cfg)).toEqual({ start: 8 * H, end: 20 * H, cause: 'declared', downtimeId: 'ops#d1' });
  });

  it.each([
    ['another facility', dt({ facility: 'HEGP' })],
    ['only systems of another domain', dt({ systems: ['lis'] })],
    ['a downtime that ended at the clinical time (end exclusive)', dt({ end: 10 * H })],
    ['a downtime that started after', dt({ start: 10 * H + 1 })],
  ])('ignores %s', (_label, d) => {
    expect(degradedWindowOf(item(), [d], cfg)).toBeNull();
  });

  it.each([
    ['facility *', dt({ facility: '*' })],
    ['an empty systems list (all systems)', dt({ systems: [] })],
    ['an open downtime', dt({ end: null })],
    ['a downtime starting exactly at the clinical time', dt({ start: 10 * H })],
  ])('accepts %s', (_label, d) => {
    expect(degradedWindowOf(item(), [d], cfg)?.cause).toBe('declared');
  });

  it('prefers the declared window that ends last, an open one above all', () => {
    const ds = [dt({ id: 'a', end: 12 * H }), dt({ id: 'b', end: null }), dt({ id: 'c', end: 30 * H })];
    expect(degradedWindowOf(item(), ds, cfg)?.downtimeId).toBe('b');
    expect(degradedWindowOf(item(), ds.filter((d) => d.id !== 'b'), cfg)?.downtimeId).toBe('c');
  });

  it('falls back to the entry mode: a back-entry is its own window up to when it was recorded', () => {
    expect(degradedWindowOf(item({ entryMode: 'backentry', recordedTime: 11 * H }), [], cfg)).toEqual({
      start: 10 * H,
      end: 11 * H,
      cause: 'entrymode',
      downtimeId: null,
    });
    expect(degradedWindowOf(item({ entryMode: 'downtime-tool' }), [], cfg)?.cause).toBe('entrymode');
  });

  it('treats a real-time entry recorded past the threshold as late, and at the threshold as on time', () => {
    expect(degradedWindowOf(item({ recordedTime: 12 * H + 1 }), [], cfg)).toEqual({ start: 10 * H, end: 12 * H + 1, cause: 'late-entry', downtimeId: null });
    expect(degradedWindowOf(item({ recordedTime: 12 * H }), [], cfg)).toBeNull();
  });

  it('lets a declared downtime win over the entry mode', () => {
    expect(degradedWindowOf(item({ entryMode: 'backentry', recordedTime: 40 * H }), [dt()], cfg)?.cause).toBe('declared');
  });
});

describe('declaredWindowsOverlapping', () => {
  it('returns the matching downtimes overlapping [from, to), sorted by start', () => {
    const ds = [dt({ id: 'late', start: 30 * H, end: 31 * H }), dt({ id: 'early', start: 1 * H, end: 2 * H }), dt({ id: 'other', facility: 'HEGP' })];
    expect(declaredWindowsOverlapping('AVC', 0, 40 * H, ds, cfg).map((w) => w.downtimeId)).toEqual(['early', 'late']);
  });

  it('treats [from, to) as half-open and an open downtime as endless', () => {
    expect(declaredWindowsOverlapping('AVC', 20 * H, 25 * H, [dt()], cfg)).toEqual([]);
    expect(declaredWindowsOverlapping('AVC', 0, 8 * H, [dt()], cfg)).toEqual([]);
    expect(declaredWindowsOverlapping('AVC', 100 * H, 101 * H, [dt({ end: null })], cfg)).toHaveLength(1);
  });
});
