// `npm run bench:profile`: loads Singleview's gateway with the guild query under --cpu-prof and prints where its CPU time goes.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { closedLoad } from './harness/closed-load.ts';
import { answersOk, postGraphQL } from './harness/graphql-post.ts';
import { freePort, startChild, stopAll, waitUntil, WORK_DIR } from './harness/processes.ts';
import { guildSupergraph, readGuildQuery, type GuildSubgraph } from './guild/scenario-files.ts';
import { SINGLEVIEW_ENTRY, singleviewEnv } from './targets/singleview.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount: number;
  children?: number[];
}

const seconds = Number(process.argv[process.argv.indexOf('--duration') + 1]) || 15;

/** Where a frame's code lives: a package name, node internals, or a project folder. */
function owner(url: string): string {
  if (!url) return '(native / garbage collection)';
  if (url.startsWith('node:')) return 'node core';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const local = /\/main\/([^/]+\/[^/]+)/.exec(url);
  return local ? local[1] : url;
}

try {
  const subgraphs = await startChild({ name: 'guild-subgraphs', args: ['bench/guild/serve.ts'], readyLine: /"ready":true/ });
  const { urls } = JSON.parse(subgraphs.readyOutput) as { urls: Record<GuildSubgraph, string> };
  const supergraphPath = join(WORK_DIR, 'guild-supergraph.graphql');
  writeFileSync(supergraphPath, guildSupergraph(urls));
  const port = await freePort();
  const target = await singleviewEnv({ port, supergraphPath, subgraphUrls: urls, workers: 1 });
  const gateway = await startChild({ name: 'singleview', args: [SINGLEVIEW_ENTRY], env: target.env, nodeOptions: ['--cpu-prof', `--cpu-prof-dir=${WORK_DIR}`] });
  const url = `http://127.0.0.1:${port}/graphql`;
  const body = JSON.stringify({ query: readGuildQuery() });
  await waitUntil('gateway', async () => answersOk(await postGraphQL(url, body, { authorization: target.authorization(0) })), 60_000);
  await closedLoad({ url, connections: 50, seconds: 3, request: (i) => ({ headers: { authorization: target.authorization(i) }, body }) });
  const load = await closedLoad({ url, connections: 50, seconds, request: (i) => ({ headers: { authorization: target.authorization(i) }, body }) });
  await gateway.stop();
  const file = readdirSync(WORK_DIR).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error('no CPU profile was written');
  const profile = JSON.parse(readFileSync(join(WORK_DIR, file), 'utf8')) as { nodes: ProfileNode[] };
  const total = profile.nodes.reduce((n, node) => n + node.hitCount, 0);
  const byFunction = new Map<string, number>();
  const byOwner = new Map<string, number>();
  for (const node of profile.nodes) {
    const { functionName, url: source, lineNumber } = node.callFrame;
    const key = `${functionName || '(anonymous)'} ${source.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/main\//, '')}:${lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + node.hitCount);
    byOwner.set(owner(source), (byOwner.get(owner(source)) ?? 0) + node.hitCount);
  }
  const pct = (n: number) => `${((100 * n) / total).toFixed(1).padStart(5)}%`;
  console.log(`${load.requests} requests in ${seconds} s (${(load.requests / seconds).toFixed(0)} req/s); profile: ${join(WORK_DIR, file)}\n`);
  console.log('Self time by owner:');
  for (const [name, n] of [...byOwner].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${pct(n)}  ${name}`);
  console.log('\nSelf time by function:');
  for (const [name, n] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`  ${pct(n)}  ${name}`);
} finally {
  await stopAll();
}
