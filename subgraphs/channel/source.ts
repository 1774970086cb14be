// The channel subgraph's port to the channel platform: batched reads by channel profile id.
import type { ChannelKind, ChannelPreference, ChannelProfile, Device, Touchpoint } from './model.ts';

/** Filters pushed down to the store, so a customer with years of history is not read whole. */
export interface TouchpointFilter {
  channels?: ChannelKind[];
  since?: string;
  until?: string;
}

export interface ChannelSource {
  profiles(ids: readonly string[]): Promise<ChannelProfile[]>;
  /** Touchpoints of the given profiles matching the filter, newest first. */
  touchpoints(profileIds: readonly string[], filter: TouchpointFilter): Promise<Touchpoint[]>;
  /** Touchpoints by their own ids (a journey event's source, expanded by the gateway). */
  touchpointsById(ids: readonly string[]): Promise<Touchpoint[]>;
  devices(profileIds: readonly string[]): Promise<Device[]>;
  preferences(profileIds: readonly string[]): Promise<ChannelPreference[]>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
