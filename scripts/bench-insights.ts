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
import { INSIGHT_FIELDS, QUERIES, startFloors } from '../bench/insights-floor.ts';
import { startStack } from './stack.ts';

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
};
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

async function main(): Promise<void> {
  const persons = readInt(process.env, 'PERSONS', 5_000, 1);
  const rounds = readInt(process.env, 'ROUNDS', 60, 5);
  console.error(`Starting a stack of ${persons.toLocaleString('en-US')} persons...`);
  const stack = await startStack({ persons, logger: createLogger('bench-insights', 'warn'), mongoUri: 'memory://bench-insights', erpDatabaseUrl: 'pglite://bench-insights' });
  try {
    const token = await mintDevToken(process.env.DEV_KEY_FILE ?? DEFAULT_DEV_KEY_FILE, { role: 'service', subject: 'bench-insights', ttlSeconds: 3_600 });
    const post = async (query: string, variables: Record<string, unknown>, url = stack.gateway.graphqlUrl) => {
      const started = performance.now();
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
      const body = (await response.json()) as { data?: any; errors?: { message: string }[] };
      if (body.errors?.length) throw new Error(`query failed: ${body.errors[0].message}`);
      return { ms: performance.now() - started, data: body.data };
    };
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
const addedPercent = (series: number[], over: number[]) => round((percentile(series, 0.5) / percentile(over, 0.5) - 1) * 100);

function floorFigures(times: Record<string, number[]>, floor: string) {
  const [base, withInsights] = [times[`${floor}Base`], times[`${floor}WithInsights`]];
  return { baseP50Ms: round(percentile(base, 0.5)), withInsightsP50Ms: round(percentile(withInsights, 0.5)), addedP50Percent: addedPercent(withInsights, base) };
}

function report(persons: number, customers: number, rounds: number, times: Record<string, number[]>): void {
  const { base, withInsights } = times;
  const added = (name: string) => addedPercent(times[name], base);
  const result = {
    persons,
    customers,
    rounds,
    baseP50Ms: round(percentile(base, 0.5)),
    withInsightsP50Ms: round(percentile(withInsights, 0.5)),
    baseP90Ms: round(percentile(base, 0.9)),
    withInsightsP90Ms: round(percentile(withInsights, 0.9)),
    addedP50Percent: added('withInsights'),
    addedP50PercentByField: Object.fromEntries(Object.keys(INSIGHT_FIELDS).map((field) => [field, added(field)])),
    inputsFloor: floorFigures(times, 'inputsFloor'),
    outputFloor: floorFigures(times, 'outputFloor'),
  };
  console.error(`50-customer query p50: ${result.baseP50Ms} ms without insights, ${result.withInsightsP50Ms} ms with journey(first: 20), segments and nextBestAction (+${result.addedP50Percent}%).`);
  console.error(`Each field alone adds: ${Object.entries(result.addedP50PercentByField).map(([field, pct]) => `${field} +${pct}%`).join(', ')}.`);
  const floorLine = (what: string, f: ReturnType<typeof floorFigures>) => `${what}: ${f.baseP50Ms} ms without, ${f.withInsightsP50Ms} ms with (+${f.addedP50Percent}%).`;
  console.error(floorLine('Floor with the inputs fetched and sent, answers replayed (computing free)', result.inputsFloor));
  console.error(floorLine('Floor with no inputs, answers replayed (returning the answers only)', result.outputFloor));
  console.log(JSON.stringify(result));
}

await main();
