// Where the supergraph comes from: a composed file, loaded at start-up and hot-reloaded when it changes (a bad file keeps the old one).
import { createHash } from 'node:crypto';
import { readFileSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { SupergraphManager } from '@apollo/gateway';
import type { Logger } from '../../runtime/logger.ts';

export interface SupergraphStatus {
  path: string;
  hash: string | null;
  loadedAt: string | null;
  reloads: number;
  /** Why the last reload was refused, if it was. */
  lastError: string | null;
}

export interface SupergraphSourceOptions {
  path: string;
  logger: Logger;
  /** Turns the file's SDL into what @apollo/gateway is given (e.g. after taking over security directives). */
  prepare?: (sdl: string) => string;
  /** Watch the file and reload it (on by default). */
  watch?: boolean;
  debounceMs?: number;
}

/**
 * A SupergraphManager for @apollo/gateway. No subgraph is contacted to load it, so the
 * gateway serves from the file whether or not subgraphs are up. On change, the new file is
 * prepared and handed to the gateway, which validates it; if either step fails, the
 * schema in service stays and the reason is logged and kept in `status()`.
 */
export class SupergraphSource {
  private readonly options: SupergraphSourceOptions;
  private readonly state: SupergraphStatus;
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(options: SupergraphSourceOptions) {
    this.options = options;
    this.state = { path: options.path, hash: null, loadedAt: null, reloads: 0, lastError: null };
  }

  status(): SupergraphStatus {
    return { ...this.state };
  }

  private read(): { sdl: string; hash: string } {
    const sdl = readFileSync(this.options.path, 'utf8');
    if (sdl.trim() === '') throw new Error('supergraph file is empty');
    return { sdl, hash: createHash('sha256').update(sdl).digest('hex').slice(0, 16) };
  }

  private loaded(sdl: string, hash: string): void {
    this.state.hash = hash;
    this.state.loadedAt = new Date().toISOString();
    this.state.lastError = null;
  }

  manager(): SupergraphManager {
    return {
      initialize: async ({ update }) => {
        const { sdl, hash } = this.read();
        const prepared = this.options.prepare ? this.options.prepare(sdl) : sdl;
        this.loaded(sdl, hash);
        if (this.options.watch !== false) this.watchFile(update);
        return {
          supergraphSdl: prepared,
          cleanup: async () => {
            this.watcher?.close();
            clearTimeout(this.timer);
          },
        };
      },
    };
  }

  /** Watch the directory: editors and deploy tools replace the file rather than write into it. */
  private watchFile(update: (sdl: string) => void): void {
    const file = basename(this.options.path);
    this.watcher = watch(dirname(this.options.path), (_event, name) => {
      if (name !== file) return;
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.reload(update), this.options.debounceMs ?? 100);
    });
    this.watcher.on('error', (error) => this.options.logger.warn({ err: error }, 'supergraph watch failed'));
  }

  private reload(update: (sdl: string) => void): void {
    const { logger } = this.options;
    let next: { sdl: string; hash: string };
    try {
      next = this.read();
    } catch (error) {
      this.refuse(error);
      return;
    }
    if (next.hash === this.state.hash) return;
    try {
      update(this.options.prepare ? this.options.prepare(next.sdl) : next.sdl);
    } catch (error) {
      this.refuse(error);
      return;
    }
    this.state.reloads++;
    this.loaded(next.sdl, next.hash);
    logger.info({ hash: next.hash, reloads: this.state.reloads }, 'supergraph reloaded');
  }

  private refuse(error: unknown): void {
    this.state.lastError = error instanceof Error ? error.message.split('\n')[0] : String(error);
    this.options.logger.error({ reason: this.state.lastError, keeping: this.state.hash }, 'supergraph reload refused; the previous schema stays in service');
  }
}
