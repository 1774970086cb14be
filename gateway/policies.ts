// The governance pipeline: builds the ordered list of policy plugins from config, the per-request principal, and runs each hook in list order.
//
//   HTTP (context creation)   authentication → rate limit → persisted operations → limits (shape)
//   after validation          limits (cost) → authorization → consent → audit      (rewrite, then plan)
//   after execution           authorization (nulls) → consent → masking → audit    (one walk of the response)
//
// The directives enforced are read from the schema Apollo Server actually serves
// (schemaDidLoadOrUpdate), so the schema in service and the rules enforced always agree,
// through every hot reload. A schema whose rules cannot be evaluated is refused by
// `onSupergraph` before it is served, and if one is served anyway every operation is refused.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServerPlugin, GraphQLRequestContextDidResolveOperation } from '@apollo/server';
import { getNamedType, isLeafType, isObjectType, type DocumentNode, type GraphQLFormattedError, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import type { Logger } from '../runtime/logger.ts';
import { anonymousPrincipal, type Principal } from './auth/principal.ts';
import { openAuditSink } from './audit/sink.ts';
import { attachGovernance, governanceOf, type Governance } from './governance.ts';
import { AnalysisCache } from './operation/analysis.ts';
import { sitesLeadingTo, walkResult, type CustomerHandler, type PiiHandler } from './operation/result-walk.ts';
import { emptyPlan, hiddenAlias, planIsEmpty, rewriteOperation } from './operation/rewrite.ts';
import type { PolicyConfig } from './policy-config.ts';
import type { PiiKind } from './policy-defaults.ts';
import { PolicyCode, policyError } from './policy-error.ts';
import { auditPlugin } from './plugins/audit.ts';
import { authenticationPlugin } from './plugins/authentication.ts';
import { authorizationPlugin } from './plugins/authorization.ts';
import { consentPlugin } from './plugins/consent.ts';
import { corsHandler } from './plugins/cors.ts';
import { NO_OBSERVER, type GateStage, type GovernancePlugin, type GraphQLParams, type OperationStage, type PolicyObserver, type ResultStage, type SchemaPolicies } from './plugins/hooks.ts';
import { limitsPlugin } from './plugins/limits.ts';
import { maskingPlugin } from './plugins/masking.ts';
import { persistedOperationsPlugin } from './plugins/persisted-operations.ts';
import { createTokenBuckets, rateLimitPlugin } from './plugins/rate-limit.ts';
import { readSecurityDirectives, type SecurityDirectives } from './supergraph/security.ts';

export interface Policies {
  /** Apollo Server plugins, in order; put them after the observability plugins. */
  plugins: ApolloServerPlugin[];
  /** The GraphQL context of one HTTP request: authenticates, rate-limits and checks the request before Apollo parses it. */
  context(req: IncomingMessage, body: unknown): Promise<object>;
  /** Who is calling, by the authentication policy alone (for the gateway's admin routes); throws its 401 error. */
  authenticate(req: IncomingMessage): Promise<Principal>;
  /** HTTP-level hook for the GraphQL path (CORS preflight, headers); true when it answered. */
  intercept(req: IncomingMessage, res: ServerResponse): boolean;
  /** Call before a new supergraph goes into service (from `prepare`): throws when its rules cannot be enforced. */
  onSupergraph(directives: SecurityDirectives): void;
  /** The plugins in order, by name (for docs and tests). */
  names: string[];
  close(): Promise<void>;
}

export const CUSTOMER_TYPE = 'Customer';
const PII_SCOPES = new Set(['pii:read', 'pii:masked']);

/** `observer` counts what the policies do, for /metrics: refusals by error code, and cache lookups. */
export async function createPolicies(config: PolicyConfig, logger: Logger, observer: PolicyObserver = NO_OBSERVER): Promise<Policies> {
  const authentication = await authenticationPlugin(config, logger, observer);
  const list: GovernancePlugin[] = [
    authentication,
    rateLimitPlugin(createTokenBuckets(config, logger)),
    persistedOperationsPlugin(config),
    limitsPlugin(config, undefined, observer),
    authorizationPlugin(config.policies),
    consentPlugin(config.consentPurposes),
    maskingPlugin(config.masks),
    ...(config.audit.enabled ? [auditPlugin(openAuditSink(config.audit, logger))] : []),
  ];
  const newGovernance = (): Governance => ({ principal: anonymousPrincipal(config.consumers.anonymous), persisted: null, measured: null, shapeChecked: false });
  const schemas = new WeakMap<GraphQLSchema, SchemaPolicies | Error>();
  const cors = corsHandler(config.cors);

  const checkSchema = (directives: SecurityDirectives) => {
    for (const plugin of list) plugin.onSchema?.(directives);
  };

  /**
   * PII fields: those the config lists, and those the schema marks readable with `pii:read`
   * or `pii:masked` and nothing else, when they hold a value (a scalar, or an object of
   * scalars like ProfileValue). Fields that merely derive from PII (segments, features)
   * carry other scopes or richer types, and are not masked or consent-checked as PII.
   */
  const piiKinds = (directives: SecurityDirectives, schema: GraphQLSchema) => {
    const kinds = new Map<string, PiiKind>(Object.entries(config.piiFields));
    for (const [coordinate, requirement] of Object.entries(directives.fields)) {
      const scopes = requirement.scopes;
      if (!scopes?.length || kinds.has(coordinate) || !scopes.every((all) => all.length === 1 && PII_SCOPES.has(all[0]))) continue;
      if (holdsValue(schema, coordinate)) kinds.set(coordinate, guessKind(coordinate));
    }
    return kinds;
  };

  const runner: ApolloServerPlugin = {
    async serverWillStart() {
      return {
        schemaDidLoadOrUpdate({ apiSchema, coreSupergraphSdl }) {
          try {
            const directives = coreSupergraphSdl ? readSecurityDirectives(coreSupergraphSdl) : emptyDirectives();
            checkSchema(directives);
            const kinds = piiKinds(directives, apiSchema);
            const analyses = new AnalysisCache({ schema: apiSchema, directives, customerType: CUSTOMER_TYPE, piiKindOf: (c) => kinds.get(c) ?? null });
            schemas.set(apiSchema, { apiSchema, directives, analyses });
            logger.info({ features: directives.features, guardedFields: Object.keys(directives.fields).length, guardedTypes: Object.keys(directives.types).length }, 'governance enforcing the schema in service');
          } catch (error) {
            schemas.set(apiSchema, error as Error);
            logger.error({ reason: (error as Error).message }, 'the schema in service cannot be governed: every operation is refused');
          }
        },
      };
    },
    async requestDidStart({ contextValue }) {
      const governance = governanceOf(contextValue);
      let operationStage: OperationStage | null = null;
      // The operation's own hash: applyRewrite suffixes rc.queryHash with the caller's plan.
      let queryHash: string | null = null;
      return {
        async didResolveOperation(rc) {
          const schema = schemas.get(rc.schema);
          if (!governance || !schema || schema instanceof Error) {
            throw policyError(PolicyCode.GOVERNANCE_UNAVAILABLE, 'The gateway cannot enforce its policies on this schema right now', 503);
          }
          const operation = rc.operation;
          if (!operation) return; // Apollo answers "unknown operation" itself
          const stage: OperationStage = {
            governance,
            principal: governance.principal,
            schema,
            document: rc.document,
            operation,
            variables: (rc.request.variables ?? {}) as Record<string, unknown>,
            analysis: schema.analyses.analysisOf(rc.document, operation),
            plan: emptyPlan(),
            errors: [],
          };
          try {
            for (const plugin of list) await plugin.onOperation?.(stage);
          } catch (error) {
            observer.rejection(codeOf(error));
            throw error;
          }
          operationStage = stage;
          queryHash = rc.queryHash ?? null;
          if (!planIsEmpty(stage.plan)) applyRewrite(rc, stage);
        },
        async willSendResponse(rc) {
          const stage = operationStage;
          if (!stage || rc.response.body.kind !== 'single') return;
          const result = rc.response.body.singleResult;
          const customer: CustomerHandler[] = [];
          const pii: PiiHandler[] = [];
          const after: (() => void | Promise<void>)[] = [];
          const resultStage: ResultStage = {
            governance: stage.governance,
            principal: stage.principal,
            analysis: stage.analysis,
            plan: stage.plan,
            operationName: rc.operationName ?? null,
            queryHash,
            context: rc.contextValue,
            data: result.data as Record<string, unknown> | null | undefined,
            errors: stage.errors,
            onCustomer: (h) => customer.push(h),
            onPii: (h) => pii.push(h),
            after: (fn) => after.push(fn),
            hiddenAlias: (suffix) => hiddenAlias(stage.analysis, suffix),
          };
          for (const plugin of list) await plugin.onResult?.(resultStage);
          const rewritten = !planIsEmpty(stage.plan);
          if (result.data && (rewritten || customer.length || pii.length)) {
            const targets = [...stage.plan.removed, ...(pii.length ? stage.analysis.pii : []), ...(customer.length || rewritten ? stage.analysis.customers : [])];
            result.data = walkResult(result.data as Record<string, unknown>, stage.analysis.roots, {
              removed: stage.plan.removed,
              hiddenPrefix: stage.analysis.hiddenPrefix,
              stripHidden: rewritten,
              customer,
              pii,
              relevant: sitesLeadingTo(targets),
            });
          }
          for (const fn of after) await fn();
          if (stage.errors.length) result.errors = [...(result.errors ?? []), ...(stage.errors as GraphQLFormattedError[])];
        },
      };
    },
  };

  return {
    plugins: [runner, ...list.flatMap((p) => (p.apollo ? [p.apollo] : []))],
    names: list.map((p) => p.name),
    async context(req, body) {
      const params = paramsOf(req, body);
      const governance = newGovernance();
      const stage: GateStage = { req, params, governance };
      try {
        for (const plugin of list) await plugin.onRequest?.(stage);
      } catch (error) {
        const code = codeOf(error);
        observer.rejection(code);
        logger.info({ code, caller: governance.principal.id, operation: params.operationName ?? null }, 'request refused by policy');
        throw error;
      }
      return attachGovernance({}, governance);
    },
    async authenticate(req) {
      const governance = newGovernance();
      await authentication.onRequest?.({ req, params: paramsOf(req, undefined), governance });
      return governance.principal;
    },
    intercept: cors,
    onSupergraph: checkSchema,
    async close() {
      for (const plugin of list) await plugin.close?.();
    },
  };
}

const codeOf = (error: unknown) => (error as { extensions?: { code?: string } }).extensions?.code ?? 'INTERNAL_SERVER_ERROR';

/** Hands the gateway the rewritten operation; the plan cache keys on the rewrite too. */
function applyRewrite(rc: GraphQLRequestContextDidResolveOperation<object>, stage: OperationStage): void {
  const { document, key } = rewriteOperation(stage.analysis, stage.plan);
  const mutable = rc as unknown as { document: DocumentNode; queryHash: string; operation: OperationDefinitionNode };
  mutable.document = document;
  mutable.operation = document.definitions[0] as OperationDefinitionNode;
  mutable.queryHash = `${rc.queryHash}:${key}`;
}

function paramsOf(req: IncomingMessage, body: unknown): GraphQLParams {
  let source: Record<string, unknown> = {};
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    source = body as Record<string, unknown>;
  } else if (body === undefined) {
    const url = new URL(req.url ?? '/', 'http://gateway');
    let extensions: unknown;
    try {
      extensions = url.searchParams.has('extensions') ? JSON.parse(url.searchParams.get('extensions')!) : undefined;
    } catch {
      extensions = undefined;
    }
    source = { query: url.searchParams.get('query') ?? undefined, operationName: url.searchParams.get('operationName') ?? undefined, extensions };
  }
  const extensions = source.extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined;
  const hash = extensions?.persistedQuery?.sha256Hash;
  return {
    query: typeof source.query === 'string' ? source.query : undefined,
    operationName: typeof source.operationName === 'string' ? source.operationName : undefined,
    persistedId: typeof hash === 'string' ? hash : undefined,
  };
}

/** The field returns a scalar, or an object whose fields are all scalars (a value, not an entity). */
function holdsValue(schema: GraphQLSchema, coordinate: string): boolean {
  const [typeName, fieldName] = coordinate.split('.');
  const type = schema.getType(typeName);
  if (!type || !isObjectType(type)) return false;
  const field = type.getFields()[fieldName];
  if (!field) return false;
  const named = getNamedType(field.type);
  if (isLeafType(named)) return true;
  return isObjectType(named) && Object.values(named.getFields()).every((f) => isLeafType(getNamedType(f.type)));
}

function guessKind(coordinate: string): PiiKind {
  const field = coordinate.slice(coordinate.indexOf('.') + 1).toLowerCase();
  if (field.includes('email')) return 'email';
  if (field.includes('phone') || field.includes('mobile')) return 'phone';
  if (field.includes('birth')) return 'birthDate';
  if (field.includes('postcode') || field.includes('zip')) return 'postcode';
  if (field.includes('address')) return 'address';
  if (field.includes('name')) return 'name';
  return 'other';
}

function emptyDirectives(): SecurityDirectives {
  return { types: {}, fields: {}, costs: {}, listSizes: {}, features: [] };
}
