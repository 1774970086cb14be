// The legacy systems a source record can come from: one internal spelling, mapped to the GraphQL enum in one place.

export const SOURCE_SYSTEMS = ['crm', 'erp', 'membership', 'channel'] as const;
export type SourceSystemId = (typeof SOURCE_SYSTEMS)[number];

/** Resolver for the `SourceSystem` enum: GraphQL names on the outside, internal ids inside. */
export const SourceSystemEnum = { CRM: 'crm', ERP: 'erp', MEMBERSHIP: 'membership', CHANNEL: 'channel' } as const;

export function recordKey(system: SourceSystemId, id: string): string {
  return `${system}:${id}`;
}

export function parseRecordKey(key: string): { system: SourceSystemId; id: string } {
  const colon = key.indexOf(':');
  return { system: key.slice(0, colon) as SourceSystemId, id: key.slice(colon + 1) };
}
