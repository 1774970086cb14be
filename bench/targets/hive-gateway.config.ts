// Hive Gateway's config for the benchmark: as shipped, except that in-flight subgraph request deduplication is off.
//
// Hive deduplicates identical in-flight subgraph requests by default (keyed on URL and body,
// and on headers only when custom headers are set). Client headers are not propagated to
// subgraphs, so a unique Authorization header per client request does not defeat it: under a
// load of one repeated query, most client requests would never reach the subgraphs. No other
// target deduplicates, so this is turned off here. Inbound deduplication is off by default.
import { defineConfig } from '@graphql-hive/gateway';

export const gatewayConfig = defineConfig({
  transportEntries: {
    '*.http': { options: { deduplicateInflightRequests: false } },
  },
});
