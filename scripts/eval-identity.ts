// Scores identity resolution on a dataset with ground truth: pairwise precision, recall and F1, and run time.
import type { DatasetLoader } from '../subgraphs/identity/resolution/evaluation/dataset.ts';
import { loadFebrl } from '../subgraphs/identity/resolution/evaluation/febrl.ts';
import { bundledConfig } from '../subgraphs/identity/resolution/config.ts';
import { syntheticCustomers } from '../subgraphs/identity/resolution/evaluation/synthetic.ts';
import { pairwiseScore } from '../subgraphs/identity/resolution/evaluation/pairwise-metrics.ts';
import { resolve } from '../subgraphs/identity/resolution/resolve.ts';
import { generatedDataset } from '../simulator/identity-dataset.ts';

/** Datasets by name; each loader returns records, their ground-truth person ids and the config to use. */
const DATASETS: Record<string, DatasetLoader> = {
  febrl1: () => loadFebrl('febrl1'),
  febrl2: () => loadFebrl('febrl2'),
  febrl4: () => loadFebrl('febrl4'),
  /** The simulated enterprise's records and ground truth (`--persons N`, default 5000), mapped as ingest maps them. */
  generated: (args) => generatedDataset(Number(args.persons ?? 5000), args.seed),
  /** The engine's own small synthetic customers (`--records N`, default 20000): a smoke test of the customer rules. */
  synthetic: (args) => ({ name: 'synthetic', ...syntheticCustomers(Number(args.records ?? 20000)), config: bundledConfig('customer') }),
};

function parseArgs(argv: string[]): Record<string, string> {
  const args: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const match = /^--([^=]+)(?:=(.*))?$/.exec(argv[i]);
    if (match === null) continue;
    if (match[2] !== undefined) args[match[1]] = match[2];
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) args[match[1]] = argv[++i];
    else args[match[1]] = 'true';
  }
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const name = args.dataset;
  const loader = name === undefined ? undefined : DATASETS[name];
  if (loader === undefined) {
    console.error(`usage: eval-identity --dataset ${Object.keys(DATASETS).join('|')}`);
    process.exit(2);
  }
  const dataset = await loader(args);
  const started = performance.now();
  const result = resolve(dataset.records, dataset.config, dataset.options);
  const seconds = (performance.now() - started) / 1000;
  const score = pairwiseScore(dataset.personOf, result.clusterOf);
  const { stats } = result;
  console.log(`dataset            ${dataset.name}`);
  console.log(`records            ${stats.records}`);
  console.log(`candidate pairs    ${stats.candidatePairs}`);
  console.log(`links              ${stats.links} (${stats.mergedLinks} merged)`);
  console.log(`clusters           ${stats.clusters}`);
  console.log(`merges blocked     ${JSON.stringify(stats.guards.mergesBlocked)}`);
  console.log(`oversized blocks   ${stats.oversizedBlocks} (${stats.recordsInOversizedBlocks} records)`);
  if (stats.model !== null) console.log(`model              lambda ${stats.model.lambda.toFixed(4)} after ${stats.model.iterations} EM iterations`);
  console.log(`true pairs         ${score.truePairs}`);
  console.log(`predicted pairs    ${score.predictedPairs} (${score.correctPairs} correct)`);
  console.log(`precision          ${score.precision.toFixed(4)}`);
  console.log(`recall             ${score.recall.toFixed(4)}`);
  console.log(`F1                 ${score.f1.toFixed(4)}`);
  console.log(`time               ${seconds.toFixed(2)} s ${JSON.stringify(stats.timings)}`);
  console.log(
    JSON.stringify({
      dataset: dataset.name,
      records: stats.records,
      precision: round(score.precision),
      recall: round(score.recall),
      f1: round(score.f1),
      seconds: round(seconds),
    }),
  );
}

function round(value: number): number {
  return Math.round(value * 10000) / 10000;
}

await main();
