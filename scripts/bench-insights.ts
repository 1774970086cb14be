// `npm run bench:insights`: what the insights fields add to a 50-customer gateway query (p50, interleaved), on the default data.
//
// Starts the whole system in process (PERSONS, default 5,000 as `npm start`), picks the 50
// customers of the first 200 that the most systems know, and times the project's 50-customer
// list query with and without `journey(first: 20)`, `segments` and `nextBestAction`, one
// request at a time, interleaved, ROUNDS times each. The machine is shared and noisy: the
// ratio of the two p50s measured in the same run is the figure. Each insights field is also
// timed on its own, which shows what each adds.
//
// Two floors split what the fields add (bench/insights-floor.ts). Each runs the same pair of
// queries through a second gateway whose insights subgraph replays the real answers: one
// still fetches and sends every input (what computing from federated inputs costs with the
// computing free), the other needs no inputs at all (what returning the answers costs, which
// no way of computing them removes). Each floor's ratio is over its own gateway's base query.
// The last line is JSON.
import { mintDevToken } from '../gateway/auth/dev-key.ts';
import { DEFAULT_DEV_KEY_FILE } from '../gateway/policy-config.ts';
import { readInt } from '../runtime/config.ts';
import { createLogger } from '../runtime/logger.ts';
import { INSIGHT_FIELDS, QUERIES, startFloors, timedPost } from '../bench/insights-floor.ts';
import { fig, quantile } from '../bench/harness/stats.ts';
import { startStack } from './stack.ts';

/** The nearest-rank q-quantile of unsorted timings. */
const at = (values: number[], q: number) => quantile([...values].sort((a, b) => a - b), q);
const p50 = (values: number[]) => at(values, 0.5);

async function main(): Promise<void> {
  const persons = readInt(process.env, 'PERSONS', 5_000, 1);
  const rounds = readInt(process.env, 'ROUNDS', 60, 5);
  console.error(`Starting a stack of ${persons.toLocaleString('en-US')} persons...`);
  const stack = await startStack({ persons, logger: createLogger('bench-insights', 'warn'), mongoUri: 'memory://bench-insights', erpDatabaseUrl: 'pglite://bench-insights' });
  try {
    const token = await mintDevToken(process.env.DEV_KEY_FILE ?? DEFAULT_DEV_KEY_FILE, { role: 'service', subject: 'bench-insights', ttlSeconds: 3_600 });
    const post = timedPost(stack.gateway.graphqlUrl, { authorization: `Bearer ${token}` });
    const listed = await post(`{ customerList(first: 100) { pageInfo { endCursor } nodes { id systems } } }`, {});
    const more = await post(`query($after: String) { customerList(first: 100, after: $after) { nodes { id systems } } }`, { after: listed.data.customerList.pageInfo.endCursor });
    const ids = [...listed.data.customerList.nodes, ...more.data.customerList.nodes]
      .sort((a: { systems: string[] }, b: { systems: string[] }) => b.systems.length - a.systems.length)
      .slice(0, 50)
      .map((c: { id: string }) => c.id);
    const floors = await startFloors(stack, ids, post, createLogger('bench-insights-floor', 'warn'));
    try {
      // Every series: the real gateway's, then each floor gateway's pair.
      const series: Record<string, () => Promise<{ ms: number }>> = {
        ...Object.fromEntries(Object.entries(QUERIES).map(([name, query]) => [name, () => post(query, { ids })])),
        ...Object.fromEntries(
          Object.entries(floors).flatMap(([floor, { graphqlUrl }]) => [
            [`${floor}Base`, () => post(QUERIES.base, { ids }, graphqlUrl)],
            [`${floor}WithInsights`, () => post(QUERIES.withInsights, { ids }, graphqlUrl)],
          ]),
        ),
      };
      const names = Object.keys(series);
      for (let i = 0; i < 5; i++) for (const name of names) await series[name]();
      const times: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
      for (let i = 0; i < rounds; i++) {
        // Each round starts with the next series, so that none always runs on a warmer process.
        for (let k = 0; k < names.length; k++) {
          const name = names[(i + k) % names.length];
          times[name].push((await series[name]()).ms);
        }
      }
      report(persons, ids.length, rounds, times);
    } finally {
      for (const floor of Object.values(floors)) await floor.close();
    }
  } finally {
    await stack.close();
  }
}

/** How much higher the p50 of `series` is than that of `over`, in percent. */
const addedPercent = (series: number[], over: number[]) => fig((p50(series) / p50(over) - 1) * 100);

/** One gateway's pair of series: both p50s and what the second adds. */
const pair = (base: number[], withInsights: number[]) => ({ baseP50Ms: fig(p50(base)), withInsightsP50Ms: fig(p50(withInsights)), addedP50Percent: addedPercent(withInsights, base) });

function report(persons: number, customers: number, rounds: number, times: Record<string, number[]>): void {
  const { base, withInsights } = times;
  const real = pair(base, withInsights);
  const result = {
    persons,
    customers,
    rounds,
    baseP50Ms: real.baseP50Ms,
    withInsightsP50Ms: real.withInsightsP50Ms,
    baseP90Ms: fig(at(base, 0.9)),
    withInsightsP90Ms: fig(at(withInsights, 0.9)),
    addedP50Percent: real.addedP50Percent,
    addedP50PercentByField: Object.fromEntries(Object.keys(INSIGHT_FIELDS).map((field) => [field, addedPercent(times[field], base)])),
    inputsFloor: pair(times.inputsFloorBase, times.inputsFloorWithInsights),
    outputFloor: pair(times.outputFloorBase, times.outputFloorWithInsights),
  };
  console.error(`50-customer query p50: ${result.baseP50Ms} ms without insights, ${result.withInsightsP50Ms} ms with journey(first: 20), segments and nextBestAction (+${result.addedP50Percent}%).`);
  console.error(`Each field alone adds: ${Object.entries(result.addedP50PercentByField).map(([field, pct]) => `${field} +${pct}%`).join(', ')}.`);
  const floorLine = (what: string, f: ReturnType<typeof pair>) => `${what}: ${f.baseP50Ms} ms without, ${f.withInsightsP50Ms} ms with (+${f.addedP50Percent}%).`;
  console.error(floorLine('Floor with the inputs fetched and sent, answers replayed (computing free)', result.inputsFloor));
  console.error(floorLine('Floor with no inputs, answers replayed (returning the answers only)', result.outputFloor));
  console.log(JSON.stringify(result));
}

await main();
