// What an evaluation dataset is: records, the person each record belongs to, and how to resolve them.
import type { ResolutionConfig, ResolveOptions, SourceRecord } from '../types.ts';

export interface EvaluationDataset {
  name: string;
  records: SourceRecord[];
  /** Record key (`system:id`) → ground-truth person id. */
  personOf: Map<string, string>;
  config: ResolutionConfig;
  options?: ResolveOptions;
}

/** Loads one dataset; `args` are the command-line flags after `--dataset NAME` (e.g. `{ persons: "100000" }`). */
export type DatasetLoader = (args: Record<string, string>) => Promise<EvaluationDataset> | EvaluationDataset;
