// The one place that owns how the gateway talks to a subgraph: keep-alive pool, deadline, retries, breaker, trace headers, partial data.
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { context as otelContext, propagation } from '@opentelemetry/api';
import { Pool } from 'undici';
import { CallPolicy, failureReason, type CallPolicySettings } from '../../runtime/resilience/call-policy.ts';
import type { GatewayMetrics } from '../metrics.ts';
import type { EntityCache } from './entity-cache.ts';
import { governanceOf } from '../governance.ts';
import { noteDegraded, requestStateOf } from '../request-state.ts';
import { partialResponse } from './partial-response.ts';

export interface SubgraphDataSourceOptions {
  name: string;
  url: string;
  policy: Partial<CallPolicySettings>;
  metrics: GatewayMetrics;
  /** Keep-alive connections to the subgraph. */
  connections?: number;
  /** Serves entity fetches from cached answers where it can (off unless configured). */
  entityCache?: EntityCache;
}

/**
 * The headers a subgraph call carries: request id, trace context and the authenticated
 * actor. No client header is forwarded as is, so a client cannot pose as another actor.
 */
function outgoingHeaders(requestId: string | undefined, actor: string | undefined): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (requestId) headers['x-request-id'] = requestId;
  if (actor) headers['x-singleview-actor'] = actor;
  propagation.inject(otelContext.active(), headers);
  return headers;
}

export class SubgraphDataSource implements GraphQLDataSource {
  readonly name: string;
  readonly url: string;
  private readonly pool: Pool;
  private readonly path: string;
  private readonly policy: CallPolicy;
  private readonly metrics: GatewayMetrics;
  private readonly entityCache: EntityCache | undefined;

  constructor(options: SubgraphDataSourceOptions) {
    this.name = options.name;
    this.url = options.url;
    const url = new URL(options.url);
    this.path = `${url.pathname}${url.search}`;
    this.pool = new Pool(url.origin, { connections: options.connections ?? 64, keepAliveTimeout: 30_000, pipelining: 1 });
    this.metrics = options.metrics;
    this.entityCache = options.entityCache;
    this.policy = new CallPolicy(options.name, options.policy, {
      onState: (subgraph, state) => options.metrics.breakerState(subgraph, state),
      onRetry: (subgraph) => options.metrics.retry(subgraph),
      onFailure: (subgraph, reason) => options.metrics.fetchError(subgraph, reason),
    });
  }

  async process(options: GraphQLDataSourceProcessOptions): Promise<GatewayGraphQLResponse> {
    const { query, variables } = options.request;
    if (!query) throw new Error('Missing query');
    if (this.entityCache?.covers(this.name, query, variables)) {
      return this.entityCache.fetch(this.name, query, variables!, (subset) => this.call(options, query, subset, true));
    }
    const mutation = /^\s*mutation\b/.test(query);
    const response = await this.call(options, query, variables, !mutation);
    // A mutation may change what this subgraph answers for any of its entities.
    if (mutation) this.entityCache?.invalidate({ subgraph: this.name });
    return response;
  }

  /** One call to the subgraph under its policy; a failure becomes a partial response naming the missing fields. */
  private async call(options: GraphQLDataSourceProcessOptions, query: string, variables: Record<string, unknown> | undefined, idempotent: boolean): Promise<GatewayGraphQLResponse> {
    const state = requestStateOf(options.context);
    const body = JSON.stringify({ query, variables, operationName: options.request.operationName });
    const started = performance.now();
    try {
      const actor = governanceOf(options.context)?.principal.id;
      const response = await this.policy.run((signal) => this.send(body, state?.id, actor, signal), { idempotent, deadline: state?.deadline });
      return response;
    } catch (error) {
      const reason = failureReason(error);
      noteDegraded(state, { source: this.name, kind: 'subgraph', reason });
      const document = 'document' in options ? options.document : undefined;
      return partialResponse(this.name, reason, query, document, variables as Record<string, unknown> | undefined);
    } finally {
      const end = performance.now();
      this.metrics.fetch(this.name, (end - started) / 1000);
      state?.fetches.push({ subgraph: this.name, start: started, end });
    }
  }

  private async send(body: string, requestId: string | undefined, actor: string | undefined, signal: AbortSignal): Promise<GatewayGraphQLResponse> {
    const response = await this.pool.request({ method: 'POST', path: this.path, headers: outgoingHeaders(requestId, actor), body, signal });
    const text = await response.body.text();
    let parsed: GatewayGraphQLResponse;
    try {
      parsed = JSON.parse(text) as GatewayGraphQLResponse;
    } catch {
      throw new Error(`Subgraph "${this.name}" answered ${response.statusCode} with a body that is not JSON`);
    }
    // A GraphQL answer, even with HTTP 4xx/5xx, carries errors with paths: pass it on as is.
    if (response.statusCode >= 500 && !parsed.data && !parsed.errors) throw new Error(`Subgraph "${this.name}" answered ${response.statusCode}`);
    return parsed;
  }

  breakerState() {
    return this.policy.state();
  }

  async close(): Promise<void> {
    this.policy.shutdown();
    if (!this.pool.closed && !this.pool.destroyed) await this.pool.close();
  }
}

/** The URL a subgraph is called at: the configured override, else the supergraph's routing URL. */
export function subgraphUrl(name: string, routingUrl: string | undefined, overrides: Record<string, string>): string {
  const url = overrides[name] ?? routingUrl;
  if (!url) throw new Error(`Subgraph "${name}" has no URL: set SUBGRAPH_${name.toUpperCase()}_URL`);
  return url;
}
