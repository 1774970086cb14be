// The identity subgraph's per-request context: its store and the request's DataLoaders.
import DataLoader from 'dataloader';
import type { CustomerDoc } from './model.ts';
import type { IdentityStore } from './source.ts';

export interface IdentityContext {
  store: IdentityStore;
  customers: DataLoader<string, CustomerDoc | null>;
}

export function createIdentityContext(store: IdentityStore): IdentityContext {
  return {
    store,
    customers: new DataLoader(async (ids) => {
      const found = await store.customersById(ids);
      return ids.map((id) => found.get(id) ?? null);
    }),
  };
}
