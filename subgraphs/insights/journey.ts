// Merges each system's bounded event list into one timeline, newest first, with stable cursors.
//
// Staying fast for customers with thousands of events: every legacy subgraph contributes
// at most its 100 most recent events (pushed down to its source), so the merged window
// holds at most 400 events however long the history, and paging walks that window.
import type { Connection } from '../kit/pagination.ts';
import { encodeCursor, toConnection } from '../kit/pagination.ts';

export interface TimelineEvent {
  at: string;
  system: string;
  type: string;
  channel: string | null;
  summary: string;
  sourceId: string | null;
}

type EventKey = [string, string, string, string];

/** Total order: time (newest first), then system, type and source id, so ties never reorder between pages. */
const keyOf = (e: TimelineEvent): EventKey => [e.at, e.system, e.type, e.sourceId ?? ''];

function compare(a: EventKey, b: EventKey): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return a[i] < b[i] ? 1 : -1;
  }
  return 0;
}

export function mergeTimeline(lists: (readonly TimelineEvent[] | null | undefined)[]): TimelineEvent[] {
  return lists.flatMap((list) => list ?? []).sort((a, b) => compare(keyOf(a), keyOf(b)));
}

export function journeyPage(events: TimelineEvent[], size: number, after: EventKey | undefined): Connection<TimelineEvent> & { totalCount: number } {
  const start = after ? events.findIndex((e) => compare(keyOf(e), after) > 0) : 0;
  const rest = start === -1 ? [] : events.slice(start, start + size + 1);
  return { ...toConnection(rest, size, keyOf), totalCount: events.length };
}

export { encodeCursor };
