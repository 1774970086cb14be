// Evaluates validated rules with mingo (never eval) and explains a match clause by clause, with the customer's values.
import { Query } from 'mingo';
import type { Rule } from './validate.ts';

export interface ClauseExplanation {
  /** The feature tested; null for $and, $or and $nor. */
  field: string | null;
  condition: unknown;
  text: string;
  actual: unknown;
  matched: boolean;
  children: ClauseExplanation[];
}

const compiled = new Map<string, Query>();
const MAX_COMPILED = 2_000;
/** The catalog hands out the same rule objects until a definition changes: most lookups never serialize the rule. */
const byObject = new WeakMap<Rule, Query>();

/** A compiled rule, cached by identity and by its text. Scripting is off: even a rule that slipped past validation cannot run code. */
export function compileRule(rule: Rule): Query {
  let query = byObject.get(rule);
  if (query) return query;
  const key = JSON.stringify(rule);
  query = compiled.get(key);
  if (!query) {
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    query = new Query(rule, { scriptEnabled: false });
    compiled.set(key, query);
  }
  byObject.set(rule, query);
  return query;
}

export function matches(rule: Rule, doc: object): boolean {
  return compileRule(rule).test(doc as Record<string, unknown>);
}

export function readPath(doc: unknown, path: string): unknown {
  let value: unknown = doc;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

const SYMBOLS: Record<string, string> = { $eq: '=', $ne: '≠', $gt: '>', $gte: '≥', $lt: '<', $lte: '≤' };
const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
const list = (v: unknown) => `[${(v as unknown[]).map(show).join(', ')}]`;

function conditionText(field: string, condition: unknown): string {
  if (condition === null || typeof condition !== 'object' || Array.isArray(condition) || !Object.keys(condition).some((k) => k.startsWith('$'))) {
    return `${field} = ${show(condition)}`;
  }
  return Object.entries(condition as Record<string, unknown>)
    .map(([op, v]) => {
      if (op in SYMBOLS) return `${field} ${SYMBOLS[op]} ${show(v)}`;
      if (op === '$in') return `${field} in ${list(v)}`;
      if (op === '$nin') return `${field} not in ${list(v)}`;
      if (op === '$exists') return v ? `${field} is present` : `${field} is missing`;
      if (op === '$not') return `not (${conditionText(field, v)})`;
      if (op === '$all') return `${field} has all of ${list(v)}`;
      if (op === '$size') return `${field} has ${show(v)} items`;
      return `${field} ${op} ${show(v)}`;
    })
    .join(' and ');
}

const LOGICAL_TEXT: Record<string, string> = { $and: 'all of', $or: 'any of', $nor: 'none of' };

/** The rule in words, e.g. `lifecycleStage = TRUE_FAN and service.openCases ≥ 1`. */
export function ruleText(rule: Rule): string {
  return Object.entries(rule)
    .map(([key, value]) => (key in LOGICAL_TEXT ? `${LOGICAL_TEXT[key]} (${(value as Rule[]).map(ruleText).join('; ')})` : conditionText(key, value)))
    .join(' and ');
}

/** Each top-level clause of the rule, evaluated on its own against the document. */
export function explainRule(rule: Rule, doc: object): ClauseExplanation[] {
  return Object.entries(rule).map(([key, value]) => {
    const clause = { [key]: value };
    const matched = matches(clause, doc);
    if (key in LOGICAL_TEXT) {
      const branches = (value as Rule[]).map((branch) => ({
        field: null,
        condition: branch,
        text: ruleText(branch),
        actual: null,
        matched: matches(branch, doc),
        children: explainRule(branch, doc),
      }));
      return { field: null, condition: clause, text: ruleText(clause), actual: null, matched, children: branches };
    }
    return { field: key, condition: value, text: conditionText(key, value), actual: readPath(doc, key) ?? null, matched, children: [] };
  });
}

/** The matched clauses in words with the customer's values: "service.openCases ≥ 1 (is 2)". */
export function reasonText(explanations: ClauseExplanation[]): string {
  return explanations
    .filter((e) => e.matched)
    .map((e) => (e.field ? `${e.text} (is ${show(e.actual)})` : `${e.text.split(' (')[0]}: ${reasonText(e.children.filter((c) => c.matched).flatMap((c) => c.children))}`))
    .join('; ');
}
