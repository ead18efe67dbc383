/**
 * Every message twice: each original where it was, and its copy `0..maxDelay` messages later (the
 * delay drawn from a small seeded generator), as a consumer sees it when a producer retries or a
 * crashed consumer reads again from an older offset.
 */
export function redeliverAll<T>(messages: readonly T[], seed: number, maxDelay: number): T[] {
  const next = mulberry32(seed);
  const slots: Array<{ at: number; copy: number; index: number; m: T }> = [];
  messages.forEach((m, index) => {
    slots.push({ at: index, copy: 0, index, m });
    slots.push({ at: index + Math.floor(next() * (maxDelay + 1)), copy: 1, index, m });
  });
  // At one place: originals before copies, then in feed order (the copy never precedes its original).
  slots.sort((a, b) => a.at - b.at || a.copy - b.copy || a.index - b.index);
  return slots.map((s) => s.m);
}

/** A 32-bit seeded generator of floats in [0, 1) (mulberry32): reproducible from the property's seed. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
