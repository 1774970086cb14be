// `npm run audit -- --customer ID`: who saw a customer's personal data, when, for what purpose, which fields, through which operation.
import { parseArgs } from 'node:util';
import { ConfigError } from '../runtime/config.ts';
import { openAuditSink } from '../gateway/audit/sink.ts';
import { readPolicyConfig } from '../gateway/policy-config.ts';

const { values } = parseArgs({ options: { customer: { type: 'string' }, json: { type: 'boolean' } } });
if (!values.customer) {
  console.error('Usage: npm run -s audit -- --customer CUSTOMER_ID [--json]\nReads the audit sink the gateway writes (AUDIT_MONGODB_URI, else AUDIT_FILE).');
  process.exit(2);
}

let config;
try {
  config = readPolicyConfig(process.env, process.env.SINGLEVIEW_ENV === 'production' ? 'production' : 'development');
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}
const sink = openAuditSink(config.audit);
let count = 0;
for await (const record of sink.forCustomer(values.customer)) {
  count++;
  if (values.json) console.log(JSON.stringify(record));
  else console.log(`${record.at}  ${record.caller}  purpose=${record.purpose ?? '-'}  operation=${record.operation ?? '(anonymous)'}  fields=${record.fields.join(',')}${record.masked ? '  (masked)' : ''}`);
}
await sink.close();
console.error(`${count} read${count === 1 ? '' : 's'} of customer ${values.customer}'s personal data (${sink.kind === 'file' ? config.audit.file : `MongoDB ${config.audit.collection}`})`);
