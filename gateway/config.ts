// The gateway's configuration, read from the environment and validated at start-up.
import { readBool, readInt, readString, readUrl, readEnum } from '../runtime/config.ts';

export interface GatewayConfig {
  host: string;
  port: number;
  environment: 'development' | 'production';
  supergraphPath: string;
  /** Per-subgraph URL overrides of the routing URLs in the supergraph. */
  subgraphUrls: Record<string, string>;
  maxBodyBytes: number;
  introspection: boolean;
}

export const SUBGRAPH_NAMES = ['identity', 'crm', 'erp', 'membership', 'channel', 'insights'] as const;

export function readGatewayConfig(env: Record<string, string | undefined> = process.env): GatewayConfig {
  const environment = readEnum(env, 'SINGLEVIEW_ENV', ['development', 'production'] as const, 'development');
  const subgraphUrls: Record<string, string> = {};
  for (const name of SUBGRAPH_NAMES) {
    const url = readUrl(env, `SUBGRAPH_${name.toUpperCase()}_URL`, ['http:', 'https:']);
    if (url) subgraphUrls[name] = url;
  }
  return {
    host: readString(env, 'HOST', '127.0.0.1'),
    port: readInt(env, 'PORT', 4000, 0, 65_535),
    environment,
    supergraphPath: readString(env, 'SUPERGRAPH_PATH', new URL('../schema/supergraph.graphql', import.meta.url).pathname),
    subgraphUrls,
    maxBodyBytes: readInt(env, 'MAX_BODY_BYTES', 1_000_000, 1_024),
    introspection: readBool(env, 'INTROSPECTION', environment === 'development'),
  };
}
