// The channel port over the channel platform's document store (MongoDB, or the in-memory backend with the same code).
import type { DocumentDatabase, Filter } from '../../kit/store/document-store.ts';
import { CHANNEL_COLLECTIONS, type ChannelPreference, type ChannelProfile, type Device, type Touchpoint } from '../model.ts';
import type { ChannelSource } from '../source.ts';

export async function createDocumentChannelSource(db: DocumentDatabase): Promise<ChannelSource> {
  const profiles = db.collection<ChannelProfile>(CHANNEL_COLLECTIONS.profiles);
  const touchpoints = db.collection<Touchpoint>(CHANNEL_COLLECTIONS.touchpoints);
  const devices = db.collection<Device>(CHANNEL_COLLECTIONS.devices);
  const preferences = db.collection<ChannelPreference>(CHANNEL_COLLECTIONS.preferences);
  await Promise.all([touchpoints.createIndex({ profileId: 1, at: -1 }), devices.createIndex({ profileId: 1 })]);
  return {
    profiles: (ids) => profiles.find({ _id: { $in: [...ids] } }),
    touchpoints(ids, filter) {
      const query: Filter = { profileId: { $in: [...ids] } };
      if (filter.channels?.length) query.channel = { $in: filter.channels };
      if (filter.since || filter.until) query.at = { ...(filter.since ? { $gte: filter.since } : {}), ...(filter.until ? { $lt: filter.until } : {}) };
      return touchpoints.find(query, { sort: { at: -1, _id: -1 } });
    },
    touchpointsById: (ids) => touchpoints.find({ _id: { $in: [...ids] } }),
    devices: (ids) => devices.find({ profileId: { $in: [...ids] } }),
    preferences: (ids) => preferences.find({ _id: { $in: [...ids] } }),
    ping: () => db.ping(),
    close: () => db.close(),
  };
}
