// Entry point: the product's simulated enterprise and six subgraphs in one process, for the customer360 benchmark.
//
// Usage: node bench/targets/customer360-stack.ts [--persons N] [--seed S]
// Stores run on the in-memory backend, or on MongoDB when MONGODB_URI is set (a fresh database
// per run; ERP on PGlite, or ERP_DATABASE_URL). Prints one JSON line with the subgraphs' URLs when ready. The
// benchmark runs the gateway under test as its own process (`node gateway/main.ts`), so this
// process starts no gateway of its own.
import { MongoClient } from 'mongodb';
import { readString } from '../../runtime/config.ts';
import { createLogger } from '../../runtime/logger.ts';
import { startSubgraphStack } from '../../scripts/stack.ts';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
};
const persons = Number(arg('--persons') ?? 100_000);
if (!Number.isInteger(persons) || persons < 1) throw new Error(`--persons must be a positive integer, got ${arg('--persons')}`);

// On MongoDB, a fresh database for this run (dropped at the end) unless the URI names one:
// seeding over an earlier run's data is not what is measured here.
const givenUri = readString(process.env, 'MONGODB_URI');
const freshDatabase = givenUri && new URL(givenUri.replace(/^mongodb(\+srv)?:/, 'http:')).pathname.replace(/^\//, '') === '' ? `singleview_bench_${Date.now().toString(36)}` : undefined;
const mongoUri = givenUri && freshDatabase ? withDatabase(givenUri, freshDatabase) : givenUri;

const stack = await startSubgraphStack({
  persons,
  seed: arg('--seed'),
  mongoUri,
  erpDatabaseUrl: readString(process.env, 'ERP_DATABASE_URL'),
  logger: createLogger('bench-stack', process.env.LOG_LEVEL ?? 'warn'),
});
const subgraphUrls = Object.fromEntries(Object.values(stack.subgraphs).map((s) => [s.name, s.graphqlUrl]));
console.log(
  JSON.stringify({
    ready: true,
    pid: process.pid,
    persons,
    customers: stack.identity.customers,
    records: stack.identity.records,
    startupMs: stack.timings.total,
    subgraphUrls,
  }),
);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await stack.close();
  if (mongoUri && freshDatabase) {
    const client = new MongoClient(mongoUri);
    await client.db(freshDatabase).dropDatabase().catch(() => undefined);
    await client.close();
  }
  process.exit(0);
};

/** The URI with a database path, its query string kept. */
function withDatabase(uri: string, database: string): string {
  const q = uri.indexOf('?');
  const base = q === -1 ? uri : uri.slice(0, q);
  return `${base.replace(/\/?$/, '/')}${database}${q === -1 ? '' : uri.slice(q)}`;
}
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
