// Fellegi-Sunter scoring: comparison vectors as integer patterns, m/u estimated by random sampling and EM.
import { mulberry32 } from './seeded-random.ts';
import { MISSING, type Comparison } from './compare.ts';
import type { RecordTable } from './record-table.ts';
import type { ProbabilisticConfig } from './types.ts';

/** Packs one level per comparison into one integer (mixed radix; digit 0 = missing). */
export class PatternCodec {
  readonly comparisons: Comparison[];
  private readonly multipliers: number[];

  constructor(comparisons: Comparison[]) {
    this.comparisons = comparisons;
    this.multipliers = [];
    let multiplier = 1;
    for (const comparison of comparisons) {
      this.multipliers.push(multiplier);
      multiplier *= comparison.size + 1;
    }
    if (multiplier > 2 ** 31) throw new Error('identity resolution: too many comparison levels to pack into a pattern');
  }

  /** The pattern of two rows: every comparison evaluated. */
  encode(rowA: number, rowB: number): number {
    let pattern = 0;
    for (let c = 0; c < this.comparisons.length; c++) pattern += (this.comparisons[c].level(rowA, rowB) + 1) * this.multipliers[c];
    return pattern;
  }

  /** Level of comparison `c` in a pattern (MISSING = -1). */
  level(pattern: number, c: number): number {
    return (Math.floor(pattern / this.multipliers[c]) % (this.comparisons[c].size + 1)) - 1;
  }
}

export interface FellegiSunterModel {
  /** Indexes (into the codec's comparisons) of the fields that score. */
  fields: number[];
  m: Float64Array[];
  u: Float64Array[];
  /** Share of matches among the candidate pairs. */
  lambda: number;
  iterations: number;
}

/**
 * u-probabilities from random record pairs (almost all non-matches): the chance that two unrelated
 * records reach each level. Laplace smoothing (+1 per level) keeps every u above zero.
 */
export function estimateU(
  table: RecordTable,
  codec: PatternCodec,
  fields: number[],
  sampleSize: number,
  mode: 'dedupe' | 'link',
): Float64Array[] {
  const counts = fields.map((f) => new Float64Array(codec.comparisons[f].size).fill(1));
  const rows = table.rows;
  // Seeded, so that sampling, and so the model, is the same on every run.
  const next = mulberry32(0x5eed);
  const systems = table.systems.data;
  let attempts = 0;
  for (let sampled = 0; sampled < sampleSize && attempts < sampleSize * 20 && rows > 1; attempts++) {
    const rowA = Math.floor(next() * rows);
    const rowB = Math.floor(next() * rows);
    if (rowA === rowB || table.alive[rowA] === 0 || table.alive[rowB] === 0) continue;
    if (mode === 'link' && systems[rowA] === systems[rowB]) continue;
    sampled++;
    fields.forEach((f, i) => {
      const level = codec.comparisons[f].level(rowA, rowB);
      if (level !== MISSING) counts[i][level]++;
    });
  }
  return counts.map(normalize);
}

function normalize(values: Float64Array): Float64Array {
  let total = 0;
  for (const value of values) total += value;
  return values.map((value) => value / total);
}

/** Starting m: 0.9 on the strongest level, 0.1 spread over the weaker ones ("else" included). */
function defaultM(size: number): Float64Array {
  const m = new Float64Array(size);
  m[0] = size === 1 ? 1 : 0.9;
  for (let l = 1; l < size; l++) m[l] = 0.1 / (size - 1);
  return m;
}

/**
 * Expectation-maximisation over the distinct patterns of the candidate pairs (weighted by their
 * counts): estimates λ, m and u of the fields not fixed by the configuration.
 */
export function estimateModel(
  histogram: Map<number, number>,
  codec: PatternCodec,
  config: ProbabilisticConfig,
  uStart: Float64Array[],
): FellegiSunterModel {
  const fields = config.fields.map((name) => {
    const index = codec.comparisons.findIndex((comparison) => comparison.attribute === name);
    if (index < 0) throw new Error(`identity resolution: probabilistic field "${name}" has no comparison`);
    return index;
  });
  const fixedM = fields.map((f) => fixed(config.fixedM, codec.comparisons[f]));
  const fixedU = fields.map((f) => fixed(config.fixedU, codec.comparisons[f]));
  const m = fields.map((f, i) => fixedM[i] ?? startM(config, codec.comparisons[f]));
  const u = fields.map((_, i) => fixedU[i] ?? Float64Array.from(uStart[i]));
  let lambda = config.initialLambda ?? 0.1;
  const maxIterations = config.em?.maxIterations ?? 100;
  const tolerance = config.em?.tolerance ?? 1e-6;
  const patterns = [...histogram.keys()];
  const counts = patterns.map((pattern) => histogram.get(pattern)!);
  const levels = patterns.map((pattern) => fields.map((f) => codec.level(pattern, f)));
  let iterations = 0;
  for (; iterations < maxIterations && patterns.length > 0; iterations++) {
    const mSums = fields.map((f) => new Float64Array(codec.comparisons[f].size));
    const uSums = fields.map((f) => new Float64Array(codec.comparisons[f].size));
    let matchTotal = 0;
    let total = 0;
    for (let p = 0; p < patterns.length; p++) {
      const posterior = posteriorOf(levels[p], m, u, lambda);
      const count = counts[p];
      matchTotal += count * posterior;
      total += count;
      levels[p].forEach((level, i) => {
        if (level === MISSING) return;
        mSums[i][level] += count * posterior;
        uSums[i][level] += count * (1 - posterior);
      });
    }
    let change = Math.abs(matchTotal / total - lambda);
    lambda = clamp(matchTotal / total);
    fields.forEach((_, i) => {
      if (fixedM[i] === undefined) change = Math.max(change, update(m[i], mSums[i]));
      if (fixedU[i] === undefined) change = Math.max(change, update(u[i], uSums[i]));
    });
    if (change < tolerance) {
      iterations++;
      break;
    }
  }
  return { fields, m, u, lambda, iterations };
}

function startM(config: ProbabilisticConfig, comparison: Comparison): Float64Array {
  const given = config.initialM?.[comparison.attribute];
  if (given === undefined) return defaultM(comparison.size);
  const m = new Float64Array(comparison.size);
  given.forEach((value, l) => (m[l] = value));
  const rest = 1 - given.reduce((sum, value) => sum + value, 0);
  if (given.length < comparison.size) m[comparison.size - 1] = Math.max(rest, 1e-6);
  return normalize(m);
}

function fixed(table: Record<string, number[]> | undefined, comparison: Comparison): Float64Array | undefined {
  const values = table?.[comparison.attribute];
  if (values === undefined) return undefined;
  if (values.length !== comparison.size) {
    throw new Error(`identity resolution: fixed m/u of "${comparison.attribute}" needs ${comparison.size} numbers (its levels and "else")`);
  }
  return Float64Array.from(values);
}

/** Sets `target` to `sums` normalized (with a floor so no level becomes impossible); returns the largest change. */
function update(target: Float64Array, sums: Float64Array): number {
  let total = 0;
  for (const value of sums) total += value;
  if (total <= 0) return 0;
  let change = 0;
  for (let l = 0; l < target.length; l++) {
    const value = Math.max(sums[l] / total, 1e-9);
    change = Math.max(change, Math.abs(value - target[l]));
    target[l] = value;
  }
  return change;
}

function clamp(lambda: number): number {
  return Math.min(1 - 1e-9, Math.max(1e-9, lambda));
}

function posteriorOf(levels: number[], m: Float64Array[], u: Float64Array[], lambda: number): number {
  let ratio = 1;
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i];
    if (level !== MISSING) ratio *= m[i][level] / u[i][level];
  }
  const odds = (lambda / (1 - lambda)) * ratio;
  return odds === Infinity ? 1 : odds / (1 + odds);
}

/** log2 Bayes factor of a pattern: the sum of the fields' match weights. */
export function matchWeight(model: FellegiSunterModel, codec: PatternCodec, pattern: number): number {
  let weight = 0;
  model.fields.forEach((f, i) => {
    const level = codec.level(pattern, f);
    if (level !== MISSING) weight += Math.log2(model.m[i][level] / model.u[i][level]);
  });
  return weight;
}

/** Posterior match probability of a pattern among candidate pairs. */
export function matchProbability(model: FellegiSunterModel, weight: number): number {
  const logOdds = Math.log2(model.lambda / (1 - model.lambda)) + weight;
  if (logOdds > 60) return 1;
  const odds = 2 ** logOdds;
  return odds / (1 + odds);
}
