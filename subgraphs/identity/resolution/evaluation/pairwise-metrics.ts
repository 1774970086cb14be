// Pairwise precision, recall and F1 of a clustering against ground-truth person ids, over all record pairs.

export interface PairwiseScore {
  truePairs: number;
  predictedPairs: number;
  correctPairs: number;
  precision: number;
  recall: number;
  f1: number;
}

const pairs = (n: number) => (n * (n - 1)) / 2;

/**
 * Predicted pairs: records in the same cluster; true pairs: records with the same person id.
 * Records missing from `clusterOf` count as singletons; records without a person id are ignored.
 */
export function pairwiseScore(personOf: ReadonlyMap<string, string>, clusterOf: ReadonlyMap<string, string>): PairwiseScore {
  const personSizes = new Map<string, number>();
  const clusterSizes = new Map<string, number>();
  const both = new Map<string, number>();
  for (const [record, person] of personOf) {
    const cluster = clusterOf.get(record) ?? `singleton:${record}`;
    personSizes.set(person, (personSizes.get(person) ?? 0) + 1);
    clusterSizes.set(cluster, (clusterSizes.get(cluster) ?? 0) + 1);
    const cell = `${cluster}\u0000${person}`;
    both.set(cell, (both.get(cell) ?? 0) + 1);
  }
  let truePairs = 0;
  for (const size of personSizes.values()) truePairs += pairs(size);
  let predictedPairs = 0;
  for (const size of clusterSizes.values()) predictedPairs += pairs(size);
  let correctPairs = 0;
  for (const size of both.values()) correctPairs += pairs(size);
  const precision = predictedPairs === 0 ? 1 : correctPairs / predictedPairs;
  const recall = truePairs === 0 ? 1 : correctPairs / truePairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { truePairs, predictedPairs, correctPairs, precision, recall, f1 };
}
