// Composes the subgraph SDLs named in supergraph.yaml into the supergraph, with @apollo/composition (Federation 2).
import { readFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { parse, type DocumentNode } from 'graphql';
import YAML from 'yaml';

export const SCHEMA_DIR = new URL('./', import.meta.url);
export const SUPERGRAPH_FILE = new URL('./supergraph.graphql', import.meta.url);
const CONFIG_FILE = new URL('./supergraph.yaml', import.meta.url);

/** A subgraph as supergraph.yaml names it: its SDL in a file. */
export interface SubgraphEntry {
  name: string;
  url: string;
  schemaFile: URL;
}

/** What composition takes: a subgraph's SDL from its file, or already parsed (a variant made in memory). */
export type ComposableSubgraph = SubgraphEntry | { name: string; url: string; typeDefs: DocumentNode };

interface RoverConfig {
  subgraphs: Record<string, { routing_url: string; schema: { file: string } }>;
}

export function readSubgraphEntries(): SubgraphEntry[] {
  const config = YAML.parse(readFileSync(CONFIG_FILE, 'utf8')) as RoverConfig;
  return Object.entries(config.subgraphs).map(([name, entry]) => ({
    name,
    url: entry.routing_url,
    schemaFile: new URL(entry.schema.file, CONFIG_FILE),
  }));
}

/** Compose and return the supergraph SDL; composition errors are thrown together, with their codes. */
export function composeSupergraph(entries: readonly ComposableSubgraph[] = readSubgraphEntries()): string {
  const result = composeServices(
    entries.map((entry) => ({ name: entry.name, url: entry.url, typeDefs: 'typeDefs' in entry ? entry.typeDefs : parse(readFileSync(entry.schemaFile, 'utf8')) })),
  );
  if (result.errors) {
    throw new Error(`Composition failed:\n${result.errors.map((e) => `  - ${e.extensions?.code ?? ''} ${e.message}`).join('\n')}`);
  }
  return `${result.supergraphSdl.trimEnd()}\n`;
}
