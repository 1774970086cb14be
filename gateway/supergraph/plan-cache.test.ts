// The query-plan store: counted lookups, emptied by a new schema, and warm again from the operations served before it.
import { createHash } from 'node:crypto';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { planKey, plannerOf, QueryPlanCache } from './plan-cache.ts';

const doc = (text: string) => parse(text);

describe('QueryPlanCache', () => {
  it('files plans under the key @apollo/gateway uses', () => {
    expect(planKey('abc', undefined)).toBe('abc');
    expect(planKey('abc', 'Customer360')).toBe(createHash('sha256').update('abc').update('Customer360').digest('hex'));
  });

  it('counts hits and misses, and forgets the plans but not the operations on clear', async () => {
    const lookups: boolean[] = [];
    const cache = new QueryPlanCache<{ kind: string }>({ maxBytes: 1_000_000, warmOperations: 10 }, (hit) => lookups.push(hit));
    expect(await cache.get('k')).toBeUndefined();
    await cache.set('k', { kind: 'QueryPlan' });
    expect(await cache.get('k')).toEqual({ kind: 'QueryPlan' });
    expect(lookups).toEqual([false, true]);
    cache.remember('k', doc('{ a }'), null);
    cache.clear();
    expect(cache.status()).toEqual({ plans: 0, warmups: 0, lastWarmed: 0 });
    expect(await cache.warm((document) => ({ kind: 'plan of ' + (document.definitions[0] as any).selectionSet.selections[0].name.value }))).toBe(1);
    expect(await cache.get('k')).toEqual({ kind: 'plan of a' });
    expect(cache.status()).toEqual({ plans: 1, warmups: 1, lastWarmed: 1 });
  });

  it('warms only the most recent operations, skips those the new schema refuses, and keeps plans already there', async () => {
    const cache = new QueryPlanCache<{ op: string }>({ maxBytes: 1_000_000, warmOperations: 2 });
    cache.remember('old', doc('query Old { a }'), 'Old');
    cache.remember('gone', doc('query Gone { b }'), 'Gone');
    cache.remember('kept', doc('query Kept { c }'), 'Kept');
    await cache.set('kept', { op: 'planned by a request' });
    const planned: string[] = [];
    const count = await cache.warm((_document, name) => {
      planned.push(name!);
      if (name === 'Gone') throw new Error('Cannot query field "b"');
      return { op: name! };
    });
    expect(planned).toEqual(['Gone']);
    expect(count).toBe(0);
    expect(await cache.get('old')).toBeUndefined();
    expect(await cache.get('kept')).toEqual({ op: 'planned by a request' });
  });

  it('stays within its byte budget, least recently used plans first', async () => {
    const cache = new QueryPlanCache<{ text: string }>({ maxBytes: 100, warmOperations: 1 });
    await cache.set('a', { text: 'x'.repeat(40) });
    await cache.set('b', { text: 'y'.repeat(40) });
    await cache.set('c', { text: 'z'.repeat(40) });
    expect(await cache.get('a')).toBeUndefined();
    expect(await cache.get('c')).toBeDefined();
  });

  it('refuses at once a gateway that does not expose its planner (an upgrade renamed the fields)', () => {
    expect(() => plannerOf({})).toThrow('no longer exposes apiSchema and queryPlanner');
    expect(() => plannerOf({ apiSchema: {}, queryPlanner: {} })).toThrow('needs updating for this release');
  });
});
