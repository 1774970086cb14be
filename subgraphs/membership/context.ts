// The membership subgraph's per-request context: DataLoaders over the loyalty port, keyed by membership number.
import type DataLoader from 'dataloader';
import type { IdentityKeys } from '../kit/identity-keys.ts';
import { manyByKey, nativeKeysLoader, oneByKey } from '../kit/loaders.ts';
import type { CommunityActivity, Member, PointsEntry } from './model.ts';
import type { MembershipSource } from './source.ts';

export interface MembershipContext {
  memberNos: DataLoader<string, string[]>;
  members: DataLoader<string, Member | null>;
  ledger: DataLoader<string, PointsEntry[]>;
  activities: DataLoader<string, CommunityActivity[]>;
}

export function createMembershipContext(source: MembershipSource, identity: IdentityKeys): MembershipContext {
  return {
    memberNos: nativeKeysLoader(identity),
    members: oneByKey((ids) => source.members(ids), (m) => m._id),
    ledger: manyByKey((ids) => source.ledger(ids), (e) => e.memberNo),
    activities: manyByKey((ids) => source.activities(ids), (a) => a.memberNo),
  };
}
