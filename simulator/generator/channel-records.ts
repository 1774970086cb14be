// The marketing channels' view of a person: web/app profiles, anonymous visits, devices, touchpoints and opt-ins.
import { between, own, type BuildContext } from './context.ts';
import { formatEmail, formatMobile } from './noise.ts';
import type { ChannelKind, ChannelProfile, Touchpoint } from './types.ts';

const CAMPAIGNS = ['spring-sale', 'member-week', 'new-arrivals', 'year-end-gifts', 'birthday-coupon'];
const PAGES = ['/products/new', '/membership', '/stores', '/cart', '/community', '/events'];
const OS = { MOBILE: ['iOS 19', 'Android 16'], DESKTOP: ['Windows 11', 'macOS 16'], TABLET: ['iPadOS 19', 'Android 16'] } as const;

export function recordInChannels(ctx: BuildContext): void {
  const { rng, person, story, data, anchor } = ctx;
  const now = new Date(anchor).toISOString();
  const newDevice = (profileId: string, type: 'MOBILE' | 'DESKTOP' | 'TABLET' = rng.pick(['MOBILE', 'MOBILE', 'DESKTOP', 'TABLET'] as const)) => {
    const id = `D${rng.digits(12)}`;
    data.channel.devices.push({ _id: id, profileId, type, os: rng.pick(OS[type]), firstSeen: person.firstSeen, lastSeen: between(rng, person.firstSeen, now) });
    return id;
  };
  const touch = (profileId: string, channel: ChannelKind, action: Touchpoint['action'], deviceId: string | null, campaign: string | null = null, detail: string | null = null) =>
    data.channel.touchpoints.push({ _id: ctx.ids.next('T', 10), profileId, channel, action, at: between(rng, person.firstSeen, now), campaign, deviceId, detail });

  let anonymousDevice: string | null = null;
  if (story.anonymousDevice) {
    const anonId = `anon-${rng.digits(12)}`;
    own(ctx, 'channel', anonId);
    ctx.keys.profileIds.push(anonId);
    anonymousDevice = newDevice(anonId);
    data.channel.profiles.push({ _id: anonId, kind: 'anonymous', email: null, phone: null, displayName: null, deviceIds: [anonymousDevice], createdAt: person.firstSeen, updatedAt: person.firstSeen });
    for (let i = rng.int(1, 6); i > 0; i--) touch(anonId, 'WEB', 'VISIT', anonymousDevice, null, rng.pick(PAGES));
  }
  if (!story.inChannel) return;

  const profileId = ctx.ids.next('W', 8);
  own(ctx, 'channel', profileId);
  ctx.keys.profileIds.push(profileId);
  const deviceIds = [newDevice(profileId, 'MOBILE')];
  // Logging in on the device they had browsed anonymously stitches the two together.
  if (anonymousDevice) deviceIds.push(anonymousDevice);
  if (person.homePhone && rng.chance(0.3)) {
    // A family tablet several household members log in on: a reused device must not chain them together.
    let tablet = ctx.householdDevices.get(person.householdId);
    if (!tablet) ctx.householdDevices.set(person.householdId, (tablet = newDevice(profileId, 'TABLET')));
    deviceIds.push(tablet);
  }
  const profile: ChannelProfile = {
    _id: profileId,
    kind: 'registered',
    email: formatEmail(rng, person.email).trim().toLowerCase(),
    phone: rng.chance(0.4) ? formatMobile(rng, person.mobile) : null,
    displayName: rng.chance(0.5) ? `${person.givenRoman.toLowerCase()}${rng.int(1, 999)}` : null,
    deviceIds,
    createdAt: person.firstSeen,
    updatedAt: between(rng, person.firstSeen, now),
  };
  data.channel.profiles.push(profile);

  const volume = Math.round(story.engagement * 30);
  for (let i = rng.count(volume * 0.4, 80); i > 0; i--) touch(profileId, 'WEB', 'VISIT', rng.pick(deviceIds), null, rng.pick(PAGES));
  for (let i = rng.count(volume * 0.4, 80); i > 0; i--) touch(profileId, 'APP', 'SESSION', deviceIds[0]);
  for (let i = rng.count(volume * 0.3, 40); i > 0; i--) {
    const campaign = rng.pick(CAMPAIGNS);
    touch(profileId, 'EMAIL', 'SENT', null, campaign);
    if (rng.chance(0.35 + story.engagement * 0.3)) touch(profileId, 'EMAIL', 'OPENED', null, campaign);
    if (rng.chance(0.1 + story.engagement * 0.2)) touch(profileId, 'EMAIL', 'CLICKED', null, campaign);
  }
  for (let i = rng.count(volume * 0.1, 20); i > 0; i--) touch(profileId, 'SMS', 'SENT', null, rng.pick(CAMPAIGNS));
  for (let i = rng.count(volume * 0.2, 30); i > 0; i--) {
    const campaign = rng.pick(CAMPAIGNS);
    touch(profileId, 'PUSH', 'SENT', deviceIds[0], campaign);
    if (rng.chance(0.3)) touch(profileId, 'PUSH', 'OPENED', deviceIds[0], campaign);
  }
  for (let i = rng.count(story.engagement * 1.5, 8); i > 0; i--) touch(profileId, 'CALL_CENTER', 'CALL', null, null, 'Inbound call');

  data.channel.preferences.push({
    _id: profileId,
    channels: (['EMAIL', 'SMS', 'PUSH', 'APP'] as const).map((channel) => ({ channel, optIn: rng.chance(channel === 'EMAIL' ? 0.7 : 0.5), updatedAt: profile.updatedAt })),
  });
}
