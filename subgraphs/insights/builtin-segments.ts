// The built-in segments: the fan-first ladder, RFM, churn risk and channel preference, written in the same rule language as custom ones.
import type { SegmentCategory, SegmentDefinition } from './model.ts';
import { LIFECYCLE_DEFINITIONS, STAGE_NAMES, type LifecycleStage } from './lifecycle.ts';

/** When the built-in definitions last changed. */
const DEFINED_AT = '2026-11-22T00:00:00.000Z';

const builtIn = (id: string, category: SegmentCategory, name: string, description: string, rule: Record<string, unknown>): SegmentDefinition => ({
  _id: id,
  name,
  description,
  category,
  rule,
  builtIn: true,
  createdAt: DEFINED_AT,
  updatedAt: DEFINED_AT,
  materializedAt: null,
});

const STAGES: LifecycleStage[] = ['PROSPECT', 'POTENTIAL', 'NEW', 'ROOKIE', 'TRUE_FAN', 'VERY_IMPORTANT_FAN'];
const CHANNELS = [
  ['web', 'WEB', 'the website'],
  ['app', 'APP', 'the app'],
  ['email', 'EMAIL', 'email'],
  ['sms', 'SMS', 'SMS'],
  ['push', 'PUSH', 'push notifications'],
  ['call-center', 'CALL_CENTER', 'the call centre'],
] as const;

export const BUILT_IN_SEGMENTS: readonly SegmentDefinition[] = [
  ...STAGES.map((stage) =>
    builtIn(`lifecycle:${stage.toLowerCase()}`, 'LIFECYCLE', `Lifecycle: ${STAGE_NAMES[stage]}`, LIFECYCLE_DEFINITIONS[stage], { lifecycleStage: stage }),
  ),
  builtIn('rfm:champions', 'RFM', 'RFM: Champions', 'Bought recently, often and for a lot: top two quintiles on all three scores', {
    'rfm.recency': { $gte: 4 }, 'rfm.frequency': { $gte: 4 }, 'rfm.monetary': { $gte: 4 },
  }),
  builtIn('rfm:loyal', 'RFM', 'RFM: Loyal customers', 'Buy often (frequency quintile 4–5) and not lapsed (recency 3–5)', {
    'rfm.frequency': { $gte: 4 }, 'rfm.recency': { $gte: 3 },
  }),
  builtIn('rfm:potential-loyalists', 'RFM', 'RFM: Potential loyalists', 'Recent buyers (recency 4–5) with a few orders (frequency 2–3)', {
    'rfm.recency': { $gte: 4 }, 'rfm.frequency': { $in: [2, 3] },
  }),
  builtIn('rfm:new-customers', 'RFM', 'RFM: New customers', 'Bought very recently (recency 5) for the first time (frequency 1)', {
    'rfm.recency': 5, 'rfm.frequency': 1,
  }),
  builtIn('rfm:at-risk', 'RFM', 'RFM: At risk', 'Used to buy often (frequency 3–5) but not recently (recency 1–2)', {
    'rfm.recency': { $lte: 2 }, 'rfm.frequency': { $gte: 3 },
  }),
  builtIn('rfm:cant-lose', 'RFM', 'RFM: Cannot lose them', 'Best customers by frequency and value (4–5) who have not bought for longest (recency 1)', {
    'rfm.recency': 1, 'rfm.frequency': { $gte: 4 }, 'rfm.monetary': { $gte: 4 },
  }),
  builtIn('rfm:hibernating', 'RFM', 'RFM: Hibernating', 'Few orders (frequency 1–2), long ago (recency 1–2)', {
    'rfm.recency': { $lte: 2 }, 'rfm.frequency': { $lte: 2 },
  }),
  builtIn('churn:lapsed-buyers', 'CHURN', 'Churn risk: lapsed buyers', 'Repeat buyers whose last order is at least 120 days ago and at least twice their usual gap between orders', {
    'purchase.orderCount': { $gte: 2 }, 'purchase.daysSinceLastOrder': { $gte: 120 }, 'purchase.cadenceRatio': { $gte: 2 },
  }),
  builtIn('churn:members-unlikely-to-renew', 'CHURN', 'Churn risk: members unlikely to renew', 'Members whose membership expires within 60 days (or lapsed in the last 90) with a renewal likelihood below 0.4', {
    'membership.daysToExpiry': { $lte: 60, $gte: -90 }, renewalLikelihood: { $lt: 0.4 },
  }),
  ...CHANNELS.map(([slug, channel, words]) =>
    builtIn(`channel:${slug}`, 'CHANNEL', `Prefers ${words}`, `Responds best on ${words} (see preferredChannel for the ranking)`, { 'channel.preferred': channel }),
  ),
];

export const BUILT_IN_BY_ID = new Map(BUILT_IN_SEGMENTS.map((s) => [s._id, s]));
