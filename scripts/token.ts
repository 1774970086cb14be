// `npm run token -- --role service`: mints a development JWT the gateway accepts in development mode; `--new-partner-key ID` makes a partner API key.
import { parseArgs } from 'node:util';
import { newApiKey } from '../gateway/auth/api-keys.ts';
import { mintDevToken } from '../gateway/auth/dev-key.ts';
import { ROLES } from '../gateway/auth/roles.ts';
import { DEFAULT_DEV_KEY_FILE } from '../gateway/policy-config.ts';

const { values } = parseArgs({
  options: {
    role: { type: 'string' },
    sub: { type: 'string' },
    scopes: { type: 'string' },
    purpose: { type: 'string' },
    client: { type: 'string' },
    ttl: { type: 'string' },
    'new-partner-key': { type: 'string' },
    help: { type: 'boolean' },
  },
});

if (values.help || (!values.role && !values['new-partner-key'] && !values.scopes)) {
  console.error(`Usage:
  npm run -s token -- --role ROLE [--sub SUBJECT] [--scopes "a b"] [--purpose P] [--client ID] [--ttl SECONDS]
  npm run -s token -- --new-partner-key PARTNER_ID

Roles: ${Object.entries(ROLES).map(([name, r]) => `\n  ${name.padEnd(10)} purpose ${r.purpose}; scopes ${r.scopes.join(' ')}`).join('')}

The token is signed with this machine's development key (${process.env.DEV_KEY_FILE ?? DEFAULT_DEV_KEY_FILE}),
which the gateway trusts only with SINGLEVIEW_ENV=development. Use it as: -H "authorization: Bearer $(npm run -s token -- --role service)"`);
  process.exit(values.help ? 0 : 2);
}

if (values['new-partner-key']) {
  const { key, keyHash } = newApiKey();
  console.error(`API key for partner "${values['new-partner-key']}" (shown once; give it to the partner over a secure channel, send it as the x-api-key header):\n${key}\n\nAdd this entry to "partners" in the gateway policy file (GATEWAY_POLICY_FILE); only the hash is stored:`);
  console.log(
    JSON.stringify(
      { id: values['new-partner-key'], keyHash, scopes: ROLES.partner.scopes, purpose: 'partner', rateLimit: { capacity: 20, refillPerSecond: 5 }, operations: ['PartnerCustomer'] },
      null,
      2,
    ),
  );
  process.exit(0);
}

const ttl = values.ttl === undefined ? undefined : Number(values.ttl);
if (ttl !== undefined && !Number.isInteger(ttl)) {
  console.error('--ttl must be a whole number of seconds');
  process.exit(2);
}
try {
  const token = await mintDevToken(process.env.DEV_KEY_FILE ?? DEFAULT_DEV_KEY_FILE, {
    role: values.role,
    subject: values.sub,
    scopes: values.scopes?.split(/[\s,]+/).filter(Boolean),
    purpose: values.purpose,
    clientId: values.client,
    ttlSeconds: ttl,
  });
  console.log(token);
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
