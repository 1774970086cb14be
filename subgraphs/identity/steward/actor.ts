// Who performs a steward operation: the acting user the gateway forwards in a request header.
import type { IncomingHttpHeaders } from 'node:http';

/** The header the gateway sets to the authenticated user (issue 5); direct callers may set it themselves. */
export const ACTOR_HEADER = 'x-singleview-actor';
export const UNKNOWN_ACTOR = 'unknown';
const MAX_ACTOR_LENGTH = 200;

/** The actor of a request: the header's value without control characters, at most 200 characters, or 'unknown'. */
export function actorOf(request?: { headers: IncomingHttpHeaders }): string {
  const raw = request?.headers[ACTOR_HEADER];
  const value = Array.isArray(raw) ? raw[0] : raw;
  const cleaned = (value ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, MAX_ACTOR_LENGTH);
  return cleaned === '' ? UNKNOWN_ACTOR : cleaned;
}
