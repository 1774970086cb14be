// What every per-system record builder gets: the person, their story, a random stream and sequential id counters.
import type { Random } from './random.ts';
import type { Story } from './story.ts';
import type { EnterpriseData, Person } from './types.ts';

export class IdCounters {
  private readonly counters = new Map<string, number>();
  next(prefix: string, width: number, start = 1): string {
    const n = this.counters.get(prefix) ?? start;
    this.counters.set(prefix, n + 1);
    return `${prefix}${String(n).padStart(width, '0')}`;
  }
}

export interface BuildContext {
  rng: Random;
  person: Person;
  story: Story;
  anchor: number;
  ids: IdCounters;
  data: EnterpriseData;
  /** Devices shared inside a household, by household id. */
  householdDevices: Map<string, string>;
  /** Native keys this person got in the systems built so far. */
  keys: { memberNo?: string; custNos: string[]; contactIds: string[]; profileIds: string[] };
}

export function own(ctx: BuildContext, system: string, id: string): void {
  ctx.data.truth.set(`${system}:${id}`, ctx.person.id);
}

export function between(rng: Random, fromIso: string, toIso: string): string {
  const a = Date.parse(fromIso), b = Date.parse(toIso);
  return new Date(a + Math.floor(rng.float() * Math.max(b - a, 1))).toISOString();
}

export function addDays(iso: string, days: number): string {
  return new Date(Date.parse(iso) + days * 86_400_000).toISOString();
}
