// Reads and validates a JSON request body: size limit, content type, UTF-8 and JSON syntax, each with its own clear error.
import type http from 'node:http';

export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export async function readBody(req: http.IncomingMessage, maxBytes: number): Promise<unknown> {
  const contentType = (req.headers['content-type'] ?? '').toLowerCase();
  const mediaType = contentType.split(';')[0].trim();
  if (mediaType !== 'application/json' && mediaType !== 'application/graphql-response+json') {
    // Drain so that the connection can be reused, then refuse.
    req.resume();
    throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Content-Type must be application/json');
  }
  const charset = /charset=([^;]+)/.exec(contentType)?.[1]?.trim();
  if (charset && charset !== 'utf-8' && charset !== 'utf8') {
    req.resume();
    throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', `Unsupported charset "${charset}"; use utf-8`);
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) {
    req.resume();
    throw new HttpError(413, 'PAYLOAD_TOO_LARGE', `Request body exceeds ${maxBytes} bytes`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      req.resume();
      throw new HttpError(413, 'PAYLOAD_TOO_LARGE', `Request body exceeds ${maxBytes} bytes`);
    }
    chunks.push(chunk);
  }
  const buffer = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
  if (size === 0) throw new HttpError(400, 'BAD_REQUEST', 'Request body is empty');
  let text: string;
  try {
    text = utf8.decode(buffer);
  } catch {
    throw new HttpError(400, 'BAD_REQUEST', 'Request body is not valid UTF-8');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'BAD_REQUEST', 'Request body is not valid JSON');
  }
}
