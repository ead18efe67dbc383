import { Rng } from './prng';

describe('Rng', () => {
  const draw = (rng: Rng, n = 50) => Array.from({ length: n }, () => rng.next());

  it('gives the same sequence for the same seed and stream, another for another', () => {
    expect(draw(Rng.stream(42, 'clean', 7))).toEqual(draw(Rng.stream(42, 'clean', 7)));
    expect(draw(Rng.stream(42, 'clean', 7))).not.toEqual(draw(Rng.stream(43, 'clean', 7)));
    expect(draw(Rng.stream(42, 'clean', 7))).not.toEqual(draw(Rng.stream(42, 'clean', 8)));
    expect(draw(Rng.stream(42, 'clean', 7))).not.toEqual(draw(Rng.stream(42, 'noise', 7)));
  });

  it('keeps int() within its inclusive bounds and reaches both', () => {
    const rng = Rng.stream(1, 'bounds');
    const seen = new Set(Array.from({ length: 2000 }, () => rng.int(3, 6)));
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
  });

  it('is roughly uniform (no stuck bits)', () => {
    const rng = Rng.stream(9, 'uniform');
    const n = 20_000;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += rng.float();
    expect(sum / n).toBeGreaterThan(0.48);
    expect(sum / n).toBeLessThan(0.52);
  });

  it('samples distinct items', () => {
    const rng = Rng.stream(5, 'sample');
    const items = Array.from({ length: 20 }, (_, i) => i);
    for (let k = 0; k <= 20; k++) expect(new Set(rng.sample(items, k)).size).toBe(k);
  });
});
