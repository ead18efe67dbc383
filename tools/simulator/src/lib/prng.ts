/**
 * A small seeded PRNG (sfc32, 128-bit state) and stream derivation, so that the same seed gives the
 * same bytes on every machine. Never Math.random: a simulation must be reproducible to be scored.
 */

/** 32-bit FNV-1a then murmur3's finaliser: spreads the bits of a label into a seed word. */
function hash32(text: string, h = 0x811c9dc5): number {
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** splitmix32: turns one seed word into well-mixed state words. */
function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

const HEX = '0123456789abcdef';

/** Seeded random numbers. Each independent concern (a patient, its transport noise…) gets its own stream. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  private constructor(seedWord: number, salt: number) {
    const st = { s: seedWord ^ salt };
    this.a = splitmix32(st);
    this.b = splitmix32(st);
    this.c = splitmix32(st);
    this.d = splitmix32(st) | 1;
    // Warm up so that close seeds diverge at once.
    for (let i = 0; i < 12; i++) this.next();
  }

  /** The stream named by `parts` under `seed`: same arguments, same sequence. */
  static stream(seed: number, ...parts: ReadonlyArray<string | number>): Rng {
    const label = parts.join('/');
    return new Rng(hash32(`${seed}:${label}`), hash32(label, 0x12345678));
  }

  /** Next unsigned 32-bit word. */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.next() / 4294967296;
  }

  /** Uniform in [lo, hi). */
  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.float();
  }

  /** Uniform integer in [lo, hi] (inclusive). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.float() * items.length)];
  }

  /** Index drawn with the given (unnormalised) weights. */
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let x = this.float() * total;
    for (let i = 0; i < weights.length; i++) {
      x -= weights[i];
      if (x < 0) return i;
    }
    return weights.length - 1;
  }

  /** `k` distinct items, in draw order (partial Fisher–Yates on a copy). */
  sample<T>(items: readonly T[], k: number): T[] {
    const copy = [...items];
    const n = Math.min(k, copy.length);
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(this.float() * (copy.length - i));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy.slice(0, n);
  }

  /** `n` random lower-case hex digits. */
  hex(n: number): string {
    let out = '';
    let word = 0;
    for (let i = 0; i < n; i++) {
      if (i % 8 === 0) word = this.next();
      out += HEX[word & 15];
      word >>>= 4;
    }
    return out;
  }
}
