// JSON over keep-alive HTTP (undici pools) for calls to legacy REST APIs and internal services.
import { Pool, errors as undiciErrors } from 'undici';

export interface JsonClientOptions {
  /** Connections kept alive to the origin. */
  connections?: number;
  /** Time allowed for one call, headers and body together. */
  timeoutMs?: number;
  /** Headers added to every call (for example an API key). Never logged. */
  headers?: Record<string, string>;
}

export class HttpCallError extends Error {
  readonly status: number | undefined;
  readonly timedOut: boolean;
  constructor(message: string, status?: number, timedOut = false) {
    super(message);
    this.name = 'HttpCallError';
    this.status = status;
    this.timedOut = timedOut;
  }
}

export class JsonClient {
  private readonly pool: Pool;
  private readonly timeoutMs: number;
  private readonly headers: Record<string, string>;
  readonly origin: string;

  constructor(baseUrl: string, options: JsonClientOptions = {}) {
    const url = new URL(baseUrl);
    this.origin = url.origin;
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.headers = { accept: 'application/json', ...options.headers };
    this.pool = new Pool(url.origin, {
      connections: options.connections ?? 16,
      keepAliveTimeout: 30_000,
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
    });
  }

  get<T>(path: string): Promise<T> {
    return this.call<T>('GET', path);
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.call<T>('POST', path, JSON.stringify(body));
  }

  private async call<T>(method: 'GET' | 'POST', path: string, body?: string): Promise<T> {
    const signal = AbortSignal.timeout(this.timeoutMs);
    try {
      const response = await this.pool.request({
        method,
        path,
        body,
        signal,
        headers: body === undefined ? this.headers : { ...this.headers, 'content-type': 'application/json' },
      });
      if (response.statusCode >= 400) {
        await response.body.dump();
        throw new HttpCallError(`${method} ${pathOnly(path)} answered ${response.statusCode}`, response.statusCode);
      }
      return (await response.body.json()) as T;
    } catch (error) {
      if (error instanceof HttpCallError) throw error;
      const timedOut = signal.aborted || error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError;
      throw new HttpCallError(`${method} ${pathOnly(path)} failed: ${timedOut ? 'timeout' : errorCode(error)}`, undefined, timedOut);
    }
  }

  /** Idempotent: closing twice (a subgraph stopped, then the whole stack) is not an error. */
  async close(): Promise<void> {
    if (this.pool.closed || this.pool.destroyed) return;
    await this.pool.close();
  }
}

/** Query strings can carry identifiers; error messages keep only the path. */
function pathOnly(path: string): string {
  const q = path.indexOf('?');
  return q === -1 ? path : path.slice(0, q);
}

function errorCode(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error) return String((error as { code: unknown }).code);
  return error instanceof Error ? error.name : 'error';
}
