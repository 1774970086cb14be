// Result shaping for @apollo/gateway with the same rules as its own, compiled per selection set instead of re-derived per value.
//
// After a query plan has run, @apollo/gateway walks the merged subgraph data along the
// client's operation (`computeResponse` in its resultShaping.js): it keeps the fields the
// client asked for in the client's order, answers `__typename`, applies fragments by
// runtime type, checks every leaf against its type and bubbles nulls up to the nearest
// nullable field. Its walk re-derives for every value what depends only on the operation:
// @skip/@include directives, the field's type wrappers, schema lookups by type name,
// subtype tests and, for Int and ID, a regular expression over `String(value)`. In the
// guild benchmark that walk was 18% of the gateway's CPU.
//
// Here each selection set is compiled the first time the walk meets it, and kept as long as
// the operation object (the plan executor keeps one per document) unless its @skip/@include
// read variables (then for one request): skip decisions, wrappers and leaf checks become flat fields, and type
// conditions are decided once per runtime type name. The walk itself then only reads and
// writes properties. Outputs, error messages and error paths are the same as Apollo's;
// `result-shaping.test.ts` runs both on the same inputs.
//
// Output objects are plain objects where Apollo's have a null prototype: V8 keeps
// null-prototype objects in dictionary mode, and JSON.stringify of a guild answer built
// from them took 2.3 times as long. Response names that Object.prototype also has
// (`constructor`, `toString`, `__proto__`, ...) are read and written as own properties.
import {
  ERRORS,
  assert,
  isCompositeType,
  isCustomScalarType,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  isSubtype,
  typenameFieldName,
  Variable,
  type CompositeType,
  type FieldSelection,
  type NamedType,
  type Operation,
  type Schema,
  type Selection,
  type SelectionSet,
  type Type,
} from '@apollo/federation-internals';
import type { GraphQLError } from 'graphql';
import { INHERITED, ownValue, type Data } from './own-properties.ts';

/** What @apollo/gateway passes to `computeResponse`. */
export interface ShapingInput {
  operation: Operation;
  variables?: Record<string, unknown>;
  input: Data | null | undefined;
  introspectionHandling: (selection: FieldSelection) => unknown;
}

/** How a field's value is completed: its type's wrappers down to a composite or leaf type. */
type Shape =
  | { kind: 'nonNull'; inner: Shape; type: Type }
  | { kind: 'list'; inner: Shape; type: Type }
  | { kind: 'composite'; type: CompositeType }
  | { kind: 'leaf'; type: Type; valid: (value: unknown) => boolean };

/** A @skip or @include whose `if` is a variable: decided per request, when the entry is walked. */
interface VariableCondition {
  variable: string;
  /** true for @include (the selection stays when the variable is true), false for @skip. */
  include: boolean;
}

/**
 * `own`: the response name is also a property of Object.prototype, so it is read and written as an own property only.
 * `when`: the selection's @skip/@include that read variables (constant ones are applied when the set is compiled).
 */
type Entry = { when?: VariableCondition[] } & (
  | { kind: 'introspection'; name: string; own: boolean; selection: FieldSelection }
  | { kind: 'typename'; name: string; own: boolean; aliased: boolean }
  | { kind: 'field'; name: string; own: boolean; shape: Shape; set: SelectionSet | undefined }
  | { kind: 'fragment'; condition: CompositeType | undefined; set: SelectionSet; applies: Map<string, boolean> }
);

function setOwn(object: Data, name: string, value: unknown): void {
  if (name === '__proto__') Object.defineProperty(object, name, { value, enumerable: true, writable: true, configurable: true });
  else object[name] = value;
}
/** Apollo's leaf check for Int and ID numbers is /^-?(?:0|[1-9][0-9]*)$/ on String(value): integers below 1e21 print without exponent. */
const isIntegral = (value: number) => Number.isInteger(value) && Math.abs(value) < 1e21;

/** A leaf check with the rules of federation-internals' isValidLeafValue, decided per type once. */
function leafCheck(schema: Schema, type: NamedType): (value: unknown) => boolean {
  if (isCustomScalarType(type)) return () => true;
  if (isEnumType(type)) return (value) => typeof value === 'string' && type.value(value) !== undefined;
  if (type === schema.booleanType()) return (value) => typeof value === 'boolean';
  if (type === schema.intType()) return (value) => typeof value === 'number' && isIntegral(value);
  if (type === schema.idType()) return (value) => typeof value === 'string' || (typeof value === 'number' && isIntegral(value));
  if (type === schema.floatType()) return (value) => typeof value === 'number' && Number.isFinite(value);
  return (value) => typeof value === 'string';
}

/**
 * Compiled selection sets and shapes, for as long as the operation object lives (the plan
 * executor keeps one per document, plan-executor.ts). Nothing in them depends on a request's
 * variables: a variable @skip/@include is kept on its entry and decided during the walk.
 */
const SHARED = { entries: new WeakMap<SelectionSet, Entry[]>(), shapes: new WeakMap<Type, Shape>() };

class ShapingRun {
  readonly errors: GraphQLError[] = [];
  readonly path: (string | number)[] = [];
  /** Set by `value()` for its caller: the value must null its parent (non-null violated), and errors were recorded below it. */
  invalid = false;
  hasErrors = false;

  private readonly schema: Schema;
  private readonly variables: Record<string, unknown>;
  private readonly introspection: (selection: FieldSelection) => unknown;

  constructor(schema: Schema, variables: Record<string, unknown>, introspection: (selection: FieldSelection) => unknown) {
    this.schema = schema;
    this.variables = variables;
    this.introspection = introspection;
  }

  /**
   * The selection's @skip/@include: 'skip' when a constant one removes it, else the ones that
   * read variables (none: always kept).
   */
  private conditions(selection: Selection): VariableCondition[] | 'skip' {
    const element = selection.element;
    const when: VariableCondition[] = [];
    for (const [directive, include] of [[this.schema.skipDirective(), false], [this.schema.includeDirective(), true]] as const) {
      const applied = element.appliedDirectivesOf(directive)[0];
      if (!applied) continue;
      const argument = applied.arguments().if;
      if (argument instanceof Variable) when.push({ variable: argument.name, include });
      else if (Boolean(argument) !== include) return 'skip';
    }
    return when;
  }

  /** Whether the variable conditions of an entry keep it in this request. */
  private holds(when: VariableCondition[]): boolean {
    for (const { variable, include } of when) {
      const value = this.variables[variable];
      assert(value !== undefined && typeof value === 'boolean', () => `Unexpected value ${value} for variable $${variable}`);
      if (value !== include) return false;
    }
    return true;
  }

  private shapeOf(type: Type): Shape {
    let shape = SHARED.shapes.get(type);
    if (shape) return shape;
    if (isNonNullType(type)) shape = { kind: 'nonNull', inner: this.shapeOf(type.ofType), type };
    else if (isListType(type)) shape = { kind: 'list', inner: this.shapeOf(type.ofType), type };
    else if (isCompositeType(type)) shape = { kind: 'composite', type };
    else shape = { kind: 'leaf', type, valid: leafCheck(this.schema, type as NamedType) };
    SHARED.shapes.set(type, shape);
    return shape;
  }

  private entries(set: SelectionSet): Entry[] {
    let entries = SHARED.entries.get(set);
    if (entries) return entries;
    entries = [];
    for (const selection of set.selections()) {
      const conditions = this.conditions(selection);
      if (conditions === 'skip') continue;
      const when = conditions.length ? conditions : undefined;
      if (selection.kind === 'FieldSelection') {
        const field = selection.element;
        const name = field.responseName();
        const own = INHERITED.has(name);
        if (field.definition.isSchemaIntrospectionField()) entries.push({ kind: 'introspection', name, own, selection, when });
        else if (field.name === typenameFieldName) entries.push({ kind: 'typename', name, own, aliased: name !== typenameFieldName, when });
        else entries.push({ kind: 'field', name, own, shape: this.shapeOf(field.definition.type!), set: selection.selectionSet, when });
      } else {
        entries.push({ kind: 'fragment', condition: selection.element.typeCondition, set: selection.selectionSet, applies: new Map(), when });
      }
    }
    SHARED.entries.set(set, entries);
    return entries;
  }

  /** Apollo's typeConditionApplies, decided once per runtime type name (or parent type, when the object has no __typename). */
  private applies(entry: Extract<Entry, { kind: 'fragment' }>, typename: string | undefined, parentType: CompositeType): boolean {
    if (!entry.condition) return true;
    const key = typename ? typename : `\u0000${parentType.name}`;
    let applies = entry.applies.get(key);
    if (applies === undefined) {
      const type = typename ? this.schema.type(typename) : parentType;
      applies = !!type && isSubtype(entry.condition, type);
      entry.applies.set(key, applies);
    }
    return applies;
  }

  /** Apollo's applySelectionSet: returns false when a non-null field under this object came back null (the object becomes null). */
  selectionSet(input: Data, set: SelectionSet, output: Data, parentType: CompositeType): boolean {
    for (const entry of this.entries(set)) {
      if (entry.when && !this.holds(entry.when)) continue;
      switch (entry.kind) {
        case 'introspection':
          if ((entry.own ? ownValue(output, entry.name) : output[entry.name]) === undefined) setOwn(output, entry.name, this.introspection(entry.selection));
          break;
        case 'typename': {
          if ((entry.own ? ownValue(output, entry.name) : output[entry.name]) !== undefined) break;
          let value = ownValue(input, entry.name) ?? null;
          if (value === null && entry.aliased) value = input[typenameFieldName] ?? null;
          const type = typeof value === 'string' ? (this.schema.type(value) ?? parentType) : parentType;
          if (!isObjectType(type)) return false;
          setOwn(output, entry.name, type.name);
          break;
        }
        case 'field': {
          const inputValue = (entry.own ? ownValue(input, entry.name) : input[entry.name]) ?? null;
          const outputValue = entry.own ? ownValue(output, entry.name) : output[entry.name];
          this.path.push(entry.name);
          const updated = this.value(outputValue, entry.shape, inputValue, entry.set, parentType);
          if (entry.own) setOwn(output, entry.name, updated);
          else output[entry.name] = updated;
          this.path.pop();
          if (this.invalid) return false;
          break;
        }
        case 'fragment': {
          const typename = input[typenameFieldName];
          if (typename && typeof typename !== 'string') assert(false, () => `Got unexpected value for __typename: ${typename}`);
          if (this.applies(entry, typename as string | undefined, parentType) && !this.selectionSet(input, entry.set, output, entry.condition ?? parentType)) return false;
          break;
        }
      }
    }
    return true;
  }

  /** Apollo's updateOutputValue: the completed value; `invalid` and `hasErrors` say what happened below it. */
  value(outputValue: unknown, shape: Shape, inputValue: unknown, set: SelectionSet | undefined, parentType: CompositeType): unknown {
    this.invalid = false;
    this.hasErrors = false;
    if (inputValue === undefined) assert(false, 'Should not pass undefined for `inputValue` to this method');
    if (outputValue === null || (outputValue !== undefined && !set)) return outputValue;
    switch (shape.kind) {
      case 'nonNull': {
        const updated = this.value(outputValue, shape.inner, inputValue, set, parentType);
        if (updated === null) {
          if (!this.hasErrors) this.error(`Cannot return null for non-nullable ${this.describe((shape.type as { ofType: Type }).ofType, parentType)}.`);
          this.invalid = true;
          this.hasErrors = true;
          return null;
        }
        this.invalid = false;
        this.hasErrors = false;
        return updated;
      }
      case 'list': {
        if (inputValue === null) return null;
        if (!Array.isArray(inputValue)) assert(false, () => `Invalid non-list value ${inputValue} returned by subgraph for list type ${shape.type}`);
        if (outputValue !== undefined && !Array.isArray(outputValue)) assert(false, () => `Invalid non-list value ${outputValue} returned by subgraph for list type ${shape.type}`);
        const input = inputValue as unknown[];
        const previous = outputValue as unknown[] | undefined;
        if (previous && previous.length !== input.length) assert(false, () => `[${input}].length (${input.length}) !== [${previous}].length (${previous.length})`);
        const updated = new Array(input.length);
        let nullify = false;
        let hasErrors = false;
        for (let i = 0; i < input.length; i++) {
          this.path.push(i);
          updated[i] = this.value(previous ? previous[i] : undefined, shape.inner, input[i], set, parentType);
          this.path.pop();
          nullify ||= this.invalid;
          hasErrors ||= this.hasErrors;
        }
        this.invalid = false;
        this.hasErrors = hasErrors;
        return nullify ? null : updated;
      }
      case 'composite': {
        if (inputValue === null) return null;
        if (!set) assert(false, () => `Invalid empty selection set for composite type ${shape.type}`);
        if (typeof inputValue !== 'object') assert(false, () => `Invalid non-object value ${inputValue} returned by subgraph for composite type ${shape.type}`);
        if (outputValue !== undefined && typeof outputValue !== 'object') assert(false, () => `Invalid non-object value ${inputValue} returned by subgraph for composite type ${shape.type}`);
        const input = inputValue as Data;
        const typename = input[typenameFieldName];
        if (typename !== undefined && typeof typename !== 'string') assert(false, () => `Invalid non-string value ${typename} for __typename at ${this.path}`);
        let objectType = shape.type;
        if (typename) {
          const named = this.schema.type(typename as string);
          if (!named || !isCompositeType(named)) {
            this.error(`Invalid __typename found for object at ${this.describe(shape.type, parentType)}.`);
            this.hasErrors = true;
            return null;
          }
          objectType = named;
        }
        const output = (outputValue as Data | undefined) ?? {};
        const ok = this.selectionSet(input, set!, output, objectType);
        this.invalid = false;
        this.hasErrors = !ok;
        return ok ? output : null;
      }
      case 'leaf': {
        if (inputValue === null) return null;
        if (outputValue !== undefined) assert(false, () => `Excepted output to be undefined but got ${shape.type} for type ${shape.type}`);
        if (shape.valid(inputValue)) return inputValue;
        this.error(`Invalid value found for ${this.describe(shape.type, parentType)}.`);
        this.hasErrors = true;
        return null;
      }
    }
  }

  /** Apollo's pathLastElementDescription. */
  private describe(currentType: Type, parentType: CompositeType): string {
    const element = this.path[this.path.length - 1];
    assert(element !== undefined, 'Should not have been called on an empty path');
    return typeof element === 'string' ? `field ${parentType}.${element}` : `array element of type ${currentType} at index ${element}`;
  }

  private error(message: string): void {
    this.errors.push(ERRORS.INVALID_GRAPHQL.err(message, { path: Array.from(this.path) }));
  }
}

/** Drop-in for @apollo/gateway's `computeResponse`: the client's data, and the value-completion errors. */
export function computeResponse({ operation, variables, input, introspectionHandling }: ShapingInput): { data: Data | null | undefined; errors: GraphQLError[] } {
  if (!input) return { data: input, errors: [] };
  const schema = operation.schema();
  const run = new ShapingRun(schema, { __proto__: null, ...operation.collectDefaultedVariableValues(), ...variables }, introspectionHandling);
  const data: Data = {};
  const rootType = schema.schemaDefinition.rootType(operation.rootKind)!;
  const ok = run.selectionSet(input, operation.selectionSet, data, rootType);
  return { data: ok ? data : null, errors: run.errors };
}
