// Cross-reference rules in the incremental index: which row holds each target id, and which rows point at each value.
import type { Resolver } from './resolver.ts';

/**
 * For every reference rule (a CRM contact's membership number → the membership record): the
 * target id → row map, and the referring rows by value, kept up to date as rows come and go.
 */
export class ReferenceIndex {
  private readonly resolver: Resolver;
  /** Rule index → normalized target id → row. */
  private readonly targets = new Map<number, Map<string, number>>();
  /** Rule index → reference value → rows that hold it. */
  private readonly referrers = new Map<number, Map<string, Set<number>>>();

  constructor(resolver: Resolver) {
    this.resolver = resolver;
    resolver.rules.forEach((rule, r) => {
      if (rule.reference === undefined) return;
      this.targets.set(r, resolver.referenceIndex(rule));
      this.referrers.set(r, new Map());
      for (let row = 0; row < resolver.table.rows; row++) this.add(r, row);
    });
  }

  /**
   * Registers a new row, and adds to `candidates` (other row → strongest reference rule) the rows
   * it points at and the rows that point at it.
   */
  admit(row: number, key: string, id: string, candidates: Map<number, number>): void {
    const resolver = this.resolver;
    const table = resolver.table;
    for (const r of this.referrers.keys()) this.add(r, row);
    for (const [r, targets] of this.targets) {
      const rule = resolver.rules[r];
      for (const target of resolver.referenceTargets(row, rule, targets)) strongest(candidates, target, r);
      if (!key.startsWith(`${rule.reference!.targetSystem}:`)) continue;
      const normalized = table.attributes[rule.reference!.attribute].normalize(id);
      if (normalized === null) continue;
      targets.set(normalized.key, row);
      for (const referrer of this.referrers.get(r)!.get(normalized.key) ?? []) {
        if (referrer !== row && table.alive[referrer] === 1) strongest(candidates, referrer, r);
      }
    }
  }

  /** Forgets a row that was replaced or removed. */
  forget(row: number): void {
    for (const [r, referrers] of this.referrers) {
      const column = this.column(r);
      const offsets = column.evidence.offsets.data;
      const items = column.evidence.items.data;
      for (let e = offsets[row]; e < offsets[row + 1]; e++) referrers.get(column.values[items[e]])?.delete(row);
    }
  }

  private add(rule: number, row: number): void {
    const referrers = this.referrers.get(rule)!;
    const column = this.column(rule);
    const offsets = column.evidence.offsets.data;
    const items = column.evidence.items.data;
    for (let e = offsets[row]; e < offsets[row + 1]; e++) {
      const value = column.values[items[e]];
      let set = referrers.get(value);
      if (set === undefined) referrers.set(value, (set = new Set()));
      set.add(row);
    }
  }

  private column(rule: number) {
    return this.resolver.table.attributes[this.resolver.rules[rule].reference!.attribute];
  }
}

function strongest(candidates: Map<number, number>, row: number, rule: number): void {
  const known = candidates.get(row);
  if (known === undefined || known < 0 || rule < known) candidates.set(row, rule);
}
