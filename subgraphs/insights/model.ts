// The insights subgraph's own documents: segment definitions, materialized memberships (with the features they were evaluated on), refresh runs.
import type { FeatureDocument } from './features.ts';
import type { ClauseExplanation } from './rules/explain.ts';

export type SegmentCategory = 'LIFECYCLE' | 'RFM' | 'CHURN' | 'CHANNEL' | 'CUSTOM';

/** A segment: a named rule over the feature document. Built-in ones are defined in code. */
export interface SegmentDefinition {
  _id: string;
  name: string;
  description: string | null;
  category: SegmentCategory;
  /** A validated MongoDB-style filter document over FeatureDocument. */
  rule: Record<string, unknown>;
  builtIn: boolean;
  createdAt: string;
  updatedAt: string;
  /** When the materialized membership was last evaluated against this definition. */
  materializedAt: string | null;
}

/**
 * One customer's materialized membership: the segment ids they are in, and the feature
 * document they were evaluated on (so a new rule can be evaluated without asking anyone).
 */
export interface MembershipSnapshot {
  _id: string; // unified customer id
  segments: string[];
  features: FeatureDocument;
  /** When the features were last computed from the other subgraphs' data. */
  refreshedAt: string;
  /** Names of the SKUs in features.products, for product recommendations. */
  productNames?: Record<string, string>;
}

export type RefreshStatus = 'RUNNING' | 'FINALIZING' | 'COMPLETED' | 'FAILED';

export interface RefreshRun {
  _id: string;
  status: RefreshStatus;
  startedAt: string;
  completedAt: string | null;
  customers: number;
  removed: number;
  rescored: number;
  error: string | null;
}

/** RFM quintile cut points: the 20th, 40th, 60th and 80th percentiles of each input among buyers. */
export interface RfmCutPoints {
  recencyDays: [number, number, number, number];
  orderCount: [number, number, number, number];
  totalSpend: [number, number, number, number];
  /** Buyers the percentiles were taken over; 0 for the documented defaults. */
  population: number;
  computedAt: string | null;
}

/** Products most bought by customers of each lifecycle stage: "bought by similar customers". */
export type ProductAffinity = Record<string, { sku: string; name: string; customers: number; share: number }[]>;

export interface SettingDoc<T = unknown> {
  _id: string;
  value: T;
  updatedAt: string;
}

/** A segment the customer is in, as Customer.segments returns it. */
export interface SegmentMatch {
  segmentId: string;
  name: string;
  category: SegmentCategory;
  reason: string;
  clauses: ClauseExplanation[];
}
