// Query-plan execution for @apollo/gateway with the semantics of its own executeQueryPlan, without the work it repeats per request.
//
// @apollo/gateway's executor (dist/executeQueryPlan.js, 2.14.4) does, on every request:
// - rebuild the operation object from the document (`operationFromDocument`), although the
//   document is the same object on every request for the same query;
// - build a usage-reporting protobuf node for every plan node, even when no trace is captured;
// - copy the rest of the path (`[current, ...rest]`) at every level of every entity it
//   flattens, so a path through two lists allocates an array per element;
// - build representations as null-prototype objects, which V8 keeps in dictionary mode and
//   JSON.stringify serializes at about half speed.
// This module keeps the algorithm (fetch order, representation building, merging, error
// paths and messages, spans) and drops that work: operations are kept per document and API
// schema, traces are never built (a request that captures traces runs Apollo's executor),
// paths are walked by index, representations are plain objects. It uses Apollo's own
// helpers where they are exported (rewrites, type tests, hydrated error paths, spans), so
// those stay Apollo's. `plan-executor.test.ts` runs both executors on the same plans and
// subgraph answers, generated to include nulls, missing fields, errors and wrong shapes,
// and compares results, errors and what each subgraph was sent. Beyond Apollo's executor,
// sibling fetches to one subgraph at one path go out as one request (fetch-merging.ts).
import { ERRORS, assert, errorCodeDef, operationFromDocument, type Operation, type Schema } from '@apollo/federation-internals';
import type { GraphQLDataSource } from '@apollo/gateway';
import { evaluateCondition, type FetchNode, type PlanNode, type QueryPlan, type SubscriptionNode } from '@apollo/query-planner';
import { SpanStatusCode, type Span } from '@opentelemetry/api';
import { apollo, planExecutorSeam, resultShapingSeam, type ComputeResponse, type ExecuteQueryPlan } from './apollo-seams.ts';
import { isMergedFetch, withMergedFetches, type MergedFetchNode } from './fetch-merging.ts';
import { flattenResultsAtPath, representationOf, type Path } from './merged-data.ts';
import { hasOwn, ownValue, type Data } from './own-properties.ts';
import { GraphQLError, Kind, executeSync, visit, type FragmentDefinitionNode, type GraphQLSchema, type OperationDefinitionNode, type VariableDefinitionNode } from 'graphql';

/** The installed result shaping (install.ts), and Apollo's own executor for the plans delegated to it. */
const shape: ComputeResponse = (input) => resultShapingSeam.current()(input);
const apolloExecutor = planExecutorSeam.apollo;

type RequestContext = Parameters<ExecuteQueryPlan>[2];
type OperationContext = Parameters<ExecuteQueryPlan>[3];
interface Cursor {
  path: Path;
  data: unknown;
  fullResult: Data;
}
interface Execution {
  operation: Operation;
  serviceMap: Record<string, GraphQLDataSource>;
  requestContext: RequestContext;
  operationContext: OperationContext;
  supergraphSchema: GraphQLSchema;
  errors: unknown[];
  telemetryConfig: unknown;
}

/** The operation object per API schema and operation node; the fragments it was built with are checked by identity. */
const operations = new WeakMap<Schema, WeakMap<OperationDefinitionNode, { fragments: FragmentDefinitionNode[]; operation: Operation }>>();

export function operationOf(apiSchema: Schema, context: OperationContext): Operation {
  let bySchema = operations.get(apiSchema);
  if (!bySchema) operations.set(apiSchema, (bySchema = new WeakMap()));
  const fragments = Object.values(context.fragments);
  const cached = bySchema.get(context.operation);
  if (cached && cached.fragments.length === fragments.length && cached.fragments.every((f, i) => f === fragments[i])) return cached.operation;
  const operation = operationFromDocument(apiSchema, { kind: Kind.DOCUMENT, definitions: [context.operation, ...fragments] }, { validate: false });
  bySchema.set(context.operation, { fragments, operation });
  return operation;
}

/** Plans this executor leaves to Apollo's: @defer and subscriptions, which Apollo's executor refuses in its own words. */
const delegated = new WeakMap<QueryPlan, boolean>();
function needsApollo(plan: QueryPlan): boolean {
  let answer = delegated.get(plan);
  if (answer === undefined) {
    const visitNode = (node: PlanNode | SubscriptionNode | undefined): boolean => {
      if (!node) return false;
      switch (node.kind) {
        case 'Sequence':
        case 'Parallel':
          return node.nodes.some(visitNode);
        case 'Flatten':
          return visitNode(node.node);
        case 'Condition':
          return visitNode(node.ifClause) || visitNode(node.elseClause);
        case 'Fetch':
          return false;
        default:
          return true;
      }
    };
    answer = visitNode(plan.node);
    delegated.set(plan, answer);
  }
  return answer;
}

export const executeQueryPlan: ExecuteQueryPlan = async (queryPlan, serviceMap, requestContext, operationContext, supergraphSchema, apiSchema, telemetryConfig) => {
  if (requestContext.metrics?.captureTraces || needsApollo(queryPlan)) {
    return apolloExecutor(queryPlan, serviceMap, requestContext, operationContext, supergraphSchema, apiSchema, telemetryConfig);
  }
  const { tracer, OpenTelemetrySpanNames: names, recordExceptions } = apollo.telemetry;
  return tracer.startActiveSpan(names.EXECUTE, async (span: Span) => {
    try {
      let operation: Operation;
      try {
        operation = operationOf(apiSchema, operationContext);
      } catch (error) {
        if (error instanceof GraphQLError) return { errors: [error] };
        throw error;
      }
      const execution: Execution = { operation, serviceMap, requestContext, operationContext, supergraphSchema, errors: [], telemetryConfig };
      const unfilteredData: Data = Object.create(null);
      const plan = withMergedFetches(queryPlan);
      if (plan.node) await executeNode(execution, plan.node as PlanNode, { path: [], data: unfilteredData, fullResult: unfilteredData });
      const result = postProcess(execution, unfilteredData);
      if (result.errors) {
        recordExceptions(span, result.errors, telemetryConfig);
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      return result;
    } catch (error) {
      recordExceptions(span, [error], telemetryConfig);
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
};

/** Shapes the merged data into the client's answer with whichever result shaping is installed (install.ts). */
function postProcess(execution: Execution, unfilteredData: Data): { data?: unknown; errors?: GraphQLError[]; extensions?: Data } {
  const { tracer, OpenTelemetrySpanNames: names, recordExceptions } = apollo.telemetry;
  const { operation, requestContext, operationContext, errors, telemetryConfig } = execution;
  return tracer.startActiveSpan<ReturnType<typeof postProcess>>(names.POST_PROCESSING, (span: Span) => {
    let data: unknown;
    try {
      const variables = requestContext.request.variables;
      let postProcessingErrors: GraphQLError[];
      ({ data, errors: postProcessingErrors } = shape({
        operation,
        variables,
        input: unfilteredData,
        introspectionHandling: (field) => executeIntrospection(operationContext.schema, field.expandFragments().toSelectionNode(), operationContext.operation.variableDefinitions, variables),
      }));
      if (errors.length === 0 && postProcessingErrors.length > 0) {
        recordExceptions(span, postProcessingErrors, telemetryConfig);
        span.setStatus({ code: SpanStatusCode.ERROR });
        return { extensions: { valueCompletion: postProcessingErrors }, data };
      }
    } catch (error) {
      recordExceptions(span, [error], telemetryConfig);
      span.setStatus({ code: SpanStatusCode.ERROR });
      if (error instanceof GraphQLError) return { errors: [error] };
      if (error instanceof Error) return { errors: [new GraphQLError(error.message, { originalError: error })] };
      (requestContext.logger ?? console).error('Unexpected error during query plan execution: ' + error);
      return { errors: [new GraphQLError('Unexpected error during query plan execution')] };
    } finally {
      span.end();
    }
    return errors.length === 0 ? { data } : { errors: errors as GraphQLError[], data };
  });
}

async function executeNode(execution: Execution, node: PlanNode, cursor: Cursor | undefined): Promise<void> {
  if (!cursor) return;
  switch (node.kind) {
    case 'Sequence':
      for (const child of node.nodes) await executeNode(execution, child, cursor);
      return;
    case 'Parallel':
      await Promise.all(node.nodes.map((child) => executeNode(execution, child, cursor)));
      return;
    case 'Flatten':
      return executeNode(execution, node.node, moveIntoCursor(cursor, node.path));
    case 'Fetch':
      return isMergedFetch(node) ? executeMergedFetch(execution, node, cursor) : runFetch(execution, node, cursor);
    case 'Condition': {
      const picked = evaluateCondition(node, execution.operation.variableDefinitions, execution.requestContext.request.variables) ? node.ifClause : node.elseClause;
      if (picked) await executeNode(execution, picked, cursor);
      return;
    }
    default:
      assert(false, `Unexpected plan node ${node.kind}: such plans run on Apollo's executor`);
  }
}

function moveIntoCursor(cursor: Cursor, path: Path): Cursor | undefined {
  const data = flattenResultsAtPath(cursor.data, path);
  return data ? { path: cursor.path.concat(path), data, fullResult: cursor.fullResult } : undefined;
}

/** A fetch as Apollo's plan node runs it: what it throws becomes one of the response's errors. */
async function runFetch(execution: Execution, fetch: FetchNode, cursor: Cursor, prepared?: Prepared): Promise<void> {
  try {
    await executeFetch(execution, fetch, cursor, prepared);
  } catch (error) {
    execution.errors.push(error);
  }
}

/**
 * Sibling fetches merged by fetch-merging.ts: one request when every original would send a
 * representation for the same entities (each merged representation is then the originals'
 * merged), else each original on its own, exactly as planned.
 */
async function executeMergedFetch(execution: Execution, fetch: MergedFetchNode, cursor: Cursor): Promise<void> {
  let prepared: Prepared | undefined;
  let each: Prepared[] | undefined;
  try {
    const entities = entitiesAt(cursor);
    each = fetch.merged.map((original) => prepareRepresentations(execution, original, entities));
    const [first, ...rest] = each;
    if (rest.every((other) => other.representationToEntity.length === first.representationToEntity.length && other.representationToEntity.every((n, i) => n === first.representationToEntity[i]))) {
      prepared = { representationToEntity: first.representationToEntity, representations: first.representations.map((representation, i) => rest.reduce((merged, other) => apollo.deepMerge(merged, other.representations[i]), representation)) };
    }
  } catch {
    // Whatever failed fails again, with Apollo's own error, in the originals below (which prepare their own).
    each = undefined;
  }
  if (prepared) return runFetch(execution, fetch, cursor, prepared);
  // The originals reuse the representations prepared above: merging was not attempted on them.
  await Promise.all(fetch.merged.map((original, i) => runFetch(execution, original, cursor, each?.[i])));
}

interface Prepared {
  representations: Data[];
  representationToEntity: number[];
}

const entitiesAt = (cursor: Cursor) => (Array.isArray(cursor.data) ? cursor.data.filter((e) => e !== null && e !== undefined) : [cursor.data]) as Data[];

/** Apollo's representations for an entity fetch: one per entity whose `requires` are all present, with its index. */
function prepareRepresentations(execution: Execution, fetch: FetchNode, entities: Data[]): Prepared {
  const prepared: Prepared = { representations: [], representationToEntity: [] };
  for (let index = 0; index < entities.length; index++) {
    const representation = representationOf(execution.supergraphSchema, entities[index], fetch.requires!);
    if (representation && representation.__typename) {
      apollo.rewrites.applyRewrites(execution.supergraphSchema, fetch.inputRewrites, representation);
      prepared.representations.push(representation);
      prepared.representationToEntity.push(index);
    }
  }
  return prepared;
}

async function executeFetch(execution: Execution, fetch: FetchNode, cursor: Cursor, prepared?: Prepared): Promise<void> {
  const { tracer, OpenTelemetrySpanNames: names, recordExceptions } = apollo.telemetry;
  const service = execution.serviceMap[fetch.serviceName];
  return tracer.startActiveSpan(names.FETCH, { attributes: { service: fetch.serviceName } }, async (span: Span) => {
    try {
      if (!service) throw new Error(`Couldn't find service with name "${fetch.serviceName}"`);
      const entities = entitiesAt(cursor);
      if (entities.length < 1) return;
      const variables: Data = Object.create(null);
      const provided = execution.requestContext.request.variables;
      if (fetch.variableUsages && provided) {
        for (const name of fetch.variableUsages) {
          if (hasOwn(provided, name) && typeof provided[name] !== 'undefined') variables[name] = provided[name];
        }
      }
      const { applyRewrites } = apollo.rewrites;
      if (!fetch.requires) {
        const received = await sendOperation(execution, fetch, cursor, service, variables);
        if (received) applyRewrites(execution.supergraphSchema, fetch.outputRewrites, received);
        for (const entity of entities) apollo.deepMerge(entity, received);
        return;
      }
      const { representations, representationToEntity } = prepared ?? prepareRepresentations(execution, fetch, entities);
      if (representations.length < 1) return;
      if ('representations' in variables) throw new Error(`Variables cannot contain key "representations"`);
      const received = await sendOperation(execution, fetch, cursor, service, { ...variables, representations });
      if (!received) return;
      const receivedEntities = received._entities;
      if (!(receivedEntities && Array.isArray(receivedEntities))) throw new Error(`Expected "data._entities" in response to be an array`);
      if (receivedEntities.length !== representations.length) throw new Error(`Expected "data._entities" to contain ${representations.length} elements`);
      // Apollo's loop runs to entities.length; past the representations it merges nothing.
      for (let i = 0; i < representations.length; i++) {
        const receivedEntity = receivedEntities[i] as Data | null;
        const existing = entities[representationToEntity[i]];
        if (receivedEntity && !receivedEntity.__typename) receivedEntity.__typename = existing.__typename;
        applyRewrites(execution.supergraphSchema, fetch.outputRewrites, receivedEntity);
        apollo.deepMerge(existing, receivedEntity);
      }
    } catch (error) {
      recordExceptions(span, [error], execution.telemetryConfig);
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}

async function sendOperation(execution: Execution, fetch: FetchNode, cursor: Cursor, service: GraphQLDataSource, variables: Data): Promise<Data | null | undefined> {
  const { requestContext } = execution;
  const response = await service.process({
    kind: 'incoming operation',
    request: { query: fetch.operation, variables, operationName: fetch.operationName, http: undefined },
    incomingRequestContext: requestContext,
    context: requestContext.context,
    document: fetch.operationDocumentNode,
    pathInIncomingRequest: cursor.path,
  } as never);
  if (response.errors) {
    const errorPath = lazyErrorPaths(fetch, cursor);
    execution.errors.push(...response.errors.map((error) => downstreamServiceError(error, fetch.serviceName, errorPath)));
    if (!response.extensions?.ftv1 && requestContext.metrics) {
      const errorPaths = response.errors.map((error) => ({ subgraph: fetch.serviceName, path: error.path }));
      if (requestContext.metrics.nonFtv1ErrorPaths) requestContext.metrics.nonFtv1ErrorPaths.push(...errorPaths);
      else requestContext.metrics.nonFtv1ErrorPaths = errorPaths;
    }
  }
  return response.data as Data | null | undefined;
}

/** Apollo's makeLazyErrorPathGenerator: an `_entities` error path points at the entity it was about. */
function lazyErrorPaths(fetch: FetchNode, cursor: Cursor) {
  let hydrated: (string | number)[][] | undefined;
  return (errorPath: readonly (string | number)[] | undefined) => {
    if (fetch.requires && typeof errorPath?.[1] === 'number') {
      if (!hydrated) apollo.hydratedPaths([], cursor.path, cursor.fullResult, (hydrated = []));
      return [...(hydrated[errorPath[1]] ?? []), ...errorPath.slice(2)];
    }
    return errorPath ? [...cursor.path, ...errorPath] : undefined;
  };
}

function downstreamServiceError(original: { message?: string; path?: readonly (string | number)[]; extensions?: Data }, serviceName: string, errorPath: ReturnType<typeof lazyErrorPaths>): GraphQLError {
  const message = original.message || `Error while fetching subquery from service "${serviceName}"`;
  const options = { originalError: original as Error, path: errorPath(original.path), extensions: { ...original.extensions, serviceName } };
  const code = errorCodeDef(original as GraphQLError);
  if (!code && original.extensions?.code) return new GraphQLError(message, options);
  return (code ?? ERRORS.DOWNSTREAM_SERVICE_ERROR).err(message, options);
}

/** Apollo's executeIntrospection: an introspection field of the client's operation, answered from the API schema. */
function executeIntrospection(schema: GraphQLSchema, field: import('graphql').FieldNode, definitions: readonly VariableDefinitionNode[] | undefined, variableValues: Data | undefined): unknown {
  const used = new Set<string>();
  visit(field, { Variable: ({ name }) => void used.add(name.value) });
  const usedDefinitions = definitions?.filter((definition) => used.has(definition.variable.name.value));
  assert(used.size === (usedDefinitions?.length ?? 0), () => `Should have found all used variables ${[...used]} in definitions ${JSON.stringify(definitions)}`);
  const { data, errors } = executeSync({
    schema,
    document: { kind: Kind.DOCUMENT, definitions: [{ kind: Kind.OPERATION_DEFINITION, operation: 'query' as never, variableDefinitions: usedDefinitions, selectionSet: { kind: Kind.SELECTION_SET, selections: [field] } }] },
    rootValue: {},
    variableValues,
  });
  assert(!errors || errors.length === 0, () => `Introspection query for ${JSON.stringify(field)} should not have failed but got ${JSON.stringify(errors)}`);
  assert(data, () => `Introspection query for ${JSON.stringify(field)} should not have failed`);
  return ownValue(data as Data, field.alias?.value ?? field.name.value);
}
