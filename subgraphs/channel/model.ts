// The channel platform's MongoDB documents, as the channel subgraph reads them (collections: profiles, touchpoints, devices, preferences).

export const CHANNEL_COLLECTIONS = { profiles: 'profiles', touchpoints: 'touchpoints', devices: 'devices', preferences: 'preferences' } as const;

export type ChannelKind = 'WEB' | 'APP' | 'EMAIL' | 'SMS' | 'PUSH' | 'CALL_CENTER';
export interface ChannelProfile {
  _id: string;
  kind: 'registered' | 'anonymous';
  email: string | null;
  phone: string | null;
  displayName: string | null;
  deviceIds: string[];
  createdAt: string;
  updatedAt: string;
}
export interface Touchpoint {
  _id: string;
  profileId: string;
  channel: ChannelKind;
  action: 'VISIT' | 'SESSION' | 'SENT' | 'OPENED' | 'CLICKED' | 'CALL';
  at: string;
  campaign: string | null;
  deviceId: string | null;
  detail: string | null;
}
export interface Device {
  _id: string;
  profileId: string;
  type: 'MOBILE' | 'DESKTOP' | 'TABLET';
  os: string;
  firstSeen: string;
  lastSeen: string;
}
export interface ChannelPreference {
  _id: string; // profile id
  channels: { channel: ChannelKind; optIn: boolean; updatedAt: string }[];
}
