// Channel engagement: the 7/30/90-day windows (boundaries included), responses versus messages, and the channel order.
import { describe, expect, it } from 'vitest';
import { channelSummary, lastSeen } from './engagement.ts';
import type { Touchpoint } from './model.ts';

const NOW = Date.parse('2026-11-23T00:00:00.000Z');
const DAY = 86_400_000;
let n = 0;
const tp = (channel: Touchpoint['channel'], action: Touchpoint['action'], ageMs: number): Touchpoint => ({
  _id: `T${n++}`, profileId: 'P1', channel, action, at: new Date(NOW - ageMs).toISOString(), campaign: null, deviceId: null, detail: null,
});

describe('channelSummary', () => {
  const touchpoints = [
    tp('APP', 'SESSION', 7 * DAY), // exactly 7 days old: inside every window
    tp('APP', 'SESSION', 7 * DAY + 1), // a millisecond older: outside the 7-day window
    tp('EMAIL', 'SENT', DAY), // a message sent, not a response
    tp('EMAIL', 'OPENED', 30 * DAY),
    tp('EMAIL', 'CLICKED', 30 * DAY + 1),
    tp('WEB', 'VISIT', 90 * DAY),
    tp('WEB', 'VISIT', 90 * DAY + 1),
  ];
  const summary = channelSummary(touchpoints, NOW);

  it('counts touchpoints in the last 30 and 90 days, each boundary included', () => {
    expect(summary.touchpointsLast30Days).toBe(4);
    expect(summary.touchpointsLast90Days).toBe(6);
  });

  it('counts responses per channel, in 7 and 30 days, and their latest time', () => {
    const byChannel = Object.fromEntries(summary.byChannel.map((c) => [c.channel, c]));
    expect(byChannel.APP).toMatchObject({ interactions: 2, responses: 2, responsesLast7Days: 1, responsesLast30Days: 2, lastResponseAt: touchpoints[0].at });
    expect(byChannel.EMAIL).toMatchObject({ interactions: 3, responses: 2, responsesLast7Days: 0, responsesLast30Days: 1, lastResponseAt: touchpoints[3].at });
    expect(byChannel.WEB).toMatchObject({ interactions: 2, responses: 2, responsesLast7Days: 0, responsesLast30Days: 0 });
  });

  it('orders channels by responses, then by name, and ignores messages for last seen', () => {
    expect(summary.byChannel.map((c) => c.channel)).toEqual(['APP', 'EMAIL', 'WEB']);
    expect(lastSeen([tp('EMAIL', 'SENT', 0), tp('WEB', 'VISIT', DAY)])).toBe(new Date(NOW - DAY).toISOString());
  });
});
