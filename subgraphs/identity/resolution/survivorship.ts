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
  /** Attribute indexes in order of preference: candidates come from the first one the cluster has a value for. */
  attributes: number[];
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
        attributes: (Array.isArray(field.attribute) ? field.attribute : [field.attribute]).map((name) => table.attributeIndex.get(name)!),
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
    // Placeholder values (test@test.com) survive only when no listed attribute has anything better.
    for (const placeholders of [false, true]) {
      for (const attribute of field.attributes) {
        const golden = this.pickFrom(field, attribute, rows, placeholders);
        if (golden !== null) return golden;
      }
    }
    return null;
  }

  private pickFrom(field: CompiledField, attribute: number, rows: readonly number[], placeholders: boolean): GoldenValue | null {
    const column = this.table.attributes[attribute];
    const offsets = column.entries.offsets.data;
    const items = column.entries.items.data;
    const usable = column.entryUsable.data;
    let candidates: Candidate[] = [];
    for (const row of rows) {
      for (let entry = offsets[row]; entry < offsets[row + 1]; entry++) {
        if ((usable[entry] === 1) !== placeholders) candidates.push({ row, entry, value: items[entry] });
      }
    }
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
