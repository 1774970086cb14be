// The feature document: every field is in the rule vocabulary (and back), and hand-built customers get the documented values.
import { describe, expect, it } from 'vitest';
import { customerFacts, daysAgo, NOW } from './customer-fixtures.ts';
import { FEATURE_FIELDS } from './feature-fields.ts';
import { buildFeatures, rescoreRfm } from './features.ts';
import { regionOf } from './region.ts';
import { computeCutPoints, DEFAULT_CUT_POINTS, scoreRfm } from './rfm.ts';

function leafPaths(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [prefix];
  return Object.entries(value).flatMap(([key, v]) => leafPaths(v, prefix ? `${prefix}.${key}` : key));
}

describe('feature document', () => {
  it('has exactly the fields the rule language documents', () => {
    const { features } = buildFeatures(customerFacts(), DEFAULT_CUT_POINTS, NOW);
    const documented = new Set(FEATURE_FIELDS.filter((f) => f.type !== 'object').map((f) => f.path));
    expect(new Set(leafPaths(features))).toEqual(documented);
    for (const group of FEATURE_FIELDS.filter((f) => f.type === 'object')) expect(features).toHaveProperty(group.path);
  });

  it('computes purchase cadence, region, consent and the stages', () => {
    const { features } = buildFeatures(customerFacts(), DEFAULT_CUT_POINTS, NOW);
    expect(features.region).toBe('Seoul');
    expect(features.systems).toEqual(['CRM', 'ERP', 'MEMBERSHIP', 'CHANNEL']);
    expect(features.purchase).toMatchObject({ orderCount: 4, daysSinceLastOrder: 30, daysSinceFirstOrder: 400, averageGapDays: 123.3, cadenceRatio: 0.24 });
    expect(features.purchase.annualSpend).toBe(Math.round(800_000 / (400 / 365.25)));
    expect(features.consent).toEqual({ email: true, sms: false, push: true, phone: true, anyMarketing: true });
    expect(features.lifecycleStage).toBe('ROOKIE');
    expect(features.journeyStage).toBe('ADVOCACY');
    expect(features.community?.advocate).toBe(true);
    expect(features.channel).toMatchObject({ preferred: 'EMAIL', appSessionsLast7Days: 3, responsesLast30Days: 6, daysSinceSeen: 2 });
    expect(features.products).toEqual(['SKU-1001']);
  });

  it('leaves the parts of a failed system null rather than guessing', () => {
    const { features } = buildFeatures(customerFacts({ serviceSummary: null, loyaltySummary: null }), DEFAULT_CUT_POINTS, NOW);
    expect(features.service).toBeNull();
    expect(features.membership).toBeNull();
    expect(features.community).toBeNull();
    expect(features.renewalLikelihood).toBeNull();
  });

  it('finds the region from the postcode, else from the address', () => {
    expect(regionOf('06234', null)).toBe('Seoul');
    expect(regionOf('13487', '서울특별시')).toBe('Gyeonggi');
    expect(regionOf(null, '부산광역시 해운대구 해운대로 1')).toBe('Busan');
    expect(regionOf(null, '광주광역시 서구 상무대로 1')).toBe('Gwangju');
    expect(regionOf(null, '경기도 광주시 오포읍')).toBe('Gyeonggi');
    expect(regionOf('', 'Mars')).toBeNull();
  });
});

describe('RFM quintiles', () => {
  it('scores against cut points: more orders and spend score higher, fewer days since the last order too', () => {
    const cuts = { ...DEFAULT_CUT_POINTS, recencyDays: [10, 20, 30, 40] as [number, number, number, number], orderCount: [1, 2, 3, 4] as [number, number, number, number], totalSpend: [10, 20, 30, 40] as [number, number, number, number] };
    expect(scoreRfm({ orderCount: 9, daysSinceLastOrder: 5, totalSpend: 100 }, cuts)).toEqual({ recency: 5, frequency: 5, monetary: 5, score: '555', total: 15 });
    expect(scoreRfm({ orderCount: 1, daysSinceLastOrder: 99, totalSpend: 5 }, cuts)).toEqual({ recency: 1, frequency: 1, monetary: 1, score: '111', total: 3 });
    expect(scoreRfm({ orderCount: 3, daysSinceLastOrder: 20, totalSpend: 25 }, cuts)).toEqual({ recency: 4, frequency: 3, monetary: 3, score: '433', total: 10 });
    expect(scoreRfm({ orderCount: 0, daysSinceLastOrder: null, totalSpend: 0 }, cuts)).toBeNull();
  });

  it('takes quintile cut points over every buyer, so each score holds about a fifth of them', () => {
    const buyers = Array.from({ length: 1_000 }, (_, i) => ({ orderCount: 1 + (i % 50), daysSinceLastOrder: i, totalSpend: i * 1_000 }));
    const cuts = computeCutPoints(buyers, daysAgo(0));
    expect(cuts.population).toBe(1_000);
    expect(cuts.recencyDays).toEqual([199, 399, 599, 799]);
    const counts = [0, 0, 0, 0, 0];
    for (const b of buyers) counts[scoreRfm(b, cuts)!.recency - 1]++;
    expect(counts).toEqual([200, 200, 200, 200, 200]);
    expect(computeCutPoints(buyers.slice(0, 3))).toBe(DEFAULT_CUT_POINTS);
  });

  it('re-scores a stored feature document with new cut points', () => {
    const { features } = buildFeatures(customerFacts(), DEFAULT_CUT_POINTS, NOW);
    const strict = { ...DEFAULT_CUT_POINTS, recencyDays: [1, 2, 3, 4] as [number, number, number, number] };
    expect(rescoreRfm(features, strict).rfm?.recency).toBe(1);
    expect(features.rfm?.recency).toBe(5);
  });
});
