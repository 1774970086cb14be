// Scenario `guild`: The Guild's federation benchmark, Singleview's gateway side by side with its Node peers.
import { writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { join } from 'node:path';
import { closedLoad, type LoadResult } from '../harness/closed-load.ts';
import { answersOk, firstDifference, postGraphQL } from '../harness/graphql-post.ts';
import { freePort, startChild, waitUntil, WORK_DIR, type RunningChild } from '../harness/processes.ts';
import { processTree, watchResources } from '../harness/proc-stats.ts';
import { progress, table, type ScenarioReport } from '../harness/report.ts';
import { fig, median, ratio } from '../harness/stats.ts';
import { capacityNote, figureReader, verdict, verdictText, type TargetVerdict } from '../harness/targets.ts';
import { guildSupergraph, readGuildQuery, type GuildSubgraph } from '../guild/scenario-files.ts';
import { hiveGatewayArgs } from '../targets/hive-gateway.ts';
import { SINGLEVIEW_ENTRY, authenticationNote, singleviewEnv } from '../targets/singleview.ts';

export interface GuildOptions {
  rounds: number;
  seconds: number;
  warmupSeconds: number;
  connections: number;
  workers: number;
  /** Also measure Hive Gateway with --jit (its faster, non-default mode). */
  hiveJit: boolean;
}

/** The TestQuery answer's size in bytes (compact JSON), as published with the scenario. */
const EXPECTED_BYTES = 87_327;

interface Target {
  key: string;
  label: string;
  child: RunningChild;
  url: string;
  authorization: (i: number) => string;
}

interface Run extends LoadResult {
  cpuMsPerRequest: number;
  rssPeakMb: number;
  fetchesPerRequest: number;
  /** CPU the load generator (this process) spent per request: it shares the cores with the targets. */
  loadCpuMsPerRequest: number;
  /** CPU the four subgraphs spent per request: the same work for every target, on the same cores. */
  subgraphsCpuMsPerRequest: number;
}

export async function runGuild(options: GuildOptions): Promise<ScenarioReport> {
  const notes: string[] = [];
  progress('guild: starting the four subgraphs');
  const subgraphs = await startChild({ name: 'guild-subgraphs', args: ['bench/guild/serve.ts'], readyLine: /"ready":true/ });
  const { urls } = JSON.parse(subgraphs.readyOutput) as { urls: Record<GuildSubgraph, string> };
  const statsUrl = `${new URL(urls.accounts).origin}/stats`;
  const supergraphPath = join(WORK_DIR, 'guild-supergraph.graphql');
  writeFileSync(supergraphPath, guildSupergraph(urls));
  const body = JSON.stringify({ query: readGuildQuery() });
  const opaque = (name: string) => (i: number) => `Bearer ${name}-${process.pid.toString(36)}-${i}`;

  const singleviewPort = await freePort();
  const singleview = await singleviewEnv({ port: singleviewPort, supergraphPath, subgraphUrls: urls, workers: options.workers });
  const specs: { key: string; label: string; port?: number; start: (port: number) => Parameters<typeof startChild>[0]; authorization: (i: number) => string }[] = [
    {
      key: 'singleview',
      label: 'Singleview gateway',
      port: singleviewPort,
      start: () => ({ name: 'singleview', args: [SINGLEVIEW_ENTRY], env: singleview.env }),
      authorization: singleview.authorization,
    },
    {
      key: 'apollo_gateway',
      label: '@apollo/gateway (vanilla)',
      start: (port) => ({ name: 'apollo-gateway', args: ['bench/targets/apollo-gateway.ts', supergraphPath, String(port), String(options.workers)] }),
      authorization: opaque('apollo'),
    },
    {
      key: 'hive_gateway',
      label: 'Hive Gateway',
      start: (port) => ({ name: 'hive-gateway', args: hiveGatewayArgs({ supergraphPath, port, workers: options.workers }) }),
      authorization: opaque('hive'),
    },
  ];
  if (options.hiveJit) {
    specs.push({
      key: 'hive_gateway_jit',
      label: 'Hive Gateway --jit',
      start: (port) => ({ name: 'hive-gateway-jit', args: hiveGatewayArgs({ supergraphPath, port, workers: options.workers, jit: true }) }),
      authorization: opaque('hive-jit'),
    });
  }

  progress(`guild: starting ${specs.length} gateways, ${options.workers} worker(s) each`);
  const targets: Target[] = await Promise.all(
    specs.map(async (spec) => {
      const port = spec.port ?? (await freePort());
      const child = await startChild(spec.start(port));
      const url = `http://127.0.0.1:${port}/graphql`;
      await waitUntil(spec.label, async () => answersOk(await postGraphQL(url, body, { authorization: spec.authorization(0) })), 90_000);
      return { key: spec.key, label: spec.label, child, url, authorization: spec.authorization };
    }),
  );

  const byKey = (key: string) => targets.find((t) => t.key === key)!;
  // The same worker count for everyone: a gateway that ignores its setting runs as one process.
  for (const target of targets) {
    const processes = processTree(target.child.pid).length;
    if (options.workers > 1 && processes <= 1) notes.push(`${target.label} runs as ${processes} process, not ${options.workers} workers: its worker setting was not applied.`);
  }
  const unauthenticated = await authenticationNote(byKey('singleview').url, body);
  if (unauthenticated) notes.push(unauthenticated);

  // Every target must give the same answer as vanilla @apollo/gateway, of the published size.
  const vanilla = byKey('apollo_gateway');
  const reference = await postGraphQL(vanilla.url, body, { authorization: vanilla.authorization(1) });
  if (!reference.json?.data || reference.json.errors) throw new Error(`guild: the reference answer has errors: ${reference.text.slice(0, 300)}`);
  const referenceBytes = JSON.stringify({ data: reference.json.data }).length;
  if (Math.abs(referenceBytes - EXPECTED_BYTES) > EXPECTED_BYTES * 0.01) {
    throw new Error(`guild: the reference answer is ${referenceBytes} bytes, expected about ${EXPECTED_BYTES}`);
  }
  const served = async () => Object.values((await (await fetch(statsUrl)).json()) as Record<string, number>).reduce((a, b) => a + b, 0);
  /** Subgraph requests served so far, once the count has stopped moving (requests left in flight by a finished run drain first). */
  const settledServed = async () => {
    let last = await served();
    for (;;) {
      await new Promise((r) => setTimeout(r, 200));
      const now = await served();
      if (now === last) return now;
      last = now;
    }
  };
  const fetchesPerQuery = new Map<string, number>();
  for (const target of targets) {
    const before = await settledServed();
    for (const i of [2, 3]) {
      const answer = await postGraphQL(target.url, body, { authorization: target.authorization(i) });
      // data and errors must match; a gateway may add its own `extensions`.
      const same = { data: answer.json?.data, errors: answer.json?.errors };
      const expected = { data: reference.json.data, errors: reference.json.errors };
      if (answer.status !== 200 || !isDeepStrictEqual(same, expected)) {
        throw new Error(`guild: ${target.label} answers differently from @apollo/gateway (HTTP ${answer.status}): ${firstDifference(same, expected) ?? 'same data'}`);
      }
    }
    // Subgraph fetches of one query, alone: set by each gateway's query planner.
    fetchesPerQuery.set(target.key, ((await settledServed()) - before) / 2);
  }
  progress(`guild: all ${targets.length} targets give the reference answer (${referenceBytes} bytes); subgraph fetches per query: ${[...fetchesPerQuery].map(([k, f]) => `${k} ${f}`).join(', ')}`);

  const load = (target: Target, seconds: number) =>
    closedLoad({ url: target.url, connections: options.connections, seconds, request: (i) => ({ headers: { authorization: target.authorization(i) }, body }) });

  for (const target of targets) {
    progress(`guild: warm-up ${target.label} (${options.warmupSeconds} s)`);
    await load(target, options.warmupSeconds);
  }

  const runs = new Map<string, Run[]>(targets.map((t) => [t.key, []]));
  for (let round = 0; round < options.rounds; round++) {
    // Interleaved, and each round starts with the next target, so that no one always goes first.
    const order = targets.map((_, i) => targets[(i + round) % targets.length]);
    for (const target of order) {
      const before = await settledServed();
      const watch = watchResources(target.child.pid);
      const subgraphsWatch = watchResources(subgraphs.pid);
      const ownCpu = process.cpuUsage();
      const result = await load(target, options.seconds);
      const usage = watch.stop();
      const subgraphsUsage = subgraphsWatch.stop();
      const loadCpu = process.cpuUsage(ownCpu);
      const fetches = (await settledServed()) - before;
      const perRequest = (cpuSeconds: number) => (result.requests > 0 ? (cpuSeconds * 1000) / result.requests : Number.NaN);
      const run: Run = {
        ...result,
        cpuMsPerRequest: perRequest(usage.cpuSeconds),
        subgraphsCpuMsPerRequest: perRequest(subgraphsUsage.cpuSeconds),
        rssPeakMb: usage.rssPeakMb,
        fetchesPerRequest: result.requests > 0 ? fetches / result.requests : Number.NaN,
        loadCpuMsPerRequest: perRequest((loadCpu.user + loadCpu.system) / 1e6),
      };
      runs.get(target.key)!.push(run);
      progress(`guild: round ${round + 1}/${options.rounds} ${target.label}: ${run.rps.toFixed(1)} req/s, p95 ${run.latency.p95.toFixed(0)} ms, ${run.cpuMsPerRequest.toFixed(2)} CPU ms/req`);
      if (run.failures > 0) notes.push(`${target.label}, round ${round + 1}: ${run.failures} failed requests`);
      // Every answered request must have cost its full set of fetches: fewer means deduplication.
      if (run.fetchesPerRequest < 0.98 * fetchesPerQuery.get(target.key)!) {
        notes.push(`${target.label}, round ${round + 1}: ${run.fetchesPerRequest.toFixed(2)} subgraph fetches per answered request under load, ${fetchesPerQuery.get(target.key)} alone: requests were deduplicated`);
      }
      if (run.requests > 0 && run.bytesPerResponse < referenceBytes) notes.push(`${target.label}, round ${round + 1}: answers averaged ${run.bytesPerResponse.toFixed(0)} bytes, less than the reference`);
    }
  }

  const figures: Record<string, unknown> = {};
  const rows = targets.map((target) => {
    const list = runs.get(target.key)!;
    const m = (pick: (r: Run) => number) => median(list.map(pick));
    const summary = {
      rps: m((r) => r.rps),
      p50: m((r) => r.latency.p50),
      p95: m((r) => r.latency.p95),
      p99: m((r) => r.latency.p99),
      cpu: m((r) => r.cpuMsPerRequest),
      rss: Math.max(...list.map((r) => r.rssPeakMb)),
      fetches: fetchesPerQuery.get(target.key)!,
    };
    figures[`${target.key}_rps`] = fig(summary.rps);
    figures[`${target.key}_p50_ms`] = fig(summary.p50);
    figures[`${target.key}_p95_ms`] = fig(summary.p95);
    figures[`${target.key}_p99_ms`] = fig(summary.p99);
    figures[`${target.key}_cpu_ms_per_req`] = fig(summary.cpu, 2);
    figures[`${target.key}_rss_mb`] = fig(summary.rss, 0);
    figures[`${target.key}_subgraph_fetches_per_req`] = fig(summary.fetches, 2);
    figures[`${target.key}_rps_runs`] = list.map((r) => fig(r.rps));
    figures[`${target.key}_load_generator_cpu_ms_per_req`] = fig(m((r) => r.loadCpuMsPerRequest), 2);
    figures[`${target.key}_subgraphs_cpu_ms_per_req`] = fig(m((r) => r.subgraphsCpuMsPerRequest), 2);
    figures[`${target.key}_failures`] = list.reduce((a, r) => a + r.failures, 0);
    return [target.label, summary.rps, summary.p50, summary.p95, summary.p99, summary.cpu, summary.rss, summary.fetches];
  });
  for (const peer of targets.filter((t) => t.key !== 'singleview')) {
    figures[`ratio_vs_${peer.key}`] = ratio(figures.singleview_rps as number, figures[`${peer.key}_rps`] as number);
    // The median of per-round ratios pairs runs made minutes apart: steadier on a busy machine.
    const paired = runs.get('singleview')!.map((run, i) => run.rps / runs.get(peer.key)![i].rps);
    figures[`paired_ratio_vs_${peer.key}`] = fig(median(paired), 2);
    figures[`p95_ratio_vs_${peer.key}`] = ratio(figures.singleview_p95_ms as number, figures[`${peer.key}_p95_ms`] as number);
    figures[`cpu_ratio_vs_${peer.key}`] = ratio(figures[`${peer.key}_cpu_ms_per_req`] as number, figures.singleview_cpu_ms_per_req as number);
  }
  const referenceFetches = fetchesPerQuery.get('apollo_gateway')!;
  for (const target of targets) {
    const fetches = fetchesPerQuery.get(target.key)!;
    if (fetches !== referenceFetches) notes.push(`${target.label}'s query plan makes ${fetches} subgraph fetches per query, @apollo/gateway's ${referenceFetches}.`);
  }
  Object.assign(figures, {
    guild_rounds: options.rounds,
    guild_seconds: options.seconds,
    guild_connections: options.connections,
    guild_workers: options.workers,
    guild_response_bytes: referenceBytes,
  });
  const verdicts = guildVerdicts(figures, options.workers);
  figures.guild_targets = verdicts;
  const text = [
    `guild: TestQuery (${referenceBytes} bytes), ${options.connections} connections, ${options.workers} worker(s) per gateway, ` +
      `median of ${options.rounds} interleaved ${options.seconds} s rounds after a ${options.warmupSeconds} s warm-up`,
    table(['target', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'CPU ms/req', 'RSS MB', 'fetches/req'], rows),
    '',
    `Singleview vs @apollo/gateway: ${figures.ratio_vs_apollo_gateway}x req/s (paired ${figures.paired_ratio_vs_apollo_gateway}x), ` +
      `vs Hive Gateway: ${figures.ratio_vs_hive_gateway}x (paired ${figures.paired_ratio_vs_hive_gateway}x)` +
      (options.hiveJit ? `, vs Hive Gateway --jit: ${figures.ratio_vs_hive_gateway_jit}x` : ''),
    '',
    verdictText('Issue 7 targets, guild', verdicts),
  ].join('\n');
  return { text, figures, notes };
}

/** The guild targets: ≥ 2.0× @apollo/gateway's req/s, ≥ 1.5× Hive Gateway's, p95 no worse than either. */
function guildVerdicts(figures: Record<string, unknown>, workers: number): TargetVerdict[] {
  const n = figureReader(figures);
  const cpu = (key: string) => ({ gateway: n(`${key}_cpu_ms_per_req`), subgraphs: n(`${key}_subgraphs_cpu_ms_per_req`), load: n(`${key}_load_generator_cpu_ms_per_req`) });
  const ratioVerdict = (peer: string, label: string, bound: number) =>
    verdict(`Singleview ÷ ${label} req/s`, figures[`ratio_vs_${peer}`] as number | null, '≥', bound, () =>
      capacityNote(`${bound}× ${label}'s ${n(`${peer}_rps`)} req/s`, bound * n(`${peer}_rps`), cpu('singleview'), workers) +
      ` ${label} used ${fig(n(`${peer}_cpu_ms_per_req`), 2)} ms of gateway CPU per request.`,
    );
  const betterPeerP95 = Math.min(n('apollo_gateway_p95_ms'), n('hive_gateway_p95_ms'));
  return [
    ratioVerdict('apollo_gateway', '@apollo/gateway', 2.0),
    ratioVerdict('hive_gateway', 'Hive Gateway', 1.5),
    verdict('Singleview p95 ms, no worse than either peer', fig(n('singleview_p95_ms')), '≤', betterPeerP95, () =>
      `closed loop with a fixed number of connections: latency is connections ÷ throughput, so p95 follows req/s (Singleview ${n('singleview_rps')} req/s).`,
    ),
  ];
}
