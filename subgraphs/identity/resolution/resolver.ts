// The compiled engine shared by full and incremental resolution: table, comparisons, blocking, rules and model.
import { BlockIndex } from './blocking.ts';
import { Comparison, MISSING } from './compare.ts';
import type { GuardSpec, IdentifierLimit } from './cluster-state.ts';
import { validateResolutionConfig } from './config.ts';
import { estimateModel, estimateU, matchProbability, matchWeight, PatternCodec, type FellegiSunterModel } from './fellegi-sunter.ts';
import { RecordTable } from './record-table.ts';
import { Survivorship } from './survivorship.ts';
import type { BlockingKeyConfig, FieldEvidence, Link, ResolutionConfig, ResolveOptions } from './types.ts';

/** A rule after compilation; its index in `Resolver.rules` is its priority (lower = stronger). */
export interface CompiledRule {
  name: string;
  kind: Link['kind'];
  /** Comparison index → weakest level index that still satisfies the rule. */
  conditions: Array<[number, number]>;
  /** Comparison index → strongest level index at which both sides' values conflict and the rule does not fire. */
  vetoes: Array<[number, number]>;
  reference?: { attribute: number; targetSystem: string };
}

export interface PatternClass {
  /** Index into `Resolver.rules`, or -1 when no rule fires. */
  rule: number;
  weight: number;
  probability: number;
}

/** Rule index of steward merges: ahead of every configured rule. */
export const STEWARD_RULE = 0;

export class Resolver {
  readonly config: ResolutionConfig;
  readonly mode: 'dedupe' | 'link';
  readonly table: RecordTable;
  readonly comparisons: Comparison[];
  readonly codec: PatternCodec;
  readonly blockConfigs: BlockingKeyConfig[];
  readonly blocks: BlockIndex[];
  /** Steward merges, then deterministic and reference rules in file order, then the probabilistic rule. */
  readonly rules: CompiledRule[];
  readonly probabilisticRule: number;
  readonly survivorship: Survivorship;
  model: FellegiSunterModel | null = null;
  private readonly classes = new Map<number, PatternClass>();

  constructor(config: ResolutionConfig, options: ResolveOptions = {}) {
    validateResolutionConfig(config);
    this.config = config;
    this.mode = options.mode ?? 'dedupe';
    this.table = new RecordTable(config);
    const rules = config.rules;
    this.comparisons = Object.entries(rules.comparisons).map(([name, comparison]) => new Comparison(name, comparison, this.table));
    this.codec = new PatternCodec(this.comparisons);
    this.rules = [{ name: 'steward-merge', kind: 'steward', conditions: [], vetoes: [] }];
    for (const rule of rules.deterministic ?? []) {
      if (rule.reference !== undefined) {
        this.rules.push({
          name: rule.name,
          kind: 'reference',
          conditions: [],
          vetoes: [],
          reference: { attribute: this.table.attributeIndex.get(rule.reference.attribute)!, targetSystem: rule.reference.targetSystem },
        });
        continue;
      }
      const compile = (attribute: string, level: string): [number, number] => {
        const index = this.comparisonIndex(attribute);
        return [index, this.comparisons[index].levelIndex(level)];
      };
      const conditions = Object.entries(rule.when ?? {}).map(([attribute, level]) => compile(attribute, level));
      const vetoes = Object.entries(rule.unless ?? {}).map(([attribute, level]) => compile(attribute, level));
      this.rules.push({ name: rule.name, kind: 'deterministic', conditions, vetoes });
    }
    this.probabilisticRule = this.rules.length;
    if (rules.probabilistic !== undefined) this.rules.push({ name: rules.probabilistic.name, kind: 'probabilistic', conditions: [], vetoes: [] });
    this.blockConfigs = [...rules.blocking.keys, ...this.derivedBlockingKeys()];
    this.blocks = this.blockConfigs.map((key) => new BlockIndex(key, this.table, rules.blocking.maxBlockSize));
    this.survivorship = new Survivorship(rules.survivorship, this.table);
  }

  comparisonIndex(attribute: string): number {
    const index = this.comparisons.findIndex((comparison) => comparison.attribute === attribute);
    if (index < 0) throw new Error(`identity resolution: attribute "${attribute}" has no comparison`);
    return index;
  }

  /**
   * A deterministic rule whose conditions include exact equality gets its own blocking key on those
   * attributes, so that no configured key can forget a pair the rule would link.
   */
  private derivedBlockingKeys(): BlockingKeyConfig[] {
    const derived: BlockingKeyConfig[] = [];
    const existing = new Set(this.config.rules.blocking.keys.map((key) => signature(key)));
    for (const rule of this.rules) {
      const exact = rule.conditions
        .filter(([c, level]) => level === 0 && isExactLevel(this.comparisons[c]))
        .map(([c]) => ({ attribute: this.comparisons[c].attribute }));
      if (exact.length === 0) continue;
      const key = { name: `rule:${rule.name}`, parts: exact };
      if (!existing.has(signature(key))) {
        existing.add(signature(key));
        derived.push(key);
      }
    }
    return derived;
  }

  /** Fits the Fellegi-Sunter model on the candidate patterns of a full run. */
  fitModel(histogram: Map<number, number>): void {
    const probabilistic = this.config.rules.probabilistic;
    if (probabilistic === undefined) return;
    const fields = probabilistic.fields.map((name) => this.comparisonIndex(name));
    const u = estimateU(this.table, this.codec, fields, probabilistic.em?.uSampleSize ?? 20_000, this.mode);
    this.model = estimateModel(histogram, this.codec, probabilistic, u);
    this.classes.clear();
  }

  /** Which rule (if any) a comparison pattern fires, with its weight and probability. Cached per pattern. */
  classify(pattern: number): PatternClass {
    let known = this.classes.get(pattern);
    if (known !== undefined) return known;
    const model = this.model;
    const weight = model === null ? 0 : matchWeight(model, this.codec, pattern);
    const probability = model === null ? 0 : matchProbability(model, weight);
    let rule = -1;
    for (let r = 1; r < this.probabilisticRule && rule < 0; r++) {
      const conditions = this.rules[r].conditions;
      if (conditions.length === 0) continue;
      let holds = true;
      for (const [c, maxLevel] of conditions) {
        const level = this.codec.level(pattern, c);
        if (level === MISSING || level > maxLevel) {
          holds = false;
          break;
        }
      }
      for (const [c, conflictLevel] of this.rules[r].vetoes) {
        const level = this.codec.level(pattern, c);
        if (level !== MISSING && level >= conflictLevel) holds = false;
      }
      if (holds) rule = r;
    }
    if (rule < 0 && model !== null && probability >= this.config.rules.probabilistic!.threshold) rule = this.probabilisticRule;
    known = { rule, weight, probability };
    this.classes.set(pattern, known);
    return known;
  }

  /** Compiled merge guards, with the steward's never-merge constraints resolved to rows. */
  guardSpec(neverMerge: ResolveOptions['neverMerge'] = []): GuardSpec {
    const guards = this.config.rules.guards ?? {};
    const limits: IdentifierLimit[] = Object.entries(guards.identifierLimits ?? {}).map(([name, limit]) => {
      const spec = typeof limit === 'number' ? { max: limit } : limit;
      const column = this.table.attribute(name);
      if (spec.sameAt === undefined) return { name, column, max: spec.max };
      const comparison = this.comparisons[this.comparisonIndex(name)];
      return { name, column, max: spec.max, comparison, sameLevel: comparison.levelIndex(spec.sameAt) };
    });
    const systemLimits = new Map<number, number>();
    for (const [system, max] of Object.entries(guards.systemLimits ?? {})) systemLimits.set(this.table.systemId(system), max);
    const neverMergeTags = new Map<number, number[]>();
    neverMerge.forEach((constraint, index) => {
      constraint.forEach((side, s) => {
        for (const key of Array.isArray(side) ? side : [side]) {
          const row = this.table.rowOf.get(key);
          if (row === undefined) continue;
          const tags = neverMergeTags.get(row) ?? [];
          tags.push(index * 2 + s);
          neverMergeTags.set(row, tags);
        }
      });
    });
    return { limits, systemLimits, systemNames: this.table.systemNames, neverMergeTags };
  }

  /** Rows whose reference attribute points at `row`'s record id, and the row that `row` points at, per reference rule. */
  referenceTargets(row: number, rule: CompiledRule, targetRows: Map<string, number>): number[] {
    const column = this.table.attributes[rule.reference!.attribute];
    const offsets = column.evidence.offsets.data;
    const items = column.evidence.items.data;
    const targets: number[] = [];
    for (let e = offsets[row]; e < offsets[row + 1]; e++) {
      if (column.capped[items[e]] === 1) continue;
      const target = targetRows.get(column.values[items[e]]);
      if (target !== undefined && target !== row && this.table.alive[target] === 1) targets.push(target);
    }
    return targets;
  }

  /** Normalized record id (as the reference attribute would write it) → row, for a reference rule's target system. */
  referenceIndex(rule: CompiledRule): Map<string, number> {
    const column = this.table.attributes[rule.reference!.attribute];
    const index = new Map<string, number>();
    const prefix = `${rule.reference!.targetSystem}:`;
    for (const [key, row] of this.table.rowOf) {
      if (!key.startsWith(prefix)) continue;
      const normalized = column.normalize(key.slice(prefix.length));
      if (normalized !== null) index.set(normalized.key, row);
    }
    return index;
  }

  /** The public form of one link. */
  link(rowA: number, rowB: number, rule: number, pattern: number, status: Link['status'], blockedBy?: string): Link {
    const keys = this.table.keys;
    const [first, second] = keys[rowA] < keys[rowB] ? [rowA, rowB] : [rowB, rowA];
    const compiled = this.rules[rule];
    const fields: FieldEvidence[] = this.comparisons.map((comparison) => comparison.evidence(first, second));
    if (compiled.kind === 'reference') {
      fields.push({ attribute: this.table.attributes[compiled.reference!.attribute].name, level: 'reference', similarity: 1 });
    }
    const { weight, probability } = this.classify(pattern);
    const link: Link = {
      a: keys[first],
      b: keys[second],
      rule: compiled.name,
      kind: compiled.kind,
      score: compiled.kind === 'steward' ? 1 : round(probability),
      weight: round(weight),
      fields,
      status,
    };
    if (blockedBy !== undefined) link.blockedBy = blockedBy;
    return link;
  }
}

function isExactLevel(comparison: Comparison): boolean {
  const level = comparison.levels[0];
  return comparison.comparator === 'exact' || level.min === 1 || level.maxEdits === 0;
}

function signature(key: BlockingKeyConfig): string {
  return JSON.stringify(key.parts.map((part) => [part.attribute, part.transform ?? 'value']));
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
