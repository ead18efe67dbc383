import { duplicatePairs, focusFirst } from './duplication';

interface It { id: string; key: string | null; at: number; touched: boolean; live: boolean }
const it_ = (id: string, over: Partial<It> = {}): It => ({ id, key: 'k', at: 0, touched: false, live: true, ...over });
const opts = (windowMs: number) => ({ key: (t: It) => t.key, at: (t: It) => t.at, windowMs, touched: (t: It) => t.touched, live: (t: It) => t.live });
const ids = (pairs: Array<[It, It]>) => pairs.map(([a, b]) => `${a.id}-${b.id}`);

describe('duplicatePairs', () => {
  it('pairs live items of one key within the window when at least one is touched', () => {
    expect(ids(duplicatePairs([it_('a', { touched: true }), it_('b', { at: 10 })], opts(10)))).toEqual(['a-b']);
  });
  it.each([
    ['neither touched', [it_('a'), it_('b')]],
    ['one not live', [it_('a', { touched: true }), it_('b', { live: false })]],
    ['different keys', [it_('a', { touched: true }), it_('b', { key: 'z' })]],
    ['null keys', [it_('a', { touched: true, key: null }), it_('b', { key: null })]],
    ['outside the window', [it_('a', { touched: true }), it_('b', { at: 11 })]],
  ])('is empty for %s', (_l, items) => {
    expect(duplicatePairs(items, opts(10))).toEqual([]);
  });
  it('returns every pair in input order, whatever the grouping', () => {
    const items = [it_('a', { touched: true }), it_('x', { key: 'other', touched: true }), it_('b'), it_('y', { key: 'other' }), it_('c')];
    expect(ids(duplicatePairs(items, opts(Infinity)))).toEqual(['a-b', 'a-c', 'x-y']);
  });
});

describe('focusFirst', () => {
  const touched = (t: It) => t.touched;
  it.each([
    ['only the earlier touched: the earlier', it_('e', { touched: true }), it_('l'), 'e-l'],
    ['only the later touched: the later', it_('e'), it_('l', { touched: true }), 'l-e'],
    ['both touched: the later', it_('e', { touched: true }), it_('l', { touched: true }), 'l-e'],
  ])('puts first %s', (_l, earlier, later, expected) => {
    expect(ids([focusFirst(earlier, later, touched)])).toEqual([expected]);
  });
});
