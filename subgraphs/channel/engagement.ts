// Channel engagement facts derived from touchpoints: per-channel responses, recency and timeline events.
import { EVENT_WINDOW } from '../kit/event-log.ts';
import type { Touchpoint } from './model.ts';

const DAY = 86_400_000;
/** Actions the customer started or answered, as opposed to messages sent to them. */
const RESPONSES = new Set<Touchpoint['action']>(['OPENED', 'CLICKED', 'SESSION', 'VISIT', 'CALL']);

export function channelSummary(touchpoints: Touchpoint[], now = Date.now()) {
  type Activity = { channel: string; interactions: number; responses: number; responsesLast7Days: number; responsesLast30Days: number; lastResponseAt: string | null };
  const byChannel = new Map<string, Activity>();
  // ISO-8601 UTC times order as strings: each window's start is computed once, not a Date.parse per touchpoint.
  const [since7, since30, since90] = [7, 30, 90].map((days) => new Date(now - days * DAY).toISOString());
  let last30 = 0, last90 = 0;
  for (const t of touchpoints) {
    if (t.at >= since30) last30++;
    if (t.at >= since90) last90++;
    const entry = byChannel.get(t.channel) ?? { channel: t.channel, interactions: 0, responses: 0, responsesLast7Days: 0, responsesLast30Days: 0, lastResponseAt: null };
    entry.interactions++;
    if (RESPONSES.has(t.action)) {
      entry.responses++;
      if (t.at >= since7) entry.responsesLast7Days++;
      if (t.at >= since30) entry.responsesLast30Days++;
      if (entry.lastResponseAt === null || t.at > entry.lastResponseAt) entry.lastResponseAt = t.at;
    }
    byChannel.set(t.channel, entry);
  }
  return {
    lastSeenAt: lastSeen(touchpoints),
    touchpointsLast30Days: last30,
    touchpointsLast90Days: last90,
    byChannel: [...byChannel.values()].sort((a, b) => b.responses - a.responses || a.channel.localeCompare(b.channel)),
  };
}

/** The last time the customer did something themselves (not a message sent to them). */
export function lastSeen(touchpoints: Touchpoint[]): string | null {
  let latest: string | null = null;
  for (const t of touchpoints) if (RESPONSES.has(t.action) && (latest === null || t.at > latest)) latest = t.at;
  return latest;
}

const VERBS: Record<Touchpoint['action'], string> = {
  VISIT: 'Visited', SESSION: 'Used the app', SENT: 'Was sent', OPENED: 'Opened', CLICKED: 'Clicked', CALL: 'Called the contact centre',
};

export function channelEvents(touchpoints: Touchpoint[]) {
  // Touchpoints arrive newest first (the port's order).
  return touchpoints.slice(0, EVENT_WINDOW).map((t) => ({
    system: 'channel' as const,
    channel: t.channel,
    sourceId: t._id,
    sourceType: 'Touchpoint',
    sourceKey: t._id,
    at: t.at,
    type: `${t.channel}_${t.action}`,
    summary:
      t.action === 'VISIT' ? `Visited ${t.detail ?? 'the website'}` :
      t.action === 'SESSION' ? 'Used the app' :
      t.action === 'CALL' ? 'Called the contact centre' :
      `${VERBS[t.action]} ${t.channel.toLowerCase()}${t.campaign ? ` "${t.campaign}"` : ''}`,
  }));
}
