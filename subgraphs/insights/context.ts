// The insights subgraph's per-request context: nothing to load, because its inputs arrive through @requires.
export type InsightsContext = Record<string, never>;

export function createInsightsContext(): InsightsContext {
  return {};
}
