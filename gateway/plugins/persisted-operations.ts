// Governance plugin: persisted operations from Apollo persisted-query manifests; callers without free text (partners) may run only those.
//
// A client names a manifest operation with `extensions.persistedQuery.sha256Hash` set to the
// operation's id (the format Apollo Client's persisted-queries link sends). Callers whose
// profile allows free text may also send operation text and use APQ; partners may not.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { ConfigError } from '../../runtime/config.ts';
import type { Governance, PersistedOperation } from '../governance.ts';
import { governanceOf } from '../governance.ts';
import type { PolicyConfig } from '../policy-config.ts';
import { PolicyCode, policyError } from '../policy-error.ts';
import type { GovernancePlugin } from './hooks.ts';

export const MANIFEST_FORMAT = 'apollo-persisted-query-manifest';

export interface ManifestOperation extends PersistedOperation {
  type: 'query' | 'mutation' | 'subscription';
}

export function readManifest(path: string): ManifestOperation[] {
  let parsed: { format?: unknown; version?: unknown; operations?: unknown };
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError('PERSISTED_OPERATIONS_MANIFESTS', `cannot read ${path}: ${(error as Error).message}`);
  }
  if (parsed.format !== MANIFEST_FORMAT || parsed.version !== 1 || !Array.isArray(parsed.operations)) {
    throw new ConfigError('PERSISTED_OPERATIONS_MANIFESTS', `${path} is not an Apollo persisted query manifest (format "${MANIFEST_FORMAT}", version 1)`);
  }
  return parsed.operations.map((raw, i) => {
    const op = raw as Partial<ManifestOperation>;
    if (typeof op.id !== 'string' || typeof op.body !== 'string' || typeof op.name !== 'string') {
      throw new ConfigError('PERSISTED_OPERATIONS_MANIFESTS', `${path} operations[${i}] needs an id, a name and a body`);
    }
    return { id: op.id, name: op.name, body: op.body, type: op.type ?? 'query' };
  });
}

/** Apollo's manifest ids are the SHA-256 of the operation body. */
export function operationId(body: string): string {
  return createHash('sha256').update(body).digest('hex');
}

export function persistedOperationsPlugin(config: PolicyConfig): GovernancePlugin {
  const operations = new Map<string, ManifestOperation>();
  for (const path of config.persistedManifests) {
    for (const op of readManifest(path)) operations.set(op.id, op);
  }
  const names = new Set([...operations.values()].map((o) => o.name));
  // Partner allow-lists may name operations by id or by name; both must exist.
  for (const partner of config.partners) {
    for (const entry of partner.profile.operations ?? []) {
      if (!operations.has(entry) && !names.has(entry)) {
        throw new ConfigError(`GATEWAY_POLICY_FILE partners[${partner.id}].operations`, `"${entry}" is in no persisted operation manifest`);
      }
    }
  }

  const allowed = (governance: Governance, op: ManifestOperation) => {
    const list = governance.principal.profile.operations;
    return !list || list.has(op.id) || list.has(op.name ?? '');
  };

  return {
    name: 'persisted-operations',
    onRequest({ params, governance }) {
      const { profile } = governance.principal;
      const op = params.persistedId ? operations.get(params.persistedId) : undefined;
      if (op && params.query === undefined) {
        if (!allowed(governance, op)) {
          throw policyError(PolicyCode.PERSISTED_QUERY_NOT_ALLOWED, `Persisted operation "${op.name}" is not allowed for this client`, 403, { operationId: op.id });
        }
        governance.persisted = op;
        return;
      }
      if (profile.freeText) return;
      if (params.query !== undefined) {
        throw policyError(
          PolicyCode.PERSISTED_QUERY_ID_REQUIRED,
          'This client may run persisted operations only: send extensions.persistedQuery.sha256Hash with an operation id from the manifest, and no query text',
          400,
        );
      }
      if (!params.persistedId) throw policyError(PolicyCode.PERSISTED_QUERY_ID_REQUIRED, 'No operation: send extensions.persistedQuery.sha256Hash with an operation id from the manifest', 400);
      throw policyError(PolicyCode.PERSISTED_QUERY_NOT_FOUND, `Unknown persisted operation id "${params.persistedId.slice(0, 80)}"`, 400);
    },
    apollo: {
      async requestDidStart({ request, contextValue }) {
        const persisted = governanceOf(contextValue)?.persisted;
        if (!persisted) return;
        // Run the manifest's text; the id is not an APQ hash, so the APQ extension goes.
        request.query = persisted.body;
        if (request.extensions) {
          const { persistedQuery: _unused, ...rest } = request.extensions;
          request.extensions = rest;
        }
      },
    },
  };
}
