// The insights store over the document-store port: MongoDB through the driver, or the in-memory backend with the same code.
import type { DocumentDatabase } from '../../kit/store/document-store.ts';
import type { MembershipSnapshot, RefreshRun, SegmentDefinition, SettingDoc } from '../model.ts';
import type { InsightsStore } from '../source.ts';

export const INSIGHTS_COLLECTIONS = { segments: 'segments', memberships: 'segmentMemberships', settings: 'settings', runs: 'segmentRefreshes' } as const;

export async function createDocumentInsightsStore(db: DocumentDatabase): Promise<InsightsStore> {
  const segments = db.collection<SegmentDefinition>(INSIGHTS_COLLECTIONS.segments);
  const memberships = db.collection<MembershipSnapshot>(INSIGHTS_COLLECTIONS.memberships);
  const settings = db.collection<SettingDoc>(INSIGHTS_COLLECTIONS.settings);
  const runs = db.collection<RefreshRun>(INSIGHTS_COLLECTIONS.runs);
  await Promise.all([memberships.createIndex({ segments: 1, _id: 1 }), memberships.createIndex({ refreshedAt: 1 }), runs.createIndex({ startedAt: -1 })]);
  return {
    listSegments: () => segments.find({}, { sort: { name: 1 } }),
    getSegment: (id) => segments.findOne({ _id: id }),
    insertSegment: async (definition) => (await segments.insertNew([definition])) === 1,
    replaceSegment: (definition) => segments.replaceMany([definition]),
    deleteSegment: async (id) => (await segments.deleteMany({ _id: id })) > 0,

    snapshots: (ids) => (ids.length ? memberships.find({ _id: { $in: [...ids] } }) : Promise.resolve([])),
    putSnapshots: (docs) => (docs.length ? memberships.replaceMany(docs) : Promise.resolve()),
    scanSnapshots: (batchSize) => memberships.scan({}, batchSize),
    async members(segmentId, after, limit) {
      const filter = after === undefined ? { segments: segmentId } : { segments: segmentId, _id: { $gt: after } };
      const docs = await memberships.find(filter, { sort: { _id: 1 }, limit, projection: { _id: 1 } });
      return docs.map((d) => d._id);
    },
    countMembers: (segmentId) => memberships.count({ segments: segmentId }),
    countSnapshots: () => memberships.count({}),
    deleteSnapshotsRefreshedBefore: (iso) => memberships.deleteMany({ refreshedAt: { $lt: iso } }),

    async getSetting<T>(key: string) {
      const doc = await settings.findOne({ _id: key });
      return doc ? (doc.value as T) : null;
    },
    putSetting: (key, value) => settings.replaceMany([{ _id: key, value, updatedAt: new Date().toISOString() }]),
    getRun: (id) => runs.findOne({ _id: id }),
    latestRun: async () => (await runs.find({}, { sort: { startedAt: -1 }, limit: 1 }))[0] ?? null,
    putRun: (run) => runs.replaceMany([run]),

    ping: () => db.ping(),
    close: () => db.close(),
  };
}
