// The membership subgraph's port to the loyalty system: batched reads by membership number.
import type { CommunityActivity, Member, PointsEntry } from './model.ts';

export interface MembershipSource {
  members(memberNos: readonly string[]): Promise<Member[]>;
  /** Every ledger entry of the given members, newest first. */
  ledger(memberNos: readonly string[]): Promise<PointsEntry[]>;
  /** Every community activity of the given members, newest first. */
  activities(memberNos: readonly string[]): Promise<CommunityActivity[]>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
