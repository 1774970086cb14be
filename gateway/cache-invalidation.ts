// POST /cache/entities/invalidate: a data steward (or a system acting as one) drops cached entity answers after a change.
//
// Body: {"typename": "Customer", "id": "…"}, {"subgraph": "erp"}, any combination, or {} for
// everything. The caller authenticates as for GraphQL and needs the `steward` scope. The answer
// says how many entries the worker that took the request dropped (the other cluster workers
// drop the same ones), and whether the cache is on at all.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { sendGraphQLError, sendJson, type RouteHandler } from '../runtime/http-server.ts';
import type { Logger } from '../runtime/logger.ts';
import { HttpError, readBody } from '../runtime/request-body.ts';
import type { Policies } from './policies.ts';
import { PolicyCode } from './policy-error.ts';
import { readInvalidationTarget, type EntityCache } from './subgraphs/entity-cache.ts';

export const ENTITY_CACHE_INVALIDATION_PATH = '/cache/entities/invalidate';
const REQUIRED_SCOPE = 'steward';
const CHALLENGE = { 'www-authenticate': 'Bearer realm="singleview"' };

export function entityCacheInvalidation(cache: EntityCache | undefined, policies: Pick<Policies, 'authenticate'>, maxBodyBytes: number, logger: Logger): RouteHandler {
  return async (req: IncomingMessage, res: ServerResponse) => {
    /** Refuse before reading the body: drain it, so that the connection can serve the next request. */
    const refuse = (status: number, message: string, code: string, headers?: Record<string, string>) => {
      req.resume();
      sendGraphQLError(res, status, message, code, headers);
    };
    if (req.method !== 'POST') return refuse(405, 'Use POST', 'METHOD_NOT_ALLOWED', { allow: 'POST' });
    let principal;
    try {
      principal = await policies.authenticate(req);
    } catch (error) {
      // A policy error carries its own status and headers (401 with its challenge, 400 for two
      // credentials at once); anything else is the server's failure, answered 500 by the route's runner.
      const http = error instanceof GraphQLError ? (error.extensions.http as { status: number; headers: HeaderMap } | undefined) : undefined;
      req.resume();
      if (!http) throw error;
      return sendGraphQLError(res, http.status, (error as GraphQLError).message, String((error as GraphQLError).extensions.code), Object.fromEntries(http.headers));
    }
    if (principal.kind === 'anonymous') {
      return refuse(401, 'Authentication required: send a bearer token with the "steward" scope', PolicyCode.UNAUTHENTICATED, CHALLENGE);
    }
    if (!principal.scopes.has(REQUIRED_SCOPE)) return refuse(403, `Invalidating cached entities needs the "${REQUIRED_SCOPE}" scope`, 'FORBIDDEN');
    let target;
    try {
      const body = req.headers['content-length'] === '0' ? undefined : await readBody(req, maxBodyBytes);
      target = readInvalidationTarget(body);
    } catch (error) {
      if (error instanceof HttpError) return sendGraphQLError(res, error.status, error.message, error.code);
      return sendGraphQLError(res, 400, `Bad invalidation request: ${(error as Error).message}`, 'BAD_REQUEST');
    }
    const invalidated = cache?.invalidate(target) ?? 0;
    logger.info({ caller: principal.id, target, invalidated }, 'entity cache invalidated');
    sendJson(res, 200, { enabled: cache !== undefined, invalidated, remaining: cache?.size ?? 0 });
  };
}
