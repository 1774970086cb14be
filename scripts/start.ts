// `npm start`: the whole system on embedded defaults; prints the gateway URL and a sample query, stops cleanly on Ctrl-C.
import { readInt, readString } from '../runtime/config.ts';
import { createLogger } from '../runtime/logger.ts';
import { startStack } from './stack.ts';
import { findSampleCustomer, sampleRequestBody, SAMPLE_AUTH_HEADER } from './sample.ts';

const logger = createLogger('singleview', process.env.LOG_LEVEL ?? 'warn');
const persons = readInt(process.env, 'PERSONS', 5_000, 1);
console.log(`Starting Singleview with a simulated enterprise of ${persons.toLocaleString('en-US')} persons...`);
const stack = await startStack({
  persons,
  seed: readString(process.env, 'SEED'),
  mongoUri: readString(process.env, 'MONGODB_URI'),
  erpDatabaseUrl: readString(process.env, 'ERP_DATABASE_URL'),
  fixedPorts: true,
  gatewayPort: readInt(process.env, 'PORT', 4000, 0, 65_535),
  logger,
});
const sample = await findSampleCustomer(stack.gateway.graphqlUrl);
console.log(`
Singleview is ready in ${(stack.timings.total / 1000).toFixed(1)} s: ${stack.identity.records.toLocaleString('en-US')} source records resolved into ${stack.identity.customers.toLocaleString('en-US')} customers.

  Gateway:   ${stack.gateway.graphqlUrl}
  Subgraphs: ${Object.values(stack.subgraphs).map((s) => `${s.name} ${s.url}`).join(', ')}
  CRM API:   ${stack.enterprise.crm.url} (simulated legacy system)

Try the customer-360 query, as a customer-service console user (a development token: npm run token -- --role service):

curl -s ${stack.gateway.graphqlUrl} -H 'content-type: application/json' ${SAMPLE_AUTH_HEADER} --data-binary @- <<'JSON'
${sampleRequestBody(sample)}
JSON

Press Ctrl-C to stop.`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping...');
  await stack.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
