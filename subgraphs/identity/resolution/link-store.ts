// The incremental index's links: typed columns of every scored link, each record's links, and each link's clustering outcome.
import { MERGED, REDUNDANT } from './cluster-state.ts';
import { IntColumn } from './growable.ts';
import type { Resolver } from './resolver.ts';
import type { Link } from './types.ts';

const STATUS_NAMES: Link['status'][] = ['merged', 'redundant', 'blocked'];
/** A released steward link: kept in the columns, never clustered again. */
const RETIRED = 3;

export class LinkStore {
  private readonly resolver: Resolver;
  readonly a = new IntColumn();
  readonly b = new IntColumn();
  readonly rule = new IntColumn();
  readonly pattern = new IntColumn();
  /** Per link: 0 merged, 1 redundant, 2 blocked (by `blockedBy`), 3 retired. */
  private readonly status = new IntColumn();
  private readonly blockedBy = new Map<number, string>();
  /** Row → ids of the links that touch it. */
  private readonly byRow: (number[] | undefined)[] = [];

  constructor(resolver: Resolver) {
    this.resolver = resolver;
  }

  add(rowA: number, rowB: number, rule: number, pattern: number): number {
    const id = this.a.length;
    this.a.push(rowA);
    this.b.push(rowB);
    this.rule.push(rule);
    this.pattern.push(pattern);
    this.status.push(0);
    for (const row of [rowA, rowB]) {
      const list = this.byRow[row];
      if (list === undefined) this.byRow[row] = [id];
      else list.push(id);
    }
    return id;
  }

  /** The live (not retired) links that touch a row. */
  *of(row: number): Iterable<number> {
    for (const id of this.byRow[row] ?? []) if (this.status.data[id] !== RETIRED) yield id;
  }

  /** The other end of a link. */
  other(id: number, row: number): number {
    return this.a.data[id] === row ? this.b.data[id] : this.a.data[id];
  }

  /** Records a clustering outcome: 'merged', 'redundant', or the name of the guard that refused it. */
  setOutcome(id: number, outcome: string): void {
    this.status.data[id] = outcome === MERGED ? 0 : outcome === REDUNDANT ? 1 : 2;
    if (outcome === MERGED || outcome === REDUNDANT) this.blockedBy.delete(id);
    else this.blockedBy.set(id, outcome);
  }

  retire(id: number): void {
    this.status.data[id] = RETIRED;
    this.blockedBy.delete(id);
  }

  /** The public form of a link, with its current outcome. */
  materialize(id: number): Link {
    return this.resolver.link(this.a.data[id], this.b.data[id], this.rule.data[id], this.pattern.data[id], STATUS_NAMES[this.status.data[id]], this.blockedBy.get(id));
  }
}
