// The simulated enterprise's data generator: true persons and their records in CRM, ERP, membership and channels, plus ground truth.
import { IdCounters, type BuildContext } from './context.ts';
import { crmUsers, recordInCrm } from './crm-records.ts';
import { recordInErp } from './erp-records.ts';
import { recordInMembership } from './membership-records.ts';
import { recordInChannels } from './channel-records.ts';
import { PersonFactory } from './persons.ts';
import { Random } from './random.ts';
import { tellStory } from './story.ts';
import type { EnterpriseData } from './types.ts';

export type * from './types.ts';

export interface GenerateOptions {
  seed?: string;
  persons?: number;
  /** The simulated "today"; records are dated before it. Defaults to the start of the current UTC day. */
  anchor?: string;
}

export const DEFAULT_SEED = 'singleview';
export const DEFAULT_PERSONS = 5_000;

export function startOfUtcDay(date = new Date()): string {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate())).toISOString();
}

/**
 * Deterministic in (seed, anchor): person i's records depend only on persons 0..i, so
 * the first 5,000 persons are the same at every scale.
 */
export function generateEnterprise(options: GenerateOptions = {}): EnterpriseData {
  const seed = options.seed ?? DEFAULT_SEED;
  const count = options.persons ?? DEFAULT_PERSONS;
  const anchorIso = options.anchor ?? startOfUtcDay();
  const anchor = Date.parse(anchorIso);
  if (!Number.isInteger(count) || count < 1) throw new Error(`persons must be a positive integer, got ${count}`);
  if (Number.isNaN(anchor)) throw new Error(`anchor must be an ISO date, got ${anchorIso}`);

  const data: EnterpriseData = {
    seed,
    anchor: anchorIso,
    persons: [],
    crm: { contacts: [], cases: [], opportunities: [], users: crmUsers(), consents: [], activities: [] },
    erp: { customers: [], orders: [], lines: [], invoices: [] },
    membership: { members: [], ledger: [], activities: [] },
    channel: { profiles: [], touchpoints: [], devices: [], preferences: [] },
    truth: new Map(),
  };
  const factory = new PersonFactory(seed, anchor);
  const ids = new IdCounters();
  const householdDevices = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    const person = factory.make(i);
    const rng = Random.derive(seed, 'records', i);
    const story = tellStory(rng, person, anchor);
    const ctx: BuildContext = { rng, person, story, anchor, ids, data, householdDevices, keys: { custNos: [], contactIds: [], profileIds: [] } };
    data.persons.push(person);
    // Membership first: the CRM may record the membership number.
    recordInMembership(ctx);
    recordInErp(ctx);
    recordInCrm(ctx);
    recordInChannels(ctx);
  }
  return data;
}
