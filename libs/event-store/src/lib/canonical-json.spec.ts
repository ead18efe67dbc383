import fc from 'fast-check';
import { canonicalJson } from './canonical-json';

/** Reorders the keys of every object, as jsonb does when it stores a document. */
function shuffleKeys(v: unknown, seed: number): unknown {
  if (Array.isArray(v)) return v.map((x, i) => shuffleKeys(x, seed + i));
  if (v === null || typeof v !== 'object') return v;
  const keys = Object.keys(v);
  const order = seed % 2 === 0 ? keys.reverse() : [...keys.slice(seed % keys.length), ...keys.slice(0, seed % keys.length)];
  return Object.fromEntries(order.map((k) => [k, shuffleKeys((v as Record<string, unknown>)[k], seed + 1)]));
}

describe('canonicalJson', () => {
  it('sorts keys at every depth and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [true, null], c: 'x' } })).toBe('{"a":{"c":"x","d":[true,null]},"b":1}');
  });

  it.each([
    ['undefined in an object is dropped', { a: undefined, b: 1 }, '{"b":1}'],
    ['undefined in an array is null', [undefined, 1], '[null,1]'],
    ['non-finite numbers are null', [NaN, Infinity], '[null,null]'],
    ['a Date goes through toJSON', { t: new Date('2024-08-03T12:10:00Z') }, '{"t":"2024-08-03T12:10:00.000Z"}'],
    ['top-level undefined is null', undefined, 'null'],
  ])('%s', (_name, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it('refuses BigInt rather than guessing a representation', () => {
    expect(() => canonicalJson({ n: 1n })).toThrow(TypeError);
  });

  it('gives the same string whatever the key order, and survives a JSON round trip', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(), (v, seed) => {
        const c = canonicalJson(v);
        expect(canonicalJson(shuffleKeys(v, seed))).toBe(c);
        expect(canonicalJson(JSON.parse(JSON.stringify(v)))).toBe(c);
        expect(JSON.parse(c)).toEqual(JSON.parse(JSON.stringify(v)));
      }),
    );
  });
});
