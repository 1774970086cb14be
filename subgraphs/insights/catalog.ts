// The segment catalogue a request evaluates against: built-in and custom definitions, RFM cut points and product affinity, cached briefly.
//
// Definitions live in the store so that every insights instance sees the same ones. Each
// instance re-reads them at most once a second, and at once after its own changes, so a
// segment created through one instance is evaluated by the others within a second.
import { BUILT_IN_SEGMENTS } from './builtin-segments.ts';
import type { ProductAffinity, RefreshRun, RfmCutPoints, SegmentDefinition } from './model.ts';
import { DEFAULT_CUT_POINTS } from './rfm.ts';
import type { InsightsStore } from './source.ts';

export const SETTINGS = { cutPoints: 'rfmCutPoints', affinity: 'productAffinity', builtInsMaterializedAt: 'builtInsMaterializedAt' } as const;

export interface CatalogState {
  definitions: SegmentDefinition[];
  byId: Map<string, SegmentDefinition>;
  cutPoints: RfmCutPoints;
  affinity: ProductAffinity;
  /** The refresh in progress, if any: snapshots must be rewritten during it. */
  activeRun: RefreshRun | null;
}

export class SegmentCatalog {
  private readonly store: InsightsStore;
  private readonly ttlMs: number;
  private state: Promise<CatalogState> | undefined;
  private loadedAt = 0;

  constructor(store: InsightsStore, ttlMs = 1_000) {
    this.store = store;
    this.ttlMs = ttlMs;
  }

  current(): Promise<CatalogState> {
    if (!this.state || Date.now() - this.loadedAt > this.ttlMs) {
      this.loadedAt = Date.now();
      const loading = this.load();
      this.state = loading;
      loading.catch(() => {
        if (this.state === loading) this.state = undefined;
      });
    }
    return this.state;
  }

  invalidate(): void {
    this.state = undefined;
  }

  private async load(): Promise<CatalogState> {
    const [custom, cutPoints, affinity, builtInsAt, latest] = await Promise.all([
      this.store.listSegments(),
      this.store.getSetting<RfmCutPoints>(SETTINGS.cutPoints),
      this.store.getSetting<ProductAffinity>(SETTINGS.affinity),
      this.store.getSetting<string>(SETTINGS.builtInsMaterializedAt),
      this.store.latestRun(),
    ]);
    const definitions = [...BUILT_IN_SEGMENTS.map((s) => ({ ...s, materializedAt: builtInsAt })), ...custom];
    return {
      definitions,
      byId: new Map(definitions.map((d) => [d._id, d])),
      cutPoints: cutPoints ?? DEFAULT_CUT_POINTS,
      affinity: affinity ?? {},
      activeRun: latest && latest.status === 'RUNNING' ? latest : null,
    };
  }
}
