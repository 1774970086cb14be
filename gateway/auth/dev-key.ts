// The development signing key: created on first use on this machine (never checked in), trusted by the gateway only in development.
import { randomUUID } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SignJWT, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { ROLES } from './roles.ts';

export const DEV_ISSUER = 'singleview-dev';
export const DEV_AUDIENCE = 'singleview';
const ALG = 'EdDSA';

interface DevKeyFile {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

async function createKeyFile(path: string): Promise<void> {
  const { publicKey, privateKey } = await generateKeyPair(ALG, { crv: 'Ed25519', extractable: true });
  const kid = `dev-${randomUUID().slice(0, 8)}`;
  const content: DevKeyFile = { kid, privateJwk: await exportJWK(privateKey), publicJwk: { ...(await exportJWK(publicKey)), kid, alg: ALG, use: 'sig' } };
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.${kid}.tmp`;
  writeFileSync(temporary, JSON.stringify(content), { mode: 0o600 });
  try {
    // Atomic: when two processes create it at once, the first link wins and both use it.
    linkSync(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temporary);
  }
}

async function readKeyFile(path: string): Promise<DevKeyFile> {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as DevKeyFile;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await createKeyFile(path);
  return JSON.parse(readFileSync(path, 'utf8')) as DevKeyFile;
}

/** The public half, as a JSON Web Key Set for the gateway's verifier. */
export async function devJwks(path: string): Promise<{ keys: JWK[] }> {
  return { keys: [(await readKeyFile(path)).publicJwk] };
}

export interface MintOptions {
  role?: string;
  subject?: string;
  scopes?: string[];
  purpose?: string;
  clientId?: string;
  /** Lifetime in seconds (default one hour); negative gives an expired token, for tests. */
  ttlSeconds?: number;
}

/** A JWT signed with the development key: what `npm run token` prints. */
export async function mintDevToken(path: string, options: MintOptions = {}): Promise<string> {
  const role = options.role ? ROLES[options.role] : undefined;
  if (options.role && !role) throw new Error(`Unknown role "${options.role}"; known roles: ${Object.keys(ROLES).join(', ')}`);
  const key = await readKeyFile(path);
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = { scope: (options.scopes ?? role?.scopes ?? []).join(' ') };
  const purpose = options.purpose ?? role?.purpose;
  if (purpose) claims.purpose = purpose;
  if (options.clientId) claims.client_id = options.clientId;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: ALG, kid: key.kid, typ: 'JWT' })
    .setIssuer(DEV_ISSUER)
    .setAudience(DEV_AUDIENCE)
    .setSubject(options.subject ?? `dev-${options.role ?? 'user'}`)
    .setIssuedAt(now)
    .setExpirationTime(now + (options.ttlSeconds ?? 3_600))
    .sign(await importJWK(key.privateJwk, ALG));
}
