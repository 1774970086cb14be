// The gateway starts with subgraphs down, serves a changed supergraph file without a restart, and keeps the old one when it is broken.
import { mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApolloServer } from '@apollo/server';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGatewayConfig } from '../../gateway/config.ts';
import { startGateway, type RunningGateway } from '../../gateway/server.ts';
import { createHttpServer, type RunningHttpServer } from '../../runtime/http-server.ts';
import { createLogger } from '../../runtime/logger.ts';
import { freePort } from '../../scripts/free-port.ts';
import { composeSupergraph } from '../../schema/composition.ts';
import { waitFor } from '../support/load.ts';
import { counterByLabel, gql } from '../support/stack.ts';

const logger = createLogger('test', 'silent');
const dir = mkdtempSync(join(tmpdir(), 'sv-reload-'));
const file = join(dir, 'supergraph.graphql');
const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key"])';
const NOTICES_V1 = `${LINK}\ntype Query { notice: String! }`;
const NOTICES_V2 = `${LINK}\ntype Query { notice: String! noticeCount: Int! }`;
const GHOST = `${LINK}\ntype Query { ghost: String }`;

let gateway: RunningGateway;
let notices: RunningHttpServer;
let ghostUrl: string;

function compose(noticesSdl: string): string {
  return composeSupergraph([
    { name: 'notices', url: `${notices.url}/graphql`, typeDefs: parse(noticesSdl) },
    { name: 'ghost', url: ghostUrl, typeDefs: parse(GHOST) },
  ]);
}

/** Write the file the way deploy tools do: a new file renamed over the old one. */
function replaceFile(content: string) {
  writeFileSync(`${file}.next`, content);
  renameSync(`${file}.next`, file);
}


beforeAll(async () => {
  // The notices subgraph already knows the field that the first supergraph does not expose.
  const apollo = new ApolloServer({ schema: buildSubgraphSchema([{ typeDefs: parse(NOTICES_V2), resolvers: { Query: { notice: () => 'hello', noticeCount: () => 3 } } }]) });
  await apollo.start();
  notices = await createHttpServer({ logger, graphql: { path: '/graphql', apollo, context: async () => ({}), maxBodyBytes: 100_000 } }).listen(0);
  ghostUrl = `http://127.0.0.1:${await freePort()}/graphql`;
  writeFileSync(file, compose(NOTICES_V1));
  gateway = await startGateway(readGatewayConfig({ PORT: '0', SUPERGRAPH_PATH: file }), logger);
});
afterAll(async () => {
  await gateway?.close();
  await notices?.close();
});

describe('supergraph source', () => {
  it('starts with a subgraph down and answers the rest, with an error on the missing field', async () => {
    const { status, body } = await gql(gateway.graphqlUrl, `{ notice ghost }`);
    expect(status).toBe(200);
    expect(body.data).toEqual({ notice: 'hello', ghost: null });
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]).toMatchObject({ path: ['ghost'], extensions: { code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'ghost' } });
    expect(body.extensions!.degradedSources).toEqual([{ source: 'ghost', kind: 'subgraph', reason: 'error' }]);
  });

  it('serves a field added by a new supergraph file without a restart', async () => {
    expect((await gql(gateway.graphqlUrl, `{ noticeCount }`)).status).toBe(400);
    replaceFile(compose(NOTICES_V2));
    await waitFor(async () => (await gql(gateway.graphqlUrl, `{ noticeCount }`)).body.data?.noticeCount === 3, 5_000);
    expect(gateway.supergraph().reloads).toBe(1);
  });

  it('keeps serving the old schema when the new file is broken, and says why', async () => {
    const served = gateway.supergraph().hash;
    replaceFile('this is not a supergraph');
    await waitFor(async () => gateway.supergraph().lastError !== null, 5_000);
    expect(gateway.supergraph().hash).toBe(served);
    expect((await gql(gateway.graphqlUrl, `{ noticeCount }`)).body.data.noticeCount).toBe(3);
    const ready = (await (await fetch(`${gateway.url}/readyz`)).json()) as { status: string; supergraph: { lastError: string } };
    expect(ready.status).toBe('ready');
    expect(ready.supergraph.lastError).toBeTruthy();
    expect(readFileSync(file, 'utf8')).toBe('this is not a supergraph');
  });

  it('plans the operations served before a reload again, so that their first request after it finds its plan', async () => {
    const readyz = async () => (await (await fetch(`${gateway.url}/readyz`)).json()) as { queryPlans: { plans: number; warmups: number; lastWarmed: number } };
    const planLookups = async () => {
      const counts = await counterByLabel(`${gateway.url}/metrics`, 'singleview_gateway_cache_total', 'result', { cache: 'query_plans' });
      return { hit: counts.get('hit') ?? 0, miss: counts.get('miss') ?? 0 };
    };
    expect((await gql(gateway.graphqlUrl, 'query Notice { notice }')).body.data).toEqual({ notice: 'hello' });
    const before = await readyz();
    replaceFile(compose(NOTICES_V1));
    await waitFor(async () => (await readyz()).queryPlans.warmups > before.queryPlans.warmups, 5_000);
    expect((await readyz()).queryPlans.lastWarmed).toBeGreaterThan(0);
    const lookups = await planLookups();
    expect((await gql(gateway.graphqlUrl, 'query Notice { notice }')).body.data).toEqual({ notice: 'hello' });
    const after = await planLookups();
    expect(after.hit - lookups.hit).toBe(1);
    expect(after.miss - lookups.miss).toBe(0);
  });
});
