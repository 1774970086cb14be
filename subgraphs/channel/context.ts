// The channel subgraph's per-request context: DataLoaders over the channel port, keyed by profile id.
import type DataLoader from 'dataloader';
import type { IdentityKeys } from '../kit/identity-keys.ts';
import { newestFirst } from '../kit/event-log.ts';
import { batchByShape, manyByKey, nativeKeysLoader, oneByKey } from '../kit/loaders.ts';
import type { ChannelPreference, ChannelProfile, Device, Touchpoint } from './model.ts';
import type { ChannelSource, TouchpointFilter } from './source.ts';

export interface TouchpointKey {
  profileIds: string[];
  filter: TouchpointFilter;
}

export interface ChannelContext {
  profileIds: DataLoader<string, string[]>;
  profiles: DataLoader<string, ChannelProfile | null>;
  /** One customer's touchpoints under one filter; customers sharing a filter are fetched together. */
  touchpoints: DataLoader<TouchpointKey, Touchpoint[]>;
  touchpointById: DataLoader<string, Touchpoint | null>;
  devices: DataLoader<string, Device[]>;
  preferences: DataLoader<string, ChannelPreference | null>;
}

/** The port's order: newest first, then by id descending. */
const portOrder = (a: Touchpoint, b: Touchpoint) => newestFirst(a, b) || (a._id < b._id ? 1 : a._id > b._id ? -1 : 0);

export function createChannelContext(source: ChannelSource, identity: IdentityKeys): ChannelContext {
  return {
    profileIds: nativeKeysLoader(identity),
    profiles: oneByKey((ids) => source.profiles(ids), (p) => p._id),
    touchpoints: batchByShape(
      (key) => JSON.stringify(key.filter),
      async (keys) => {
        const rows = await source.touchpoints(keys.flatMap((k) => k.profileIds), keys[0].filter);
        const byProfile = new Map<string, Touchpoint[]>();
        for (const row of rows) {
          const list = byProfile.get(row.profileId);
          if (list) list.push(row);
          else byProfile.set(row.profileId, [row]);
        }
        // Rows come newest first; only a customer with several profiles needs their lists merged again.
        return keys.map((k) => (k.profileIds.length === 1 ? (byProfile.get(k.profileIds[0]) ?? []) : k.profileIds.flatMap((id) => byProfile.get(id) ?? []).sort(portOrder)));
      },
      (key) => JSON.stringify([key.profileIds, key.filter]),
    ),
    touchpointById: oneByKey((ids) => source.touchpointsById(ids), (t) => t._id),
    devices: manyByKey((ids) => source.devices(ids), (d) => d.profileId),
    preferences: oneByKey((ids) => source.preferences(ids), (p) => p._id),
  };
}
