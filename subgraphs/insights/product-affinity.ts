// "Bought by similar customers": the products most customers of each lifecycle stage bought, from the materialized snapshots.
import type { MembershipSnapshot, ProductAffinity } from './model.ts';

const TOP = 5;

export class AffinityCounter {
  private readonly byStage = new Map<string, { customers: number; skus: Map<string, number> }>();
  private readonly names = new Map<string, string>();

  add(snapshot: MembershipSnapshot): void {
    const stage = snapshot.features.lifecycleStage;
    const entry = this.byStage.get(stage) ?? { customers: 0, skus: new Map<string, number>() };
    entry.customers++;
    for (const sku of new Set(snapshot.features.products)) entry.skus.set(sku, (entry.skus.get(sku) ?? 0) + 1);
    for (const [sku, name] of Object.entries(snapshot.productNames ?? {})) this.names.set(sku, name);
    this.byStage.set(stage, entry);
  }

  /** Per stage, the top products by how many of the stage's customers bought them. */
  result(): ProductAffinity {
    const out: ProductAffinity = {};
    for (const [stage, entry] of this.byStage) {
      out[stage] = [...entry.skus.entries()]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .slice(0, TOP)
        .map(([sku, customers]) => ({ sku, name: this.names.get(sku) ?? sku, customers, share: Math.round((customers / entry.customers) * 100) / 100 }));
    }
    return out;
  }
}
