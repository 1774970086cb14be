// A legacy subgraph's Customer: the reference the gateway sends, and the parent value its resolvers get (only the unified ID).
import type DataLoader from 'dataloader';
import { SourceSystemEnum, type SourceSystemId } from './source-system.ts';

/** The parent value of a legacy subgraph's Customer resolvers: only the unified ID; each field loads what it needs. */
export interface CustomerRef {
  id: string;
}

/** A Customer reference as the gateway sends it: the key and, when a field required them, identity's records. */
export interface CustomerReference {
  id: string;
  sourceRecords?: readonly { system: string; id: string }[] | null;
}

const SOURCE_SYSTEM_NAMES = Object.fromEntries(Object.entries(SourceSystemEnum).map(([name, id]) => [id, name])) as Record<SourceSystemId, string>;

/**
 * Resolves a Customer reference in a legacy subgraph. Every Customer field there @requires
 * identity's `sourceRecords { system id }`, which the gateway fetches with the customer from
 * identity; this system's native keys are primed into the request's key loader, so no call to
 * identity's key service is made. A reference without them (a client calling the subgraph
 * directly) falls back to the key service.
 */
export function customerReference(ref: CustomerReference, keys: DataLoader<string, string[]>, system: SourceSystemId): CustomerRef {
  if (Array.isArray(ref.sourceRecords)) {
    const name = SOURCE_SYSTEM_NAMES[system];
    keys.prime(ref.id, ref.sourceRecords.filter((record) => record.system === name).map((record) => record.id));
  }
  return { id: ref.id };
}
