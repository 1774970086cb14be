// Walks a response along the operation's field sites, once: nulls removed fields, visits customers and PII values, strips hidden fields.
import type { FieldSite } from './analysis.ts';

export type ResponsePath = (string | number)[];

/** A customer object in the response, as the policies see it. */
export interface CustomerScope {
  object: Record<string, unknown>;
  path: ResponsePath;
  /** Facts the policies attach (consent decisions, ...). */
  notes: Map<string, unknown>;
}

/** Return false to withhold the customer entirely. */
export type CustomerHandler = (scope: CustomerScope) => boolean;
/** Return the value to deliver: the same one, a masked copy, or null. */
export type PiiHandler = (value: unknown, site: FieldSite, scope: CustomerScope | null, path: ResponsePath) => unknown;

export interface WalkOptions {
  removed: ReadonlySet<FieldSite>;
  hiddenPrefix: string;
  stripHidden: boolean;
  customer: CustomerHandler[];
  pii: PiiHandler[];
  /** Sites worth descending into (those leading to a removed, PII or customer site); all when absent. */
  relevant?: ReadonlySet<FieldSite>;
}

const WITHHOLD = Symbol('withhold');
type Walked = unknown | typeof WITHHOLD;

export function walkResult(data: Record<string, unknown> | null | undefined, roots: FieldSite[], options: WalkOptions): Record<string, unknown> | null | undefined {
  if (!data) return data;
  const result = walkObject(data, roots, null, [], options);
  return result === WITHHOLD ? null : data;
}

function walkObject(object: Record<string, unknown>, sites: FieldSite[], scope: CustomerScope | null, path: ResponsePath, options: WalkOptions): Walked {
  for (const site of sites) {
    if (options.removed.has(site)) {
      object[site.key] = null;
      continue;
    }
    if (options.relevant && !options.relevant.has(site)) continue;
    const value = object[site.key];
    if (value === null || value === undefined) continue;
    const walked = walkValue(value, site, scope, [...path, site.key], options);
    if (walked === WITHHOLD) {
      if (!site.nullable) return WITHHOLD;
      object[site.key] = null;
    } else if (walked !== value) {
      object[site.key] = walked;
    }
  }
  if (options.stripHidden) {
    for (const key of Object.keys(object)) if (key.startsWith(options.hiddenPrefix)) delete object[key];
  }
  return object;
}

function walkValue(value: unknown, site: FieldSite, scope: CustomerScope | null, path: ResponsePath, options: WalkOptions): Walked {
  if (!Array.isArray(value)) return walkItem(value, site, scope, path, options);
  const drop: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const item = value[i];
    if (item === null) continue;
    const walked = Array.isArray(item) ? walkValue(item, site, scope, [...path, i], options) : walkItem(item, site, scope, [...path, i], options);
    if (walked === WITHHOLD) {
      // A withheld item leaves the list when its items may not be null.
      if (site.itemNullable) value[i] = null;
      else drop.push(i);
    } else if (walked !== item) {
      value[i] = walked;
    }
  }
  for (let i = drop.length - 1; i >= 0; i--) value.splice(drop[i], 1);
  return value;
}

function walkItem(item: unknown, site: FieldSite, scope: CustomerScope | null, path: ResponsePath, options: WalkOptions): Walked {
  let value = item;
  if (site.pii) {
    for (const handler of options.pii) {
      value = handler(value, site, scope, path);
      if (value === null) return null;
    }
  }
  if (typeof value !== 'object' || value === null || site.children.length === 0) return value;
  const object = value as Record<string, unknown>;
  let childScope = scope;
  if (site.customer) {
    childScope = { object, path, notes: new Map() };
    for (const handler of options.customer) if (!handler(childScope)) return WITHHOLD;
  }
  return walkObject(object, site.children, childScope, path, options);
}

/** The sites on the way to any of `targets`, targets included. */
export function sitesLeadingTo(targets: Iterable<FieldSite>): Set<FieldSite> {
  const out = new Set<FieldSite>();
  for (const site of targets) {
    for (let s: FieldSite | null = site; s && !out.has(s); s = s.parent) out.add(s);
  }
  return out;
}

/** Applies `fn` to every String leaf of a value shaped by `site` (the value itself when the site is a String field). */
export function mapStringLeaves(value: unknown, site: FieldSite, fn: (s: string) => string): unknown {
  if (value === null || value === undefined) return value;
  if (Array.isArray(value)) return value.map((v) => mapStringLeaves(v, site, fn));
  if (typeof value === 'string') return site.leafIsString ? fn(value) : value;
  if (typeof value !== 'object') return value;
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const child of site.children) {
    if (child.key in out) out[child.key] = mapStringLeaves(out[child.key], child, fn);
  }
  return out;
}
