// Turns an async (body) → result function into a POST JSON route with size limits and clear 4xx errors.
import type http from 'node:http';
import { sendJson, type RouteHandler } from './http-server.ts';
import { HttpError, readBody } from './request-body.ts';

export { HttpError };

export function jsonRoute(handler: (body: unknown, req: http.IncomingMessage) => Promise<unknown>, maxBytes = 20_000_000): RouteHandler {
  return async (req, res) => {
    if (req.method !== 'POST') {
      req.resume();
      return sendJson(res, 405, { error: 'use POST' }, { allow: 'POST' });
    }
    try {
      const body = await readBody(req, maxBytes);
      sendJson(res, 200, await handler(body, req));
    } catch (error) {
      if (error instanceof HttpError) return sendJson(res, error.status, { error: error.message, code: error.code });
      throw error;
    }
  };
}

/** Read a required string-array property of a JSON body, or fail with a 400 that names it. */
export function stringArray(body: unknown, name: string, max = 10_000): string[] {
  const value = (body as Record<string, unknown> | null)?.[name];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw new HttpError(400, 'BAD_REQUEST', `"${name}" must be an array of strings`);
  }
  if (value.length > max) throw new HttpError(400, 'BAD_REQUEST', `"${name}" may hold at most ${max} items`);
  return value;
}

export function oneOf<T extends string>(body: unknown, name: string, allowed: readonly T[]): T {
  const value = (body as Record<string, unknown> | null)?.[name];
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new HttpError(400, 'BAD_REQUEST', `"${name}" must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}
