// Survivorship: the golden value of each profile field, chosen among a cluster's records by configured rules.
import type { RecordTable } from './record-table.ts';
import type { GoldenValue, SurvivorshipConfig, SurvivorshipFieldConfig, SurvivorshipRule } from './types.ts';

interface Candidate {
  row: number;
  entry: number;
  value: number;
}

interface CompiledField {
  name: string;
  config: SurvivorshipFieldConfig;
  attribute: number;
  /** System id → priority rank (lower wins); systems not listed rank after every listed one. */
  priority: Map<number, number>;
}

/** Picks golden values for clusters of one record table. */
export class Survivorship {
  private readonly fields: CompiledField[];
  private readonly table: RecordTable;

  constructor(config: SurvivorshipConfig | undefined, table: RecordTable) {
    this.table = table;
    this.fields = Object.entries(config?.fields ?? {}).map(([name, field]) => {
      const order = field.sourcePriority ?? config?.sourcePriority ?? [];
      return {
        name,
        config: field,
        attribute: table.attributeIndex.get(field.attribute)!,
        priority: new Map(order.map((system, rank) => [table.systemId(system), rank])),
      };
    });
  }

  /** The profile of one cluster; `rows` are its live members. */
  profile(rows: readonly number[]): Record<string, GoldenValue | null> {
    const profile: Record<string, GoldenValue | null> = {};
    for (const field of this.fields) profile[field.name] = this.pick(field, rows);
    return profile;
  }

  private pick(field: CompiledField, rows: readonly number[]): GoldenValue | null {
    const column = this.table.attributes[field.attribute];
    const offsets = column.entries.offsets.data;
    const items = column.entries.items.data;
    const usable = column.entryUsable.data;
    let candidates: Candidate[] = [];
    let fallback: Candidate[] = [];
    for (const row of rows) {
      for (let entry = offsets[row]; entry < offsets[row + 1]; entry++) {
        const candidate = { row, entry, value: items[entry] };
        if (usable[entry] === 1) candidates.push(candidate);
        else fallback.push(candidate);
      }
    }
    // Placeholder values (test@test.com) survive only when the cluster has nothing better.
    if (candidates.length === 0) candidates = fallback;
    fallback = [];
    if (candidates.length === 0) return null;
    for (const rule of field.config.rules) {
      if (candidates.length === 1) break;
      candidates = this.apply(rule, field, candidates);
    }
    let best = candidates[0];
    for (const candidate of candidates) {
      const key = this.table.keys[candidate.row];
      const bestKey = this.table.keys[best.row];
      if (key < bestKey || (key === bestKey && candidate.entry < best.entry)) best = candidate;
    }
    return {
      value: field.config.value === 'normalized' ? column.values[best.value] : column.entryDisplay[best.entry],
      system: this.table.systemNames[this.table.systems.data[best.row]],
      recordKey: this.table.keys[best.row],
      updatedAt: this.table.updatedAt[best.row],
    };
  }

  private apply(rule: SurvivorshipRule, field: CompiledField, candidates: Candidate[]): Candidate[] {
    switch (rule) {
      case 'sourcePriority': {
        const rank = (c: Candidate) => field.priority.get(this.table.systems.data[c.row]) ?? Number.MAX_SAFE_INTEGER;
        return keepBest(candidates, (c) => -rank(c));
      }
      case 'mostRecent':
        return keepBest(candidates, (c) => {
          const ms = this.table.updatedMs[c.row];
          return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms;
        });
      case 'mostFrequent': {
        const counts = new Map<number, number>();
        for (const c of candidates) counts.set(c.value, (counts.get(c.value) ?? 0) + 1);
        return keepBest(candidates, (c) => counts.get(c.value)!);
      }
      case 'nonEmpty':
        // Every candidate already has a value: this rule only says "any non-empty value, ties broken later".
        return candidates;
    }
  }
}

function keepBest(candidates: Candidate[], score: (candidate: Candidate) => number): Candidate[] {
  let best = Number.NEGATIVE_INFINITY;
  for (const candidate of candidates) best = Math.max(best, score(candidate));
  return candidates.filter((candidate) => score(candidate) === best);
}
