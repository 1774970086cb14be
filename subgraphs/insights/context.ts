// The insights subgraph's per-request context: features computed once per customer, and one batched write-through of snapshots.
import DataLoader from 'dataloader';
import type { SegmentCatalog } from './catalog.ts';
import { buildFeatures, type ComputedFeatures } from './features.ts';
import type { Materializer, SnapshotInput } from './materialization.ts';
import type { CustomerFacts } from './representation.ts';
import type { InsightsStore } from './source.ts';

export interface InsightsServices {
  store: InsightsStore;
  catalog: SegmentCatalog;
  materializer: Materializer;
}

export interface InsightsContext {
  services: InsightsServices;
  /** The customer's feature document, computed at most once per request. */
  computed(customer: CustomerFacts): Promise<ComputedFeatures>;
  /** Write a customer's snapshot through; one store write per batch of customers. */
  snapshots: DataLoader<SnapshotInput, true, string>;
}

export function createInsightsContext(services: InsightsServices): InsightsContext {
  const cache = new WeakMap<CustomerFacts, Promise<ComputedFeatures>>();
  return {
    services,
    computed(customer) {
      let computed = cache.get(customer);
      if (!computed) {
        computed = services.catalog.current().then((state) => buildFeatures(customer, state.cutPoints));
        cache.set(customer, computed);
      }
      return computed;
    },
    snapshots: new DataLoader<SnapshotInput, true, string>(
      async (inputs) => {
        await services.materializer.writeThrough([...inputs]);
        return inputs.map(() => true as const);
      },
      { cacheKeyFn: (input) => input.id, maxBatchSize: 1_000 },
    ),
  };
}
