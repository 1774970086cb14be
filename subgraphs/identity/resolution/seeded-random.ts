// A small seeded random generator (mulberry32) for the identity engine: the same seed gives the same sequence on every machine.
//
// Used where runs must repeat exactly: the model's sampling of record pairs and the synthetic
// evaluation data. The simulator has its own, richer generator (simulator/generator/random.ts);
// product code does not import the simulator. Not for anything secret.

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
