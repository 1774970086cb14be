// The compact form of a subgraph's recent events that insights requires: one scalar instead of hundreds of typed objects.
//
// Each legacy subgraph exposes its events twice: `xxxEvents: [TimelineEvent!]` for clients,
// and `xxxEventLog: EventLog @inaccessible` for insights' @requires. The gateway carries a
// scalar as an opaque value, so a customer's 400 events cross it without being walked,
// reshaped and re-serialized field by field, which is where a journey's time went.
import { GraphQLScalarType } from 'graphql';

export interface EventLike {
  at: string;
  type: string;
  channel: string | null;
  summary: string;
  sourceId: string | null;
  sourceType?: string | null;
  sourceKey?: string | null;
}

/**
 * How many of its most recent events each legacy subgraph contributes (argument-free, so
 * that insights can @require the log): the journey's window per system.
 */
export const EVENT_WINDOW = 100;

/** Newest first. ISO-8601 UTC timestamps order as plain strings; localeCompare would run a collation for nothing. */
export const newestFirst = (a: { at: string }, b: { at: string }): number => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0);

/** A subgraph's events as its log carries them: the EVENT_WINDOW most recent, newest first. */
export function recentEvents<E extends { at: string }>(events: E[]): E[] {
  return events.sort(newestFirst).slice(0, EVENT_WINDOW);
}

/** [at, type, channel, summary, sourceId, sourceType, sourceKey]; the system is the field's own. */
export type PackedEvent = [string, string, string | null, string, string | null, string | null, string | null];

export function packEvents(events: readonly EventLike[]): PackedEvent[] {
  return events.map((e) => [e.at, e.type, e.channel, e.summary, e.sourceId, e.sourceType ?? null, e.sourceKey ?? null]);
}

export function unpackEvents<S extends string>(system: S, packed: unknown): (EventLike & { system: S })[] | null {
  if (!Array.isArray(packed)) return null;
  return packed.map((row) => {
    const [at, type, channel, summary, sourceId, sourceType, sourceKey] = row as PackedEvent;
    return { system, at, type, channel, summary, sourceId, sourceType, sourceKey };
  });
}

function checked(value: unknown): PackedEvent[] {
  if (!Array.isArray(value)) throw new TypeError('EventLog must be an array of event tuples');
  return value as PackedEvent[];
}

/** The `EventLog` scalar: an array of PackedEvent tuples, passed through as JSON. */
export const EventLogScalar = new GraphQLScalarType({
  name: 'EventLog',
  description: 'Recent events as compact tuples, for the insights subgraph',
  serialize: checked,
  parseValue: checked,
});
