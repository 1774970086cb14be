// Singleview's gateway as a benchmark target: its production entry point, with every policy it ships turned on.
//
// THE ONE PLACE to update when the gateway gains a setting or a policy: singleviewEnv()
// returns the gateway's environment and the Authorization header of each request. Both
// scenarios (guild, customer360) start the gateway through it.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { ROLES } from '../../gateway/auth/roles.ts';
import { WORK_DIR } from '../harness/processes.ts';

export interface SingleviewTargetOptions {
  port: number;
  /** Where each subgraph listens, by subgraph name (lower case, as in the supergraph). */
  subgraphUrls: Record<string, string>;
  /** The supergraph to serve; the product's own schema/supergraph.graphql when absent. */
  supergraphPath?: string;
  /** Gateway worker processes (node:cluster); 1 is a single process. */
  workers: number;
}

export interface SingleviewTarget {
  env: Record<string, string>;
  /** The Authorization header of request i: valid, and different from any other request in flight. */
  authorization: (i: number) => string;
}

/** `node gateway/main.ts` is the production entry point (`npm run gateway`). */
export const SINGLEVIEW_ENTRY = 'gateway/main.ts';

const ISSUER = 'singleview-bench';
const AUDIENCE = 'singleview';
const ALG = 'EdDSA';
/** Distinct tokens, far more than requests in flight (and fewer than the gateway's 10,000-entry verified-token cache). */
const TOKENS = 4_096;
/** The benchmark's caller: a customer-service console, which may read the whole customer 360. */
const ROLE = ROLES.service;

/**
 * The gateway's production configuration with every policy plugin on, and valid credentials.
 *
 * Authentication is production JWT validation (never the dev tokens, which production refuses):
 * a signing key made for this run, its public half passed as JWT_JWKS with issuer and
 * audience. The token pool has one subject per token, like many console users, so each
 * client's rate limit applies as it would in production without throttling the benchmark.
 * Authorization, limits, consent, masking and audit run with their shipped defaults; the
 * audit trail goes to the run's scratch folder instead of the repository's .singleview/.
 * Add each new policy's settings here, and nothing that would let a cache answer the
 * benchmark's repeated query.
 */
export async function singleviewEnv(options: SingleviewTargetOptions): Promise<SingleviewTarget> {
  const { publicKey, privateKey } = await generateKeyPair(ALG, { crv: 'Ed25519', extractable: true });
  const kid = `bench-${randomUUID().slice(0, 8)}`;
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: ALG, use: 'sig' }] };
  const now = Math.floor(Date.now() / 1000);
  const tokens = await Promise.all(
    Array.from({ length: TOKENS }, (_, n) =>
      new SignJWT({ scope: ROLE.scopes.join(' '), purpose: ROLE.purpose })
        .setProtectedHeader({ alg: ALG, kid, typ: 'JWT' })
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setSubject(`bench-user-${n}`)
        .setJti(randomUUID())
        .setIssuedAt(now)
        .setExpirationTime(now + 6 * 3_600)
        .sign(privateKey),
    ),
  );

  const env: Record<string, string> = {
    SINGLEVIEW_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(options.port),
    // Cluster workers (the gateway's GATEWAY_WORKERS).
    GATEWAY_WORKERS: String(options.workers),
    JWT_JWKS: JSON.stringify(jwks),
    JWT_ISSUER: ISSUER,
    JWT_AUDIENCE: AUDIENCE,
    JWT_ALGORITHMS: ALG,
    AUDIT_FILE: join(WORK_DIR, `audit-${options.port}.jsonl`),
    // No peer has an entity cache, so Singleview's stays off whatever the caller's environment says.
    GATEWAY_ENTITY_CACHE_TTL_MS: '0',
  };
  if (options.supergraphPath) env.SUPERGRAPH_PATH = options.supergraphPath;
  for (const [name, url] of Object.entries(options.subgraphUrls)) env[`SUBGRAPH_${name.toUpperCase()}_URL`] = url;
  return { env, authorization: (i) => `Bearer ${tokens[i % TOKENS]}` };
}

/** A note when the gateway answers a request that has no credentials: then authentication is not on, and the run does not measure the production configuration. */
export async function authenticationNote(url: string, body: string): Promise<string | undefined> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const answer = (await response.json().catch(() => ({}))) as { data?: unknown; errors?: unknown[] };
  if (response.status === 200 && answer.data && !answer.errors) {
    return `Singleview answered a request without credentials (${url}): authentication is not enforced, so this is not its production configuration.`;
  }
  return undefined;
}
