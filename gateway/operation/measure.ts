// Measures an operation's shape before it is validated or planned: tokens, depth, height, root fields, aliases, directives.
//
// Fragments are measured once each and reused wherever they are spread, so a document
// that spreads fragments into each other exponentially is measured in linear time (and
// its huge counts reject it). Introspection subtrees are not counted: introspection is
// off in production, and its well-known query is deeper than any customer query.
import { Kind, Lexer, Source, TokenKind, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';

export interface Measurements {
  tokens: number;
  depth: number;
  height: number;
  rootFields: number;
  aliases: number;
  directives: number;
}

interface Shape {
  depth: number;
  height: number;
  aliases: number;
  directives: number;
  rootFields: number;
}

const ZERO: Shape = { depth: 0, height: 0, aliases: 0, directives: 0, rootFields: 0 };

/** Lexical tokens in a document, counting no further than `max + 1`. Null when it does not lex (the parser will say why). */
export function countTokens(text: string, max: number): number | null {
  const lexer = new Lexer(new Source(text));
  let count = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) {
      if (++count > max) return count;
    }
  } catch {
    return null;
  }
  return count;
}

export class FragmentCycleError extends Error {}

/** The operation to run: the named one, or the only one. */
export function selectOperation(document: DocumentNode, operationName: string | null | undefined): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operationName) return operations.find((o) => o.name?.value === operationName);
  return operations.length === 1 ? operations[0] : undefined;
}

export function measureOperation(document: DocumentNode, operation: OperationDefinitionNode, tokens: number): Measurements {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const memo = new Map<string, Shape>();
  const visiting = new Set<string>();

  const measureSet = (set: SelectionSetNode): Shape => {
    const shape: Shape = { ...ZERO };
    const merge = (child: Shape) => {
      shape.depth = Math.max(shape.depth, child.depth);
      shape.height += child.height;
      shape.aliases += child.aliases;
      shape.directives += child.directives;
      shape.rootFields += child.rootFields;
    };
    for (const selection of set.selections) {
      shape.directives += selection.directives?.length ?? 0;
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (name === '__schema' || name === '__type') continue;
        const child = selection.selectionSet ? measureSet(selection.selectionSet) : ZERO;
        shape.depth = Math.max(shape.depth, 1 + child.depth);
        shape.height += 1 + child.height;
        shape.aliases += (selection.alias ? 1 : 0) + child.aliases;
        shape.directives += child.directives;
        shape.rootFields += 1;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        merge(measureSet(selection.selectionSet));
      } else {
        const name = selection.name.value;
        let fragmentShape = memo.get(name);
        if (!fragmentShape) {
          const fragment = fragments.get(name);
          if (!fragment) continue;
          if (visiting.has(name)) throw new FragmentCycleError(`Fragment "${name}" spreads itself`);
          visiting.add(name);
          fragmentShape = measureSet(fragment.selectionSet);
          fragmentShape.directives += fragment.directives?.length ?? 0;
          visiting.delete(name);
          memo.set(name, fragmentShape);
        }
        merge(fragmentShape);
      }
    }
    return shape;
  };

  const root = measureSet(operation.selectionSet);
  const operationDirectives = (operation.directives?.length ?? 0) + (operation.variableDefinitions ?? []).reduce((n, v) => n + (v.directives?.length ?? 0), 0);
  return {
    tokens,
    depth: root.depth,
    height: root.height,
    // Counted at the root level only: nested fields add to the selection sets they sit in.
    rootFields: root.rootFields,
    aliases: root.aliases,
    directives: root.directives + operationDirectives,
  };
}
