// The preferred channel by response, not by volume: each channel ranked by responses × smoothed response rate, with consent.
//
// For each channel: responses r (opens, clicks, sessions, visits, calls) out of interactions n
// (those plus messages sent). responseRate = (r + 1) / (n + 2) (Laplace smoothing, so one
// answered message does not beat twenty), score = r × responseRate. The preferred channel is
// the best score with at least one response. The marketing channel is the best-ranked channel
// whose contact channel has marketing consent, else the first consented one in the order
// EMAIL, PUSH, SMS, PHONE.
import type { ConsentMap, ContactChannel } from './consent.ts';
import { CONTACT_CHANNELS } from './consent.ts';
import type { ChannelSummaryFacts } from './representation.ts';

export type ChannelName = 'WEB' | 'APP' | 'EMAIL' | 'SMS' | 'PUSH' | 'CALL_CENTER';

/** The contact channel a marketing message on this channel would use; web pages need no contact. */
export const CONTACT_FOR: Record<ChannelName, ContactChannel | null> = {
  WEB: null,
  APP: 'PUSH',
  EMAIL: 'EMAIL',
  SMS: 'SMS',
  PUSH: 'PUSH',
  CALL_CENTER: 'PHONE',
};

export interface ChannelScore {
  channel: ChannelName;
  interactions: number;
  responses: number;
  responseRate: number;
  score: number;
  responsesLast30Days: number;
  marketingConsent: boolean | null;
}

const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;

export function rankChannels(summary: ChannelSummaryFacts | null | undefined, consent: ConsentMap): ChannelScore[] {
  return (summary?.byChannel ?? [])
    .filter((a): a is typeof a & { channel: ChannelName } => a.channel in CONTACT_FOR)
    .map((a) => {
      const responseRate = (a.responses + 1) / (a.interactions + 2);
      const contact = CONTACT_FOR[a.channel];
      return {
        channel: a.channel,
        interactions: a.interactions,
        responses: a.responses,
        responseRate: round(responseRate),
        score: round(a.responses * responseRate),
        responsesLast30Days: a.responsesLast30Days ?? 0,
        marketingConsent: contact ? consent[contact].granted : null,
      };
    })
    .sort((a, b) => b.score - a.score || b.responses - a.responses || a.channel.localeCompare(b.channel));
}

export function preferredChannelOf(ranking: ChannelScore[], consent: ConsentMap) {
  const best = ranking.find((c) => c.responses > 0) ?? null;
  const responded = ranking.find((c) => c.responses > 0 && c.marketingConsent === true);
  const fallback = (['EMAIL', 'PUSH', 'SMS', 'PHONE'] as const).find((c) => consent[c].granted) ?? null;
  const marketingChannel: ContactChannel | null = responded ? CONTACT_FOR[responded.channel] : fallback;
  const reason = best
    ? `${best.responses} responses out of ${best.interactions} interactions on ${best.channel} (score ${best.score}, the best of ${ranking.length} channels)`
    : 'No responses on any channel yet';
  return { channel: best?.channel ?? null, reason, marketingChannel, ranking };
}

export { CONTACT_CHANNELS };
