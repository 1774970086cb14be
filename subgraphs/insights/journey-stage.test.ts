// The journey stage on hand-built customers, and the events chosen as its evidence.
import { describe, expect, it } from 'vitest';
import { evidenceFor, journeyStageOf, type JourneyStageInputs } from './journey-stage.ts';
import type { TimelineEvent } from './journey.ts';

const base: JourneyStageInputs = { orderCount: 0, daysSinceLastOrder: null, identifiedIn: [], channelResponses: 0, referralsMade: 0, positiveReviews: 0, posts: 0 };
const stage = (overrides: Partial<JourneyStageInputs>) => journeyStageOf({ ...base, ...overrides }).stage;

describe('journey stage', () => {
  it('places each kind of customer', () => {
    expect(stage({})).toBe('AWARENESS');
    expect(stage({ channelResponses: 2 })).toBe('AWARENESS');
    expect(stage({ channelResponses: 3 })).toBe('CONSIDERATION');
    expect(stage({ identifiedIn: ['CRM'] })).toBe('CONSIDERATION');
    expect(stage({ orderCount: 1, daysSinceLastOrder: 3 })).toBe('PURCHASE');
    expect(stage({ orderCount: 2, daysSinceLastOrder: 3 })).toBe('RETENTION');
    expect(stage({ orderCount: 1, daysSinceLastOrder: 3, positiveReviews: 1 })).toBe('ADVOCACY');
    // Advocacy without a purchase is still consideration.
    expect(stage({ identifiedIn: ['MEMBERSHIP'], posts: 4 })).toBe('CONSIDERATION');
  });

  it('justifies the stage with the most recent events of the right kinds', () => {
    const e = (type: string, at: string): TimelineEvent => ({ at, type, system: 'erp', channel: null, summary: type, sourceId: null });
    const timeline = [e('EMAIL_SENT', '2026-01-09'), e('REVIEW', '2026-01-08'), e('ORDER_PLACED', '2026-01-07'), e('WEB_VISIT', '2026-01-06'), e('ORDER_PLACED', '2026-01-05')];
    expect(evidenceFor('PURCHASE', timeline).map((x) => x.at)).toEqual(['2026-01-07', '2026-01-05']);
    expect(evidenceFor('ADVOCACY', timeline).map((x) => x.type)).toEqual(['REVIEW']);
    expect(evidenceFor('CONSIDERATION', timeline).map((x) => x.type)).toEqual(['WEB_VISIT']);
    expect(evidenceFor('AWARENESS', timeline, 1).map((x) => x.type)).toEqual(['EMAIL_SENT']);
  });
});
