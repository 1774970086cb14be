// HTTP hygiene for the GraphQL endpoint: CORS from config (preflight answered here), no caching of responses, no MIME sniffing.
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface CorsSettings {
  origins: string[];
  credentials: boolean;
  maxAgeSeconds: number;
}

const ALLOWED_HEADERS = 'content-type, authorization, x-api-key, apollo-require-preflight, x-apollo-operation-name, x-request-id';

/** Returns true when it answered the request itself (a CORS preflight). */
export function corsHandler(settings: CorsSettings): (req: IncomingMessage, res: ServerResponse) => boolean {
  const any = settings.origins.includes('*') && !settings.credentials;
  const allowed = new Set(settings.origins);
  return (req, res) => {
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('cache-control', 'no-store');
    const origin = req.headers.origin;
    const permitted = origin !== undefined && (any || allowed.has(origin));
    if (origin !== undefined) res.setHeader('vary', 'origin');
    if (permitted) {
      res.setHeader('access-control-allow-origin', any ? '*' : origin);
      if (settings.credentials) res.setHeader('access-control-allow-credentials', 'true');
      res.setHeader('access-control-expose-headers', 'retry-after, x-request-id');
    }
    if (req.method === 'OPTIONS') {
      if (permitted) {
        res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
        res.setHeader('access-control-allow-headers', ALLOWED_HEADERS);
        res.setHeader('access-control-max-age', String(settings.maxAgeSeconds));
      }
      res.writeHead(permitted ? 204 : 403);
      res.end();
      return true;
    }
    return false;
  };
}
