// Partner API keys: only their SHA-256 hashes are configured; a presented key is hashed and looked up, never stored or logged.
import { createHash, randomBytes } from 'node:crypto';
import type { PartnerKey } from '../policy-config.ts';

export const API_KEY_PREFIX = 'svk_';

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** A new random key (256 bits) and the hash to put in the policy file. */
export function newApiKey(): { key: string; keyHash: string } {
  const key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { key, keyHash: `sha256:${hashApiKey(key)}` };
}

export class ApiKeyStore {
  private readonly byHash = new Map<string, PartnerKey>();

  constructor(partners: PartnerKey[]) {
    for (const partner of partners) this.byHash.set(partner.keyHash, partner);
  }

  /** The partner a key belongs to. Lookup by hash of a 256-bit secret leaks nothing by its timing. */
  find(key: string): PartnerKey | undefined {
    if (key.length < 16 || key.length > 200) return undefined;
    return this.byHash.get(hashApiKey(key));
  }

  get size(): number {
    return this.byHash.size;
  }
}
