// The parent value of a legacy subgraph's Customer resolvers: only the unified ID; each field loads what it needs.
export interface CustomerRef {
  id: string;
}
