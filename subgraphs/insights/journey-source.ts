// A journey event's source entity as a federated reference: a stub with the entity's key, which the gateway expands in its own subgraph.
import type { TimelineEvent } from './journey.ts';

export type SourceEntityType = 'Order' | 'Invoice' | 'Case' | 'Contact' | 'Membership' | 'Touchpoint';

export interface EntityStub {
  __typename: SourceEntityType;
  id?: string;
  number?: string;
}

/** The key field of each entity type (Membership is keyed by its number). */
const KEY_FIELD: Record<SourceEntityType, 'id' | 'number'> = {
  Order: 'id',
  Invoice: 'id',
  Case: 'id',
  Contact: 'id',
  Membership: 'number',
  Touchpoint: 'id',
};

export function sourceOf(event: TimelineEvent): EntityStub | null {
  const type = event.sourceType as SourceEntityType | null | undefined;
  if (!type || !(type in KEY_FIELD) || !event.sourceKey) return null;
  return { __typename: type, [KEY_FIELD[type]]: event.sourceKey };
}
