// The queries `npm run bench:insights` times, and its floors: gateways whose insights subgraph replays precomputed answers.
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
import { parse, visit, type DocumentNode } from 'graphql';
import { readGatewayConfig } from '../gateway/config.ts';
import { startGateway } from '../gateway/server.ts';
import type { Logger } from '../runtime/logger.ts';
import { composeSupergraph, readSubgraphEntries } from '../schema/composition.ts';
import { createSubgraphMetrics } from '../subgraphs/kit/metrics.ts';
import { serveSubgraph } from '../subgraphs/kit/service.ts';
import { customerListQuery } from '../scripts/sample.ts';
import { answersOk, firstDifference, postGraphQL } from './harness/graphql-post.ts';
import type { Stack } from '../scripts/stack.ts';

/** The insights fields the issue names, each on its own. */
export const INSIGHT_FIELDS = {
  journey: 'journey(first: 20) { totalCount nodes { at system type summary } }',
  segments: 'segments { segmentId name reason }',
  nextBestAction: 'nextBestAction { action title reason channel }',
};

/** The headline pair first (base, then all three fields), then each field alone. */
export const QUERIES: Record<string, string> = {
  base: customerListQuery('Base'),
  withInsights: customerListQuery('WithInsights', Object.values(INSIGHT_FIELDS).join(' ')),
  ...Object.fromEntries(Object.entries(INSIGHT_FIELDS).map(([field, selection]) => [field, customerListQuery(`With_${field}`, selection)])),
};

/** Each customer's answers, as the client received them: field name to value. */
export type CapturedAnswers = Map<string, Record<string, unknown>>;

export interface FloorGateway {
  graphqlUrl: string;
  close(): Promise<void>;
}

/** Insights' SDL with `@requires` removed from the given Customer fields (every other directive and field kept). */
export function withoutRequires(typeDefs: DocumentNode, fields: readonly string[]): DocumentNode {
  let inCustomer = false;
  const objectType = { enter: (node: { name: { value: string } }) => void (inCustomer = node.name.value === 'Customer'), leave: () => void (inCustomer = false) };
  return visit(typeDefs, {
    ObjectTypeDefinition: objectType,
    ObjectTypeExtension: objectType,
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
    const supergraph = join(dir, 'supergraph.graphql');
    writeFileSync(supergraph, composeSupergraph(entries.map((entry) => (entry === insights ? { name: entry.name, url: entry.url, typeDefs } : entry))));
    // The stack gateway's own settings (its subgraphs, audit file, rate-limit prefix), with insights replaced.
    const env = { ...process.env, ...stack.gatewayEnv, PORT: '0', SUPERGRAPH_PATH: supergraph, SUPERGRAPH_WATCH: 'false', SUBGRAPH_INSIGHTS_URL: replay.graphqlUrl };
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

/** Sends a query to the real gateway, or to `url`; throws on GraphQL errors. */
export type Post = (query: string, variables: Record<string, unknown>, url?: string) => Promise<{ ms: number; data: any }>;

/** A Post to `gatewayUrl` (or the url given) with these headers, timed from send to parsed answer. */
export function timedPost(gatewayUrl: string, headers: Record<string, string>): Post {
  return async (query, variables, url = gatewayUrl) => {
    const started = performance.now();
    const result = await postGraphQL(url, JSON.stringify({ query, variables }), headers);
    answersOk(result);
    return { ms: performance.now() - started, data: result.json!.data };
  };
}

/** Capture the real insights answers for `ids`, start both floor gateways on them, and check that each returns the same answer. */
export async function startFloors(stack: Stack, ids: string[], post: Post, logger: Logger): Promise<Record<'inputsFloor' | 'outputFloor', FloorGateway>> {
  // The real answer to the measured query: the replays serve its insights fields, and must return all of it.
  const { data } = await post(QUERIES.withInsights, { ids });
  const answers: CapturedAnswers = new Map(
    data.customers.map((customer: Record<string, unknown>) => [customer.id, Object.fromEntries(Object.keys(INSIGHT_FIELDS).map((field) => [field, customer[field]]))]),
  );

  const inputsFloor = await startFloorGateway(stack, answers, 'fetched', logger);
  const started: FloorGateway[] = [inputsFloor];
  try {
    const floors = { inputsFloor, outputFloor: await startFloorGateway(stack, answers, 'none', logger) };
    started.push(floors.outputFloor);
    for (const [name, floor] of Object.entries(floors)) {
      const difference = firstDifference(data, (await post(QUERIES.withInsights, { ids }, floor.graphqlUrl)).data);
      if (difference) throw new Error(`the ${name} gateway answered differently from the real one (${difference}): its figure would not measure the same answer`);
    }
    return floors;
  } catch (error) {
    for (const floor of started) await floor.close();
    throw error;
  }
}
