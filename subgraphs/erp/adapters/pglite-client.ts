// SqlClient over PGlite: PostgreSQL compiled to WASM, for the embedded default, on a worker thread of its own.
//
// Databases live per process, by name, so the simulated ERP and the ERP subgraph share one.
// The worker is closed when its last client closes, and it holds the process open only
// while a statement is in flight: a finished script exits even if a client was left open.
import { Worker } from 'node:worker_threads';
import { statementName, type SqlClient, type StatementObserver } from './sql-client.ts';
import type { WorkerReply, WorkerRequest } from './pglite-worker.ts';

type Pending = { resolve: (rows: unknown[]) => void; reject: (error: Error) => void };
type Request = { op: 'query'; text: string; params: unknown[] } | { op: 'exec'; text: string } | { op: 'close' };

class PgliteThread {
  private readonly worker = new Worker(new URL('./pglite-worker.ts', import.meta.url));
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private exited: Error | undefined;
  clients = 0;

  constructor(onExit: () => void) {
    this.worker.unref();
    this.worker.on('message', (reply: WorkerReply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) this.worker.unref();
      if (reply.error) waiting.reject(Object.assign(new Error(reply.error.message), { code: reply.error.code }));
      else waiting.resolve(reply.rows ?? []);
    });
    this.worker.on('error', (error) => this.failAll(error));
    this.worker.on('exit', (code) => {
      this.exited = new Error(`the embedded ERP database thread exited (code ${code})`);
      this.failAll(this.exited);
      onExit();
    });
  }

  send(request: Request): Promise<unknown[]> {
    if (this.exited) return Promise.reject(this.exited);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      // postMessage throws on values that cannot be cloned; nothing is pending then.
      this.worker.postMessage({ id, ...request } as WorkerRequest);
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve, reject });
    });
  }

  async close(): Promise<void> {
    await this.send({ op: 'close' }).catch(() => undefined);
    await this.worker.terminate();
  }

  private failAll(error: Error): void {
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}

const threads = new Map<string, PgliteThread>();

export async function openPglite(name: string, observe?: StatementObserver): Promise<SqlClient> {
  let thread = threads.get(name);
  if (!thread) {
    const created = new PgliteThread(() => {
      if (threads.get(name) === created) threads.delete(name);
    });
    threads.set(name, created);
    thread = created;
  }
  thread.clients++;
  let open = true;
  return {
    kind: 'pglite',
    async query<T>(text: string, params: unknown[] = []) {
      observe?.(statementName(text));
      return (await thread.send({ op: 'query', text, params })) as T[];
    },
    async exec(script: string) {
      observe?.('script');
      await thread.send({ op: 'exec', text: script });
    },
    async close() {
      if (!open) return;
      open = false;
      if (--thread.clients === 0 && threads.get(name) === thread) {
        threads.delete(name);
        await thread.close();
      }
    },
  };
}

