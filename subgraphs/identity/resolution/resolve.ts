// Full resolution: normalize, block, compare, score, cluster with guards, pick golden values, name clusters.
import { generateCandidatePairs } from './blocking.ts';
import { ClusterState, MERGED, REDUNDANT } from './cluster-state.ts';
import { IntColumn } from './growable.ts';
import { Resolver, STEWARD_RULE } from './resolver.ts';
import { clusterIdOf } from './stable-id.ts';
import type { Cluster, GuardCounters, Link, ResolutionConfig, ResolutionResult, ResolveOptions, SourceRecord } from './types.ts';

/** Scored candidate links of a full run, in typed columns. */
export interface LinkColumns {
  a: Int32Array;
  b: Int32Array;
  rule: Int32Array;
  pattern: Int32Array;
  /** Link indexes, strongest first. */
  order: Int32Array;
}

export interface ClusteringOutcome {
  state: ClusterState;
  /** Per link: 0 merged, 1 redundant, 2 blocked. */
  status: Uint8Array;
  blockedBy: Map<number, string>;
  mergesBlocked: Record<string, number>;
}

/** Resolves every record at once. Deterministic: the same records (in any order) give the same result. */
export function resolve(records: Iterable<SourceRecord>, config: ResolutionConfig, options: ResolveOptions = {}): ResolutionResult {
  const run = runFullResolution(records, config, options);
  return run.result;
}

/** The full run, keeping the compiled resolver and link columns (the incremental index starts from them). */
export function runFullResolution(
  records: Iterable<SourceRecord>,
  config: ResolutionConfig,
  options: ResolveOptions = {},
): { resolver: Resolver; links: LinkColumns; clustering: ClusteringOutcome; result: ResolutionResult } {
  const timings: Record<string, number> = {};
  let clock = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    timings[name] = Math.round(now - clock);
    clock = now;
  };
  const resolver = new Resolver(config, options);
  const table = resolver.table;

  // 1. Normalize, in record-key order so that rows (and every tie-break) do not depend on input order.
  const list = Array.isArray(records) ? (records as SourceRecord[]) : [...records];
  const keys = list.map((record) => `${record.system}:${record.id}`);
  const order = new Int32Array(list.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  // Ties (a key given twice) keep input order, and the later record replaces the earlier one.
  order.sort((x, y) => compareKeys(keys[x], keys[y]) || x - y);
  for (let i = 0; i < order.length; i++) {
    if (i + 1 < order.length && keys[order[i]] === keys[order[i + 1]]) continue;
    table.append(list[order[i]]);
  }
  const caps = table.applyFrequencyCaps(config.rules.guards?.frequencyCaps ?? {});
  lap('normalize');

  // 2-3. Block and compare: each candidate pair once, as a comparison pattern.
  for (const block of resolver.blocks) block.build(table.rows);
  lap('index');
  const pairA = new IntColumn(table.rows * 2);
  const pairB = new IntColumn(table.rows * 2);
  const pairPattern = new IntColumn(table.rows * 2);
  const histogram = new Map<number, number>();
  const codec = resolver.codec;
  // Cross-reference pairs are compared on their own (below), so blocking skips them.
  const references = referencePairs(resolver);
  const referenced = new Set(references.pairs.map(([rowA, rowB]) => rowA * table.rows + rowB));
  const blocking = generateCandidatePairs(resolver.blocks, table, resolver.mode, (rowA, rowB) => {
    if (referenced.size > 0 && referenced.has(rowA * table.rows + rowB)) return;
    const pattern = codec.encode(rowA, rowB);
    pairA.push(rowA);
    pairB.push(rowB);
    pairPattern.push(pattern);
    histogram.set(pattern, (histogram.get(pattern) ?? 0) + 1);
  });
  const candidatePairs = pairA.length;
  for (const [rowA, rowB] of references.pairs) {
    const pattern = codec.encode(rowA, rowB);
    pairA.push(rowA);
    pairB.push(rowB);
    pairPattern.push(pattern);
    histogram.set(pattern, (histogram.get(pattern) ?? 0) + 1);
  }
  lap('blockAndCompare');

  // Score: fit the model on the candidates, then classify each distinct pattern once.
  resolver.fitModel(histogram);
  lap('model');
  const links = selectLinks(resolver, pairA, pairB, pairPattern, candidatePairs, references, options);
  lap('score');

  // 4. Cluster strongest-first with guards.
  const clustering = clusterLinks(resolver, links, options);
  lap('cluster');

  // 5-6. Clusters, golden records and stable IDs.
  const clusters = buildClusters(resolver, clustering.state);
  lap('survivorship');
  const linkList = materializeLinks(resolver, links, clustering);
  lap('links');

  const clusterOf = new Map<string, string>();
  for (const cluster of clusters) for (const member of cluster.members) clusterOf.set(member, cluster.id);
  const guards: GuardCounters = {
    blockedValues: Object.fromEntries(table.attributes.map((column) => [column.name, column.blockedValueCount])),
    frequencyCapValues: caps.values,
    frequencyCapRecords: caps.records,
    mergesBlocked: clustering.mergesBlocked,
  };
  const model = resolver.model;
  const result: ResolutionResult = {
    clusters,
    links: linkList,
    clusterOf,
    stats: {
      records: table.rows,
      candidatePairs: pairA.length,
      links: links.order.length,
      mergedLinks: clustering.status.reduce((count, status) => count + (status === 0 ? 1 : 0), 0),
      clusters: clusters.length,
      oversizedBlocks: blocking.oversizedBlocks,
      recordsInOversizedBlocks: blocking.recordsInOversizedBlocks,
      guards,
      model:
        model === null
          ? null
          : {
              lambda: model.lambda,
              iterations: model.iterations,
              m: Object.fromEntries(model.fields.map((f, i) => [resolver.comparisons[f].attribute, [...model.m[i]]])),
              u: Object.fromEntries(model.fields.map((f, i) => [resolver.comparisons[f].attribute, [...model.u[i]]])),
            },
      timings,
    },
  };
  return { resolver, links, clustering, result };
}

export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

interface ReferencePairs {
  pairs: Array<[number, number]>;
  rules: number[];
}

/** Pairs linked by a cross-reference rule (a CRM contact recording a membership number). */
function referencePairs(resolver: Resolver): ReferencePairs {
  const rows = resolver.table.rows;
  const strongest = new Map<number, number>();
  resolver.rules.forEach((rule, index) => {
    if (rule.reference === undefined) return;
    const targets = resolver.referenceIndex(rule);
    for (let row = 0; row < rows; row++) {
      for (const target of resolver.referenceTargets(row, rule, targets)) {
        const key = Math.min(row, target) * rows + Math.max(row, target);
        if (!strongest.has(key)) strongest.set(key, index);
      }
    }
  });
  const pairs: Array<[number, number]> = [];
  const rules: number[] = [];
  for (const [key, rule] of strongest) {
    pairs.push([Math.floor(key / rows), key % rows]);
    rules.push(rule);
  }
  return { pairs, rules };
}

/** Keeps the pairs some rule fires on, ordered strongest first: rule priority, then probability, then record keys. */
function selectLinks(
  resolver: Resolver,
  pairA: IntColumn,
  pairB: IntColumn,
  pairPattern: IntColumn,
  candidatePairs: number,
  references: ReferencePairs,
  options: ResolveOptions,
): LinkColumns {
  const a = new IntColumn();
  const b = new IntColumn();
  const rule = new IntColumn();
  const pattern = new IntColumn();
  const table = resolver.table;
  for (const [keyA, keyB] of options.forceMerge ?? []) {
    const rowA = table.rowOf.get(keyA);
    const rowB = table.rowOf.get(keyB);
    if (rowA === undefined || rowB === undefined || rowA === rowB) continue;
    a.push(Math.min(rowA, rowB));
    b.push(Math.max(rowA, rowB));
    rule.push(STEWARD_RULE);
    pattern.push(resolver.codec.encode(rowA, rowB));
  }
  const total = pairA.length;
  for (let p = 0; p < total; p++) {
    const code = pairPattern.data[p];
    let fired = resolver.classify(code).rule;
    if (p >= candidatePairs) {
      const referenceRule = references.rules[p - candidatePairs];
      fired = fired < 0 ? referenceRule : Math.min(fired, referenceRule);
    }
    if (fired < 0) continue;
    a.push(pairA.data[p]);
    b.push(pairB.data[p]);
    rule.push(fired);
    pattern.push(code);
  }
  const columns = { a: a.toArray(), b: b.toArray(), rule: rule.toArray(), pattern: pattern.toArray() };
  return { ...columns, order: orderLinks(resolver, columns) };
}

/** Strongest first: rule priority, then match probability (descending), then the pair's rows (record-key order). */
function orderLinks(resolver: Resolver, links: Omit<LinkColumns, 'order'>): Int32Array {
  const count = links.a.length;
  const rows = resolver.table.rows;
  const primary = new Float64Array(count);
  const secondary = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    primary[i] = links.rule[i] * 2 - resolver.classify(links.pattern[i]).probability;
    secondary[i] = links.a[i] * rows + links.b[i];
  }
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  return order.sort((x, y) => primary[x] - primary[y] || secondary[x] - secondary[y]);
}

/** Union-find over the ordered links, each merge checked by the guards. */
export function clusterLinks(resolver: Resolver, links: LinkColumns, options: ResolveOptions): ClusteringOutcome {
  const table = resolver.table;
  const identity = new Int32Array(table.rows);
  for (let i = 0; i < identity.length; i++) identity[i] = i;
  const state = new ClusterState(identity, table, resolver.guardSpec(options.neverMerge), (x, y) => x < y);
  const status = new Uint8Array(links.a.length);
  const blockedBy = new Map<number, string>();
  const mergesBlocked: Record<string, number> = {};
  for (const index of links.order) {
    const outcome = state.union(links.a[index], links.b[index], links.rule[index] === STEWARD_RULE);
    if (outcome === MERGED) continue;
    if (outcome === REDUNDANT) {
      status[index] = 1;
      continue;
    }
    status[index] = 2;
    blockedBy.set(index, outcome);
    mergesBlocked[outcome] = (mergesBlocked[outcome] ?? 0) + 1;
  }
  return { state, status, blockedBy, mergesBlocked };
}

/** Groups rows by root; members in record-key order, the first being the anchor. */
function buildClusters(resolver: Resolver, state: ClusterState): Cluster[] {
  const table = resolver.table;
  const rows = table.rows;
  const roots = new Int32Array(rows);
  const counts = new Int32Array(rows);
  for (let row = 0; row < rows; row++) {
    roots[row] = state.find(row);
    counts[roots[row]]++;
  }
  const members = new Map<number, number[]>();
  const clusters: Cluster[] = [];
  for (let row = 0; row < rows; row++) {
    const root = roots[row];
    if (counts[root] === 1) {
      clusters.push(makeCluster(resolver, [row]));
      continue;
    }
    let list = members.get(root);
    if (list === undefined) {
      list = [];
      members.set(root, list);
    }
    list.push(row);
    if (list.length === counts[root]) {
      clusters.push(makeCluster(resolver, list));
      members.delete(root);
    }
  }
  clusters.sort((x, y) => compareKeys(x.anchor, y.anchor));
  return clusters;
}

/** A cluster from its member rows (in record-key order). */
export function makeCluster(resolver: Resolver, rows: number[]): Cluster {
  const keys = rows.map((row) => resolver.table.keys[row]);
  const anchor = keys.reduce((smallest, key) => (key < smallest ? key : smallest));
  return { id: clusterIdOf(anchor), anchor, members: keys, profile: resolver.survivorship.profile(rows) };
}

function materializeLinks(resolver: Resolver, links: LinkColumns, clustering: ClusteringOutcome): Link[] {
  const statuses: Link['status'][] = ['merged', 'redundant', 'blocked'];
  const list: Link[] = [];
  for (const index of links.order) {
    list.push(
      resolver.link(
        links.a[index],
        links.b[index],
        links.rule[index],
        links.pattern[index],
        statuses[clustering.status[index]],
        clustering.blockedBy.get(index),
      ),
    );
  }
  return list;
}
