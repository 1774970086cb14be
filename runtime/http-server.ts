// One small node:http server for the gateway and every subgraph: GraphQL over HTTP, health, metrics, extra routes.
//
// A framework would add little here: there are a handful of routes, the hot path
// is the GraphQL POST, and GraphQL-over-HTTP needs exact control of the status
// codes and error bodies returned for hostile input.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import type { Logger } from './logger.ts';
import { readBody, HttpError } from './request-body.ts';
import { inServerSpan } from './tracing.ts';

export type RouteHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>;

export interface GraphQLEndpoint<TContext extends BaseContext> {
  path: string;
  apollo: ApolloServer<TContext>;
  /** Builds the GraphQL context; `body` is the parsed JSON body of a POST (undefined for GET). */
  context: (req: http.IncomingMessage, res: http.ServerResponse, body?: unknown) => Promise<TContext>;
  maxBodyBytes: number;
  /** Runs first on every request to the path (CORS, headers); returns true when it answered the request itself. */
  intercept?: (req: http.IncomingMessage, res: http.ServerResponse) => boolean;
}

export interface HttpServerOptions<TContext extends BaseContext> {
  logger: Logger;
  /** Name of the server span each GraphQL request runs in, when tracing is on. */
  spanName?: string;
  routes?: Record<string, RouteHandler>;
  graphql?: GraphQLEndpoint<TContext>;
}

export interface RunningHttpServer {
  server: http.Server;
  url: string;
  port: number;
  close(deadlineMs?: number): Promise<void>;
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload), ...headers });
  res.end(payload);
}

/** A GraphQL-shaped error body, so that clients can parse every failure the same way. */
export function sendGraphQLError(res: http.ServerResponse, status: number, message: string, code: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, { errors: [{ message, extensions: { code } }] }, headers);
}

export function createHttpServer<TContext extends BaseContext>(options: HttpServerOptions<TContext>): {
  server: http.Server;
  listen(port: number, host?: string): Promise<RunningHttpServer>;
} {
  const { logger, routes = {}, graphql } = options;

  const server = http.createServer({ keepAliveTimeout: 65_000, requestTimeout: 30_000 }, (req, res) => {
    const path = pathOf(req.url ?? '/');
    if (graphql && path === graphql.path) {
      inServerSpan(options.spanName ?? 'graphql.request', req.headers, () => handleGraphQL(graphql, req, res)).catch((error: unknown) => failRequest(logger, res, error));
      return;
    }
    const route = routes[path];
    if (!route) {
      sendJson(res, 404, { error: 'not found' });
      return;
    }
    Promise.resolve(route(req, res)).catch((error: unknown) => failRequest(logger, res, error));
  });

  return {
    server,
    listen: (port, host = '127.0.0.1') =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          resolve({
            server,
            port: address.port,
            url: `http://${host}:${address.port}`,
            close: (deadlineMs = 5_000) => closeGracefully(server, deadlineMs),
          });
        });
      }),
  };
}

function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

async function handleGraphQL<TContext extends BaseContext>(
  endpoint: GraphQLEndpoint<TContext>,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  if (endpoint.intercept?.(req, res)) return;
  const method = (req.method ?? 'GET').toUpperCase();
  let body: unknown;
  if (method === 'POST') {
    try {
      body = await readBody(req, endpoint.maxBodyBytes);
    } catch (error) {
      if (error instanceof HttpError) return sendGraphQLError(res, error.status, error.message, error.code);
      throw error;
    }
  }
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  const url = req.url ?? '';
  const q = url.indexOf('?');
  const response = await endpoint.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method, headers, search: q === -1 ? '' : url.slice(q), body },
    context: () => endpoint.context(req, res, body),
  });
  const outHeaders: Record<string, string> = {};
  for (const [key, value] of response.headers) outHeaders[key] = value;
  if (response.body.kind === 'complete') {
    outHeaders['content-length'] = String(Buffer.byteLength(response.body.string));
    res.writeHead(response.status ?? 200, outHeaders);
    res.end(response.body.string);
    return;
  }
  res.writeHead(response.status ?? 200, outHeaders);
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

function failRequest(logger: Logger, res: http.ServerResponse, error: unknown): void {
  logger.error({ err: error }, 'request failed');
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendGraphQLError(res, 500, 'Internal server error', 'INTERNAL_SERVER_ERROR');
}

/**
 * Stop accepting, let in-flight requests finish up to the deadline, then cut what is left.
 * Keep-alive connections are closed as soon as they fall idle, so a drained server closes at once.
 */
function closeGracefully(server: http.Server, deadlineMs: number): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => {
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    const deadline = setTimeout(() => server.closeAllConnections(), deadlineMs);
    deadline.unref();
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(deadline);
      resolve();
    });
    server.closeIdleConnections();
  });
}
