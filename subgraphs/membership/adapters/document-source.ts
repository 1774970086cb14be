// The membership port over the loyalty system's document store (MongoDB, or the in-memory backend with the same code).
import type { DocumentDatabase } from '../../kit/store/document-store.ts';
import { MEMBERSHIP_COLLECTIONS, type CommunityActivity, type Member, type PointsEntry } from '../model.ts';
import type { MembershipSource } from '../source.ts';

export async function createDocumentMembershipSource(db: DocumentDatabase): Promise<MembershipSource> {
  const members = db.collection<Member>(MEMBERSHIP_COLLECTIONS.members);
  const ledger = db.collection<PointsEntry>(MEMBERSHIP_COLLECTIONS.ledger);
  const activities = db.collection<CommunityActivity>(MEMBERSHIP_COLLECTIONS.activities);
  await Promise.all([ledger.createIndex({ memberNo: 1, at: -1 }), activities.createIndex({ memberNo: 1, at: -1 })]);
  return {
    members: (ids) => members.find({ _id: { $in: [...ids] } }),
    ledger: (ids) => ledger.find({ memberNo: { $in: [...ids] } }, { sort: { at: -1, _id: -1 } }),
    activities: (ids) => activities.find({ memberNo: { $in: [...ids] } }, { sort: { at: -1, _id: -1 } }),
    ping: () => db.ping(),
    close: () => db.close(),
  };
}
