// The hooks a governance plugin may implement, in the order a request meets them (policies.ts runs them in list order).
import type { IncomingMessage } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import type { DocumentNode, GraphQLFormattedError, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import type { Principal } from '../auth/principal.ts';
import type { Governance } from '../governance.ts';
import type { AnalysisCache, OperationAnalysis } from '../operation/analysis.ts';
import type { CustomerHandler, PiiHandler } from '../operation/result-walk.ts';
import type { RewritePlan } from '../operation/rewrite.ts';
import type { SecurityDirectives } from '../supergraph/security.ts';

/** The GraphQL request as it arrived over HTTP, before anything is parsed. */
export interface GraphQLParams {
  query: string | undefined;
  operationName: string | undefined;
  /** `extensions.persistedQuery.sha256Hash`: a manifest operation id or an APQ hash. */
  persistedId: string | undefined;
}

export interface GateStage {
  req: IncomingMessage;
  params: GraphQLParams;
  governance: Governance;
}

/** The schema in service, with what the policies derived from it. */
export interface SchemaPolicies {
  apiSchema: GraphQLSchema;
  directives: SecurityDirectives;
  analyses: AnalysisCache;
}

export interface OperationStage {
  governance: Governance;
  principal: Principal;
  schema: SchemaPolicies;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  variables: Record<string, unknown>;
  analysis: OperationAnalysis;
  /** What to take out of, and add to, the operation before it is planned. */
  plan: RewritePlan;
  /** Errors the response will carry whatever the data (e.g. unauthorized fields). */
  errors: GraphQLFormattedError[];
}

export interface ResultStage {
  governance: Governance;
  principal: Principal;
  analysis: OperationAnalysis;
  plan: RewritePlan;
  operationName: string | null;
  /** Apollo's hash of the operation text as the client sent it. */
  queryHash: string | null;
  /** The GraphQL context (the lead's request state rides on it). */
  context: unknown;
  data: Record<string, unknown> | null | undefined;
  errors: GraphQLFormattedError[];
  /** Register a visit of every customer object in the response (one walk serves every plugin). */
  onCustomer(handler: CustomerHandler): void;
  /** Register a visit of every PII value in the response, in plugin order. */
  onPii(handler: PiiHandler): void;
  /** Run once the response has been walked. */
  after(fn: () => void | Promise<void>): void;
  hiddenAlias(suffix: string): string;
}

export interface GovernancePlugin {
  name: string;
  /** Before Apollo parses anything (context creation): may reject with a policyError. */
  onRequest?(stage: GateStage): void | Promise<void>;
  /** After validation, before planning: may reject, or plan a rewrite of the operation. */
  onOperation?(stage: OperationStage): void | Promise<void>;
  /** After execution, before the response leaves. */
  onResult?(stage: ResultStage): void | Promise<void>;
  /** A new schema is about to serve: throw to refuse it (e.g. a @policy nobody can evaluate). */
  onSchema?(directives: SecurityDirectives): void;
  /** Anything that is plain Apollo Server business (e.g. resolving persisted operations). */
  apollo?: ApolloServerPlugin;
  close?(): Promise<void>;
}

/** What the policies report for /metrics (gateway/metrics.ts implements it). */
export interface PolicyObserver {
  /** A request refused by a policy, by its error code (RATE_LIMITED, UNAUTHENTICATED, …). */
  rejection(code: string): void;
  cacheLookup(cache: string, hit: boolean): void;
}

export const NO_OBSERVER: PolicyObserver = { rejection: () => {}, cacheLookup: () => {} };
