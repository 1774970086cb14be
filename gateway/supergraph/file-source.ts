// Where the supergraph comes from: a composed file on disk, read at start-up (no subgraph introspection at run time).
import { readFileSync } from 'node:fs';
import type { SupergraphManager } from '@apollo/gateway';

export interface SupergraphFile {
  path: string;
  sdl: string;
}

export function readSupergraphFile(path: string): SupergraphFile {
  return { path, sdl: readFileSync(path, 'utf8') };
}

/** A SupergraphManager serving the file's SDL; the gateway starts whether or not subgraphs are up. */
export function fileSupergraphManager(file: SupergraphFile): SupergraphManager {
  return {
    async initialize() {
      return { supergraphSdl: file.sdl };
    },
  };
}
