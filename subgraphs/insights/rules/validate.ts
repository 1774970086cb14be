// Validates a segment rule before anything is stored: a MongoDB-style filter document over known feature fields, safe operators only.
//
// The language is the query subset of MongoDB filter documents: field conditions joined by
// $and, $or and $nor; per field $eq, $ne, $gt, $gte, $lt, $lte, $in, $nin, $exists, $not,
// and for list fields $all and $size. Anything that runs code ($where, $function,
// $accumulator, $expr) is rejected as unsafe; every other operator ($regex, $elemMatch,
// $type, $mod, $text, …) as unsupported. Fields must exist in the feature catalogue and
// values must have the field's type (enumerations must use one of their values).
import { FEATURE_FIELDS, FIELDS_BY_PATH, type FeatureField } from '../feature-fields.ts';

export type RuleProblem = 'MALFORMED_RULE' | 'UNKNOWN_FIELD' | 'UNSAFE_OPERATOR' | 'UNSUPPORTED_OPERATOR' | 'INVALID_VALUE';

export class RuleError extends Error {
  readonly problem: RuleProblem;
  /** Where in the rule the problem is, as a JSON path (`$.purchase.orderCount.$gt`). */
  readonly at: string;
  constructor(problem: RuleProblem, at: string, message: string) {
    super(message);
    this.problem = problem;
    this.at = at;
  }
}

export type Rule = Record<string, unknown>;

const LOGICAL = new Set(['$and', '$or', '$nor']);
const UNSAFE = new Set(['$where', '$function', '$accumulator', '$expr']);
const COMPARISON = new Set(['$gt', '$gte', '$lt', '$lte']);
const MAX_DEPTH = 8;
const MAX_CLAUSES = 100;
const MAX_RULE_CHARS = 10_000;
const MAX_LIST = 200;

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown) => (typeof v === 'string' ? `"${v}"` : v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : String(v));

/** Parse (when given JSON text) and validate a rule; throws RuleError naming the problem. */
export function parseRule(input: unknown): Rule {
  let rule = input;
  if (typeof input === 'string') {
    try {
      rule = JSON.parse(input);
    } catch (error) {
      throw new RuleError('MALFORMED_RULE', '$', `is not valid JSON: ${(error as Error).message}`);
    }
  }
  if (!isPlainObject(rule)) throw new RuleError('MALFORMED_RULE', '$', `must be a filter document (a JSON object), got ${show(rule)}`);
  if (JSON.stringify(rule).length > MAX_RULE_CHARS) throw new RuleError('MALFORMED_RULE', '$', `is longer than ${MAX_RULE_CHARS} characters`);
  const counter = { clauses: 0 };
  validateFilter(rule, '$', 0, counter);
  return rule;
}

function validateFilter(doc: Record<string, unknown>, at: string, depth: number, counter: { clauses: number }): void {
  if (depth > MAX_DEPTH) throw new RuleError('MALFORMED_RULE', at, `nests deeper than ${MAX_DEPTH} levels`);
  const entries = Object.entries(doc);
  if (entries.length === 0) throw new RuleError('MALFORMED_RULE', at, 'has an empty filter document: a rule needs at least one clause');
  for (const [key, value] of entries) {
    const here = `${at}.${key}`;
    if (++counter.clauses > MAX_CLAUSES) throw new RuleError('MALFORMED_RULE', here, `has more than ${MAX_CLAUSES} clauses`);
    if (key.startsWith('$')) {
      if (UNSAFE.has(key)) throw new RuleError('UNSAFE_OPERATOR', here, `uses "${key}", which would run code: not allowed in segment rules`);
      if (!LOGICAL.has(key)) throw new RuleError('UNSUPPORTED_OPERATOR', here, `uses "${key}" where a field or $and, $or, $nor belongs`);
      if (!Array.isArray(value) || value.length === 0) throw new RuleError('MALFORMED_RULE', here, `"${key}" needs a non-empty array of filter documents, got ${show(value)}`);
      value.forEach((child, i) => {
        if (!isPlainObject(child)) throw new RuleError('MALFORMED_RULE', `${here}[${i}]`, `must be a filter document, got ${show(child)}`);
        validateFilter(child, `${here}[${i}]`, depth + 1, counter);
      });
      continue;
    }
    const field = FIELDS_BY_PATH.get(key);
    if (!field) throw new RuleError('UNKNOWN_FIELD', here, `uses unknown field "${key}"${suggest(key)}`);
    validateCondition(field, value, here, depth + 1);
  }
}

function suggest(key: string): string {
  const lower = key.toLowerCase();
  const same = FEATURE_FIELDS.find((f) => f.path.toLowerCase() === lower);
  if (same) return ` (did you mean "${same.path}"?)`;
  const inGroup = FEATURE_FIELDS.filter((f) => f.path.startsWith(`${key}.`)).map((f) => f.path);
  if (inGroup.length) return `: "${key}" is a group, use a dotted path such as "${inGroup[0]}"`;
  const last = lower.split('.').at(-1)!;
  const similar = FEATURE_FIELDS.find((f) => f.path.toLowerCase().split('.').at(-1) === last);
  return similar ? ` (did you mean "${similar.path}"?)` : '; see segmentFeatureFields for the fields a rule may use';
}

function validateCondition(field: FeatureField, condition: unknown, at: string, depth: number): void {
  if (!isPlainObject(condition) || !Object.keys(condition).some((k) => k.startsWith('$'))) {
    checkEquality(field, condition, at);
    return;
  }
  if (depth > MAX_DEPTH) throw new RuleError('MALFORMED_RULE', at, `nests deeper than ${MAX_DEPTH} levels`);
  for (const [op, value] of Object.entries(condition)) {
    const here = `${at}.${op}`;
    if (!op.startsWith('$')) throw new RuleError('MALFORMED_RULE', here, `mixes operators and the plain key "${op}" in one condition`);
    if (UNSAFE.has(op)) throw new RuleError('UNSAFE_OPERATOR', here, `uses "${op}", which would run code: not allowed in segment rules`);
    switch (op) {
      case '$eq':
      case '$ne':
        checkEquality(field, value, here);
        break;
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte':
        if (field.type !== 'number' && field.type !== 'integer') throw new RuleError('INVALID_VALUE', here, `"${op}" compares numbers, but "${field.path}" is ${article(field.type)}`);
        if (typeof value !== 'number' || !Number.isFinite(value)) throw new RuleError('INVALID_VALUE', here, `"${field.path}" ${op} needs a number, got ${show(value)}`);
        break;
      case '$in':
      case '$nin':
        if (!Array.isArray(value) || value.length === 0 || value.length > MAX_LIST) throw new RuleError('INVALID_VALUE', here, `"${op}" needs a list of 1 to ${MAX_LIST} values, got ${show(value)}`);
        value.forEach((v, i) => checkScalar(field, v, `${here}[${i}]`));
        break;
      case '$exists':
        if (typeof value !== 'boolean') throw new RuleError('INVALID_VALUE', here, `"$exists" needs true or false, got ${show(value)}`);
        break;
      case '$not':
        if (!isPlainObject(value) || !Object.keys(value).every((k) => k.startsWith('$'))) throw new RuleError('MALFORMED_RULE', here, `"$not" needs an operator document such as { "$gt": 3 }, got ${show(value)}`);
        validateCondition(field, value, here, depth + 1);
        break;
      case '$all':
        if (!field.type.endsWith('[]')) throw new RuleError('INVALID_VALUE', here, `"$all" applies to list fields, but "${field.path}" is ${article(field.type)}`);
        if (!Array.isArray(value) || value.length === 0 || value.length > MAX_LIST) throw new RuleError('INVALID_VALUE', here, `"$all" needs a list of 1 to ${MAX_LIST} values, got ${show(value)}`);
        value.forEach((v, i) => checkScalar(field, v, `${here}[${i}]`));
        break;
      case '$size':
        if (!field.type.endsWith('[]')) throw new RuleError('INVALID_VALUE', here, `"$size" applies to list fields, but "${field.path}" is ${article(field.type)}`);
        if (!Number.isInteger(value) || (value as number) < 0) throw new RuleError('INVALID_VALUE', here, `"$size" needs a whole number ≥ 0, got ${show(value)}`);
        break;
      default:
        throw new RuleError('UNSUPPORTED_OPERATOR', here, `uses "${op}", which segment rules do not support (use $eq, $ne, $gt, $gte, $lt, $lte, $in, $nin, $exists, $not, $all, $size)`);
    }
  }
}

const article = (type: string) => (type === 'enum' ? 'an enumeration' : type === 'integer' ? 'an integer' : type === 'object' ? 'an object' : type.endsWith('[]') ? 'a list' : `a ${type}`);

/** Equality: null, a value of the field's type, or (for list fields) one element or a whole list. */
function checkEquality(field: FeatureField, value: unknown, at: string): void {
  if (value === null) return;
  if (field.type.endsWith('[]') && Array.isArray(value)) {
    value.forEach((v, i) => checkScalar(field, v, `${at}[${i}]`));
    return;
  }
  checkScalar(field, value, at);
}

function checkScalar(field: FeatureField, value: unknown, at: string): void {
  if (value === null) return;
  const ok =
    field.type === 'number' || field.type === 'integer' ? typeof value === 'number' && Number.isFinite(value) :
    field.type === 'boolean' ? typeof value === 'boolean' :
    field.type === 'object' ? false :
    typeof value === 'string' && value.length <= 200;
  if (!ok) {
    const hint = isPlainObject(value) ? ' (operators start with "$", e.g. "$gt")' : '';
    const expected = field.type === 'object' ? 'only null ($exists and $ne: null also work)' : article(field.type.replace('[]', ''));
    throw new RuleError('INVALID_VALUE', at, `"${field.path}" expects ${expected}, got ${show(value)}${hint}`);
  }
  if (field.values && (field.type === 'enum' || field.type === 'enum[]') && !field.values.includes(value as string)) {
    throw new RuleError('INVALID_VALUE', at, `"${field.path}" has no value ${show(value)}; use one of ${field.values.join(', ')}`);
  }
}
