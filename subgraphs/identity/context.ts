// The identity subgraph's per-request context: its store, the live graph, the acting steward and the request's DataLoaders.
import type { IncomingMessage } from 'node:http';
import DataLoader from 'dataloader';
import { oneByKey } from '../kit/loaders.ts';
import type { IdentityGraph } from './identity-graph.ts';
import type { CustomerDoc, LinkDoc, MergeLogDoc } from './model.ts';
import type { IdentityStore } from './source.ts';
import { actorOf } from './steward/actor.ts';
import type { StewardOperations } from './steward/operations.ts';

export interface IdentityContext {
  store: IdentityStore;
  graph: IdentityGraph;
  steward: StewardOperations;
  /** Who is acting, from the x-singleview-actor header ('unknown' without one). */
  actor: string;
  customers: DataLoader<string, CustomerDoc | null>;
  /** Each customer's evidence (links), loaded only when asked for. */
  links: DataLoader<string, LinkDoc[]>;
  /** The revert that undid each operation, if any. */
  revertOf: DataLoader<string, MergeLogDoc | null>;
}

export function createIdentityContext(graph: IdentityGraph, steward: StewardOperations, request?: IncomingMessage): IdentityContext {
  const store = graph.store;
  return {
    store,
    graph,
    steward,
    actor: actorOf(request),
    customers: new DataLoader(async (ids) => {
      const found = await store.customersById(ids);
      return ids.map((id) => found.get(id) ?? null);
    }),
    links: new DataLoader(async (ids) => {
      const found = await store.linksOfCustomers(ids);
      return ids.map((id) => found.get(id) ?? []);
    }),
    revertOf: oneByKey((ids) => store.revertsOf(ids), (entry) => entry.target!),
  };
}
