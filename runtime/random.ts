// A small seeded random generator (mulberry32): the same seed gives the same sequence on every machine.
//
// Used where runs must repeat exactly: the identity model's sampling, synthetic evaluation
// data, and property tests that derive a whole case from one seed. Not for anything secret.

/** Numbers in [0, 1) from a 32-bit seed. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
