// Merges each system's bounded event list into one timeline (newest first), filters it and pages it with stable cursors.
//
// Staying fast for customers with thousands of events: every legacy subgraph contributes
// at most its 100 most recent events (the ERP pushes the limit down into SQL; the others
// cut their newest-first lists), so the merged window holds at most 400 events however
// long the history. Filtering, sorting and paging that window is O(400 log 400), and
// `windows` tells the console where each system's window stops.
import { badUserInput } from '../kit/errors.ts';
import { EVENT_WINDOW, newestFirst, type EventLike } from '../kit/event-log.ts';
import type { Connection } from '../kit/pagination.ts';
import { decodeCursor, toConnection } from '../kit/pagination.ts';
import { SOURCE_SYSTEMS, type SourceSystemId } from '../kit/source-system.ts';

/** One event on the journey: a legacy subgraph's event plus the system it came from. */
export interface TimelineEvent extends EventLike {
  system: SourceSystemId;
}

type EventKey = [string, string, string, string, string];

/** A cursor holds the sort fields of the event it follows (a null source id as ''). */
const keyOf = (e: TimelineEvent): EventKey => [e.at, e.system, e.type, e.sourceId ?? '', e.summary];
const fromKey = ([at, system, type, sourceId, summary]: EventKey) => ({ at, system, type, sourceId, summary });
type SortFields = { at: string; system: string; type: string; sourceId?: string | null; summary: string };

const descending = (a: string, b: string): number => (a === b ? 0 : a < b ? 1 : -1);

/** Total order: time (newest first), then system, type, source id and summary, so ties never reorder between pages. */
function compareEvents(a: SortFields, b: SortFields): number {
  return newestFirst(a, b) || descending(a.system, b.system) || descending(a.type, b.type) || descending(a.sourceId ?? '', b.sourceId ?? '') || descending(a.summary, b.summary);
}

export function mergeTimeline(lists: (readonly TimelineEvent[] | null | undefined)[]): TimelineEvent[] {
  return lists.flatMap((list) => list ?? []).sort(compareEvents);
}

export interface JourneyFilter {
  systems?: readonly string[] | null;
  types?: readonly string[] | null;
  since?: string | null;
  until?: string | null;
}

function isoArgument(name: string, value: string | null | undefined): string | undefined {
  if (value == null) return undefined;
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw badUserInput(name, `must be an ISO-8601 date-time, got "${value}"`);
  return new Date(time).toISOString();
}

/** Keep the events that pass every given filter: systems and types (any of), since (inclusive) and until (exclusive). */
export function filterTimeline(events: TimelineEvent[], filter: JourneyFilter): TimelineEvent[] {
  const since = isoArgument('since', filter.since);
  const until = isoArgument('until', filter.until);
  if (since && until && since >= until) throw badUserInput('until', 'must be later than "since"');
  const systems = filter.systems?.length ? new Set(filter.systems) : null;
  const types = filter.types?.length ? new Set(filter.types) : null;
  return events.filter(
    (e) => (!systems || systems.has(e.system)) && (!types || types.has(e.type)) && (!since || e.at >= since) && (!until || e.at < until),
  );
}

export function readJourneyCursor(after: string | null | undefined): EventKey | undefined {
  if (!after) return undefined;
  const key = decodeCursor<unknown>(after);
  if (!Array.isArray(key) || key.length !== 5 || !key.every((part) => typeof part === 'string')) {
    throw badUserInput('after', 'is not a cursor returned by this field');
  }
  return key as EventKey;
}

export function journeyPage(events: TimelineEvent[], size: number, after: EventKey | undefined): Connection<TimelineEvent> & { totalCount: number } {
  const cursor = after && fromKey(after);
  const start = cursor ? events.findIndex((e) => compareEvents(e, cursor) > 0) : 0;
  const rest = start === -1 ? [] : events.slice(start, start + size + 1);
  return toConnection(rest, size, keyOf, { totalCount: events.length });
}

/** How far back each system's window reaches, and whether the system had more than its window holds. */
export function journeyWindows(lists: Record<SourceSystemId, readonly TimelineEvent[] | null | undefined>) {
  return SOURCE_SYSTEMS.filter((system) => lists[system]?.length).map((system) => {
    const list = lists[system]!;
    let oldest = list[0].at;
    for (const e of list) if (e.at < oldest) oldest = e.at;
    return { system, events: list.length, oldestAt: oldest, truncated: list.length >= EVENT_WINDOW };
  });
}
