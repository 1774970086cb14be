// The floors of `npm run bench:insights`: gateways whose insights subgraph replays precomputed answers.
//
// What the insights fields add to a query has three parts: carrying their inputs (the legacy
// subgraphs' event logs and summaries, fetched and sent to insights through the gateway),
// computing the answers, and carrying the answers back to the client. A floor gateway runs
// the same gateway code against the same legacy subgraphs; only insights is replaced by a
// replay subgraph, which answers each customer with what the real insights subgraph
// answered, captured once, through the same serving code (Apollo Server on the project's
// HTTP server). It comes in two kinds:
// - `inputs: 'fetched'`: insights' own SDL, so the gateway fetches and sends every input as
//   for the real subgraph; the replay reads none of it. What this adds is the cost of any
//   design that computes the fields from federated inputs, with the computing free.
// - `inputs: 'none'`: `@requires` taken off the replayed fields, so the planner fetches them
//   in the first round, next to the legacy subgraphs, with only the key. What this adds is
//   the cost of returning the answers, which no way of computing them can remove.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse, print, visit, type DocumentNode } from 'graphql';
import { readGatewayConfig } from '../gateway/config.ts';
import { startGateway } from '../gateway/server.ts';
import type { Logger } from '../runtime/logger.ts';
import { composeSupergraph, readSubgraphEntries } from '../schema/composition.ts';
import { createSubgraphMetrics } from '../subgraphs/kit/metrics.ts';
import { serveSubgraph } from '../subgraphs/kit/service.ts';
import type { SubgraphName } from '../subgraphs/registry.ts';
import type { Stack } from '../scripts/stack.ts';

/** Each customer's answers, as the client received them: field name to value. */
export type CapturedAnswers = Map<string, Record<string, unknown>>;

export interface FloorGateway {
  graphqlUrl: string;
  close(): Promise<void>;
}

/** Insights' SDL with `@requires` removed from the given Customer fields (every other directive and field kept). */
export function withoutRequires(typeDefs: DocumentNode, fields: readonly string[]): DocumentNode {
  let inCustomer = false;
  return visit(typeDefs, {
    ObjectTypeDefinition: { enter: (node) => void (inCustomer = node.name.value === 'Customer'), leave: () => void (inCustomer = false) },
    ObjectTypeExtension: { enter: (node) => void (inCustomer = node.name.value === 'Customer'), leave: () => void (inCustomer = false) },
    FieldDefinition: (node) =>
      inCustomer && fields.includes(node.name.value) ? { ...node, directives: node.directives?.filter((d) => d.name.value !== 'requires') } : undefined,
  });
}

/**
 * Start a replay subgraph and a gateway in front of the stack's legacy subgraphs and it.
 * `answers` holds, per customer id, the value of each replayed field under its field name
 * (the query that reads through the floor gateway must not alias or re-argue them).
 */
export async function startFloorGateway(stack: Stack, answers: CapturedAnswers, inputs: 'fetched' | 'none', logger: Logger): Promise<FloorGateway> {
  const entries = readSubgraphEntries();
  const insights = entries.find((entry) => entry.name === 'insights');
  if (!insights) throw new Error('schema/supergraph.yaml has no insights subgraph');
  const fields = [...new Set([...answers.values()].flatMap((answer) => Object.keys(answer)))];
  const ownTypeDefs = parse(readFileSync(insights.schemaFile, 'utf8'));
  const typeDefs = inputs === 'none' ? withoutRequires(ownTypeDefs, fields) : ownTypeDefs;
  const replay = await serveSubgraph(
    {
      name: 'insights-replay',
      typeDefs,
      // The inputs in the representation are ignored. Unmeasured fields resolve to null: a
      // query through a floor gateway reads only the replayed ones.
      resolvers: { Customer: { __resolveReference: (ref: { id: string }) => ({ id: ref.id, ...answers.get(ref.id) }) } },
      metrics: createSubgraphMetrics('insights-replay'),
      createContext: () => ({}),
    },
    { port: 0, logger },
  );
  const dir = mkdtempSync(join(tmpdir(), 'sv-insights-floor-'));
  try {
    const replaySdl = join(dir, 'insights-replay.graphql');
    writeFileSync(replaySdl, print(typeDefs));
    const supergraph = join(dir, 'supergraph.graphql');
    writeFileSync(supergraph, composeSupergraph(entries.map((entry) => (entry === insights ? { ...entry, schemaFile: pathToFileURL(replaySdl) } : entry))));
    const env: Record<string, string> = { ...process.env, PORT: '0', SUPERGRAPH_PATH: supergraph, SUPERGRAPH_WATCH: 'false' } as Record<string, string>;
    for (const [name, subgraph] of Object.entries(stack.subgraphs) as [SubgraphName, { graphqlUrl: string }][]) {
      env[`SUBGRAPH_${name.toUpperCase()}_URL`] = name === 'insights' ? replay.graphqlUrl : subgraph.graphqlUrl;
    }
    const gateway = await startGateway(readGatewayConfig(env), logger.child({ component: `floor-gateway-${inputs}` }));
    return {
      graphqlUrl: gateway.graphqlUrl,
      async close() {
        await gateway.close();
        await replay.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await replay.close();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
