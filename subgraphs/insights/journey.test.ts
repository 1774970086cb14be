// The merged journey: newest first, filters, windows, and cursor pages that return every event exactly once even with ties.
import { describe, expect, it } from 'vitest';
import { filterTimeline, journeyPage, journeyWindows, mergeTimeline, readJourneyCursor, type TimelineEvent } from './journey.ts';
import { EVENT_WINDOW } from '../kit/event-log.ts';
import { customerResolvers } from './customer-resolvers.ts';
import { sourceOf } from './journey-source.ts';
import type { CustomerFacts } from './representation.ts';

const event = (at: string, system: TimelineEvent['system'], type: string, sourceId: string, summary = type): TimelineEvent => ({ at, system, type, channel: null, summary, sourceId });

const crm = [event('2026-01-03T00:00:00.000Z', 'crm', 'CASE_OPENED', 'CS1'), event('2026-01-01T00:00:00.000Z', 'crm', 'CASE_CLOSED', 'CS0')];
// A tie on time, system and source whose summaries sort the other way from their types: the type decides.
const erp = [event('2026-01-03T00:00:00.000Z', 'erp', 'ORDER_PLACED', 'SO1', 'A placed'), event('2026-01-03T00:00:00.000Z', 'erp', 'ORDER_CANCELLED', 'SO1', 'Z cancelled')];
const membership = [event('2026-01-02T00:00:00.000Z', 'membership', 'REVIEW', 'CA1', 'A'), event('2026-01-02T00:00:00.000Z', 'membership', 'REVIEW', 'CA1', 'B')];
const channel = Array.from({ length: 7 }, (_, i) => event(`2026-01-0${1 + (i % 3)}T00:00:00.000Z`, 'channel', 'WEB_VISIT', `T${i}`));

describe('journey', () => {
  const merged = mergeTimeline([crm, erp, membership, channel, null]);

  it('merges every system newest first', () => {
    expect(merged).toHaveLength(13);
    const times = merged.map((e) => e.at);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('pages with after through every event exactly once, ties included', () => {
    for (const size of [1, 2, 3, 5, 13, 20]) {
      const seen: TimelineEvent[] = [];
      let after: string | null = null;
      for (let guard = 0; guard < 50; guard++) {
        const page = journeyPage(merged, size, readJourneyCursor(after));
        seen.push(...page.nodes);
        expect(page.totalCount).toBe(13);
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(seen).toEqual(merged);
    }
  });

  it('answers Customer.journey with a connection that encodes its cursors only when read', () => {
    const customer = { id: 'cus_1', crmEvents: crm, erpEvents: erp, membershipEvents: membership, channelEvents: channel } as unknown as CustomerFacts;
    const resolve = customerResolvers.journey as unknown as (parent: CustomerFacts, args: object) => Record<string, unknown>;
    const page = resolve(customer, { first: 5 });
    // Spreading the page into the answer would call the getters and build every edge's cursor.
    expect(typeof Object.getOwnPropertyDescriptor(page, 'edges')?.get).toBe('function');
    expect(typeof Object.getOwnPropertyDescriptor(page, 'pageInfo')?.get).toBe('function');
    expect(page).toMatchObject({ totalCount: 13, systems: ['CRM', 'ERP', 'MEMBERSHIP', 'CHANNEL'].map((s) => s.toLowerCase()) });
    expect((page.edges as { node: TimelineEvent }[]).map((e) => e.node)).toEqual(merged.slice(0, 5));
  });

  it('filters by system, type and time window', () => {
    expect(filterTimeline(merged, { systems: ['erp'] }).map((e) => e.type)).toEqual(['ORDER_PLACED', 'ORDER_CANCELLED'].sort().reverse());
    expect(filterTimeline(merged, { types: ['REVIEW', 'CASE_CLOSED'] })).toHaveLength(3);
    const window = filterTimeline(merged, { since: '2026-01-02T00:00:00.000Z', until: '2026-01-03T00:00:00.000Z' });
    expect(window.every((e) => e.at === '2026-01-02T00:00:00.000Z')).toBe(true);
    expect(window).toHaveLength(4);
  });

  it('rejects a bad time, an empty window and a foreign cursor, naming the argument', () => {
    expect(() => filterTimeline(merged, { since: 'yesterday' })).toThrow(/"since"/);
    expect(() => filterTimeline(merged, { since: '2026-01-03T00:00:00Z', until: '2026-01-01T00:00:00Z' })).toThrow(/"until"/);
    expect(() => readJourneyCursor(Buffer.from('[1,2]').toString('base64url'))).toThrow(/"after"/);
  });

  it('reports how far back each system window reaches and when it is cut', () => {
    const full = Array.from({ length: EVENT_WINDOW }, (_, i) => event(new Date(Date.UTC(2026, 0, 1) - i * 60_000).toISOString(), 'channel', 'APP_SESSION', `T${i}`));
    const windows = journeyWindows({ crm, erp: [], membership: null, channel: full });
    expect(windows).toEqual([
      { system: 'crm', events: 2, oldestAt: '2026-01-01T00:00:00.000Z', truncated: false },
      { system: 'channel', events: EVENT_WINDOW, oldestAt: full.at(-1)!.at, truncated: true },
    ]);
  });

  it('turns an event source into an entity stub keyed as its subgraph keys it', () => {
    expect(sourceOf({ ...crm[0], sourceType: 'Case', sourceKey: 'CS1' })).toEqual({ __typename: 'Case', id: 'CS1' });
    expect(sourceOf({ ...membership[0], sourceType: 'Membership', sourceKey: 'M10000001' })).toEqual({ __typename: 'Membership', number: 'M10000001' });
    expect(sourceOf({ ...crm[0], sourceType: 'Nope', sourceKey: 'x' })).toBeNull();
    expect(sourceOf(crm[0])).toBeNull();
  });
});
