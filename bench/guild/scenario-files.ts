// Where The Guild benchmark's scenario lives (../shared/bench/guild), read at run time and never copied into the repo.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The scenario folder; GUILD_SCENARIO_DIR overrides it. */
const GUILD_DIR = process.env.GUILD_SCENARIO_DIR ?? fileURLToPath(new URL('../../../shared/bench/guild/', import.meta.url));

export const GUILD_SUBGRAPHS = ['accounts', 'inventory', 'products', 'reviews'] as const;
export type GuildSubgraph = (typeof GUILD_SUBGRAPHS)[number];

export interface GuildUser {
  id: string;
  name: string;
  username: string;
  birthday: number;
}
export interface GuildProduct {
  upc: string;
  name: string;
  price: number;
  weight: number;
}
export interface GuildInventory {
  upc: string;
  inStock: boolean;
}
export interface GuildReview {
  id: string;
  body: string;
  productUpc: string;
}
export interface GuildData {
  users: GuildUser[];
  products: GuildProduct[];
  inventory: GuildInventory[];
  reviews: GuildReview[];
}

function read(name: string): string {
  try {
    return readFileSync(`${GUILD_DIR}${name}`, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read the guild scenario file ${GUILD_DIR}${name} (set GUILD_SCENARIO_DIR): ${(error as Error).message}`);
  }
}

export function readGuildData(): GuildData {
  const data = JSON.parse(read('data.json')) as GuildData;
  for (const key of ['users', 'products', 'inventory', 'reviews'] as const) {
    if (!Array.isArray(data[key]) || data[key].length === 0) throw new Error(`data.json: "${key}" must be a non-empty list`);
  }
  return data;
}

/** The operation every request sends (TestQuery, no variables). */
export function readGuildQuery(): string {
  return read('query.graphql');
}

/** The supergraph with each subgraph's routing URL replaced by where it listens here. */
export function guildSupergraph(urls: Record<GuildSubgraph, string>): string {
  let sdl = read('supergraph.graphql');
  for (const name of GUILD_SUBGRAPHS) {
    const pattern = new RegExp(`(@join__graph\\(name: "${name}", url: ")[^"]*(")`);
    if (!pattern.test(sdl)) throw new Error(`supergraph.graphql: no @join__graph for "${name}"`);
    sdl = sdl.replace(pattern, `$1${urls[name]}$2`);
  }
  return sdl;
}
