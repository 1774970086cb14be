// RFM quintile scoring: recency, frequency and monetary value, each 1–5 against cut points taken over every buyer.
//
// The cut points are the 20th, 40th, 60th and 80th percentiles of days since the last
// order, order count and total spend among customers with at least one order. Each full
// refresh (`npm run segments`) recomputes them from the materialized feature snapshots;
// until the first refresh the defaults below apply. A value above k of the four cut
// points scores 1 + k (frequency, monetary); for recency, fewer days is better, so it
// scores 5 − k. Customers without orders have no RFM score.
import type { RfmCutPoints } from './model.ts';

export const DEFAULT_CUT_POINTS: RfmCutPoints = {
  recencyDays: [30, 90, 180, 365],
  orderCount: [1, 2, 4, 8],
  totalSpend: [100_000, 250_000, 600_000, 1_500_000],
  population: 0,
  computedAt: null,
};

export interface RfmInputs {
  orderCount: number;
  daysSinceLastOrder: number | null;
  totalSpend: number;
}

export interface RfmScore {
  recency: number;
  frequency: number;
  monetary: number;
  score: string;
  total: number;
}

const above = (value: number, cuts: readonly number[]) => cuts.filter((c) => value > c).length;

export function scoreRfm(input: RfmInputs, cuts: RfmCutPoints): RfmScore | null {
  if (input.orderCount < 1 || input.daysSinceLastOrder === null) return null;
  const recency = 5 - above(input.daysSinceLastOrder, cuts.recencyDays);
  const frequency = 1 + above(input.orderCount, cuts.orderCount);
  const monetary = 1 + above(input.totalSpend, cuts.totalSpend);
  return { recency, frequency, monetary, score: `${recency}${frequency}${monetary}`, total: recency + frequency + monetary };
}

/** The value at quantile q of sorted values (nearest rank). */
function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

const quintiles = (values: number[]): [number, number, number, number] => {
  const sorted = [...values].sort((a, b) => a - b);
  return [quantile(sorted, 0.2), quantile(sorted, 0.4), quantile(sorted, 0.6), quantile(sorted, 0.8)];
};

/** Cut points over every buyer; the defaults when there are fewer than 5 buyers. */
export function computeCutPoints(buyers: RfmInputs[], now = new Date().toISOString()): RfmCutPoints {
  const eligible = buyers.filter((b) => b.orderCount >= 1 && b.daysSinceLastOrder !== null);
  if (eligible.length < 5) return DEFAULT_CUT_POINTS;
  return {
    recencyDays: quintiles(eligible.map((b) => b.daysSinceLastOrder!)),
    orderCount: quintiles(eligible.map((b) => b.orderCount)),
    totalSpend: quintiles(eligible.map((b) => b.totalSpend)),
    population: eligible.length,
    computedAt: now,
  };
}

export function sameCutPoints(a: RfmCutPoints, b: RfmCutPoints): boolean {
  const eq = (x: readonly number[], y: readonly number[]) => x.every((v, i) => v === y[i]);
  return eq(a.recencyDays, b.recencyDays) && eq(a.orderCount, b.orderCount) && eq(a.totalSpend, b.totalSpend);
}
