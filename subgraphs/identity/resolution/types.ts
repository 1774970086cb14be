// The shapes the identity-resolution engine reads and writes: source records, configuration and results.

/** One record of a source system, with its raw fields; its key is `${system}:${id}`. */
export interface SourceRecord {
  system: string;
  id: string;
  /** ISO 8601 time the source last changed the record; used by the `mostRecent` survivorship rule. */
  updatedAt?: string;
  fields: Record<string, string | string[] | undefined | null>;
}

export type NormalizerName =
  | 'email'
  | 'phone'
  | 'personName'
  | 'givenName'
  | 'familyName'
  | 'date'
  | 'postcode'
  | 'address'
  | 'identifier'
  | 'text';

/** Maps raw fields to one canonical attribute and says how to normalize it. */
export interface AttributeMapping {
  normalizer: NormalizerName;
  comment?: string;
  /** Raw field names read, in order. */
  from: string[];
  /** `each` (default): every raw value is one value of the attribute; `join`: the raw values are joined with a space into one. */
  combine?: 'each' | 'join';
  /** Normalizer options, e.g. `{ "defaultCountry": "KR" }` for phones or `{ "dayFirst": true }` for dates. */
  options?: Record<string, unknown>;
}

export interface FieldMapping {
  comment?: string;
  attributes: Record<string, AttributeMapping>;
}

/** One agreement level of a comparison; levels are listed strongest first, and "else" is the implicit last level. */
export interface LevelConfig {
  name: string;
  /** Least similarity (0..1) that reaches this level. */
  min?: number;
  /** Most edits (Damerau-Levenshtein, for the `editDistance` comparator) that reach this level. */
  maxEdits?: number;
}

export type ComparatorName = 'exact' | 'jaroWinkler' | 'tokenJaroWinkler' | 'personName' | 'date' | 'editDistance';

export interface ComparisonConfig {
  comparator: ComparatorName;
  comment?: string;
  /** Defaults to `[{ name: "exact", min: 1 }]`. */
  levels?: LevelConfig[];
}

export type KeyTransform =
  | 'value'
  | 'year'
  | 'monthDay'
  | 'family'
  | 'given'
  | 'initials'
  | 'soundex'
  | 'skeleton'
  | 'digits'
  | 'firstToken'
  | `prefix:${number}`
  | `suffix:${number}`;

export interface BlockingKeyPart {
  attribute: string;
  /** Applied left to right to the normalized value; a transform that yields nothing drops the key. */
  transform?: KeyTransform | KeyTransform[];
}

export interface BlockingKeyConfig {
  name: string;
  comment?: string;
  parts: BlockingKeyPart[];
}

/** Condition of a deterministic rule: attribute → least comparison level that must be reached. */
export type RuleCondition = Record<string, string>;

/** Veto of a deterministic rule: attribute → the level at which (or below which) both sides' values conflict. */
export type RuleVeto = Record<string, string>;

export interface DeterministicRuleConfig {
  name: string;
  /** All conditions must hold: e.g. `{ "phone": "exact", "name": "close" }`. */
  when?: RuleCondition;
  /**
   * The rule does not fire when any of these attributes is present on both sides and reaches only the
   * given level or a weaker one: e.g. `{ "email": "else" }` means "unless the two emails differ".
   */
  unless?: RuleVeto;
  /** Cross-reference: the attribute's value equals the id of a record of `targetSystem`. */
  reference?: { attribute: string; targetSystem: string };
  comment?: string;
}

export interface ProbabilisticConfig {
  name: string;
  /** Least posterior match probability that makes a link. */
  threshold: number;
  /** Compared attributes that feed the score. */
  fields: string[];
  /** Prior probability that a candidate pair is a match, the EM starting point. */
  initialLambda?: number;
  /** Starting m-probabilities per attribute and level (the "else" level takes the remainder). */
  initialM?: Record<string, number[]>;
  /** Fixed m/u (per attribute, one number per level including "else"): skips EM for that attribute. */
  fixedM?: Record<string, number[]>;
  fixedU?: Record<string, number[]>;
  em?: { maxIterations?: number; tolerance?: number; uSampleSize?: number };
}

export interface GuardsConfig {
  /** Values never used as evidence: per attribute, exact normalized values and/or regular expressions. */
  blockedValues?: Record<string, { values?: string[]; patterns?: string[]; generic?: boolean }>;
  /** A value held by more than `maxRecords` records is not used as evidence (a shared kiosk device, a call-centre phone). */
  frequencyCaps?: Record<string, number>;
  /**
   * A cluster may hold at most `max` distinct values of the attribute (Segment's identifier limits).
   * With `sameAt`, two values that reach that comparison level count as one (a typo is not a second value).
   */
  identifierLimits?: Record<string, number | { max: number; sameAt?: string }>;
  /** A cluster may hold at most this many records of one system (e.g. one membership per person). */
  systemLimits?: Record<string, number>;
}

export type SurvivorshipRule = 'sourcePriority' | 'mostRecent' | 'mostFrequent' | 'nonEmpty';

export interface SurvivorshipFieldConfig {
  /**
   * Canonical attribute the golden value comes from; a list means "the first of these the cluster has a
   * value for" (e.g. a personal mobile, else the household landline).
   */
  attribute: string | string[];
  /** Tie-breaking chain, applied in order; the smallest record key breaks any remaining tie. */
  rules: SurvivorshipRule[];
  /** `display` (default): the cleaned source value; `normalized`: the matching form (E.164 phone...). */
  value?: 'display' | 'normalized';
  /** Overrides the global source priority for this field. */
  sourcePriority?: string[];
}

export interface SurvivorshipConfig {
  sourcePriority?: string[];
  fields: Record<string, SurvivorshipFieldConfig>;
}

export interface RulesConfig {
  /** Why each constant has its value: setting path → explanation. */
  comments?: Record<string, string>;
  comparisons: Record<string, ComparisonConfig>;
  blocking: { maxBlockSize: number; keys: BlockingKeyConfig[] };
  deterministic?: DeterministicRuleConfig[];
  probabilistic?: ProbabilisticConfig;
  guards?: GuardsConfig;
  survivorship?: SurvivorshipConfig;
}

/** Everything one resolution needs besides the records. */
export interface ResolutionConfig {
  mapping: FieldMapping;
  rules: RulesConfig;
}

/** A steward's "never merge these": each side is one record key or a list of them (e.g. a cluster's members). */
export type NeverMergeConstraint = [string | string[], string | string[]];

export interface ResolveOptions {
  /** `dedupe` (default) compares every candidate pair; `link` only pairs from different systems. */
  mode?: 'dedupe' | 'link';
  neverMerge?: NeverMergeConstraint[];
  /** Steward merges: linked first, past identifier and system limits (never past a never-merge). */
  forceMerge?: Array<[string, string]>;
}

export interface FieldEvidence {
  attribute: string;
  /** Level name reached, `else` when below every level, `missing` when a side has no value. */
  level: string;
  /** Best similarity between the two sides' values (0..1), null when a side has no value. */
  similarity: number | null;
}

export type LinkStatus = 'merged' | 'redundant' | 'blocked';

export interface Link {
  a: string;
  b: string;
  rule: string;
  kind: 'deterministic' | 'probabilistic' | 'reference' | 'steward';
  /** Posterior match probability of the Fellegi-Sunter model (1 for steward links). */
  score: number;
  /** Log2 Bayes factor of the comparison vector. */
  weight: number;
  fields: FieldEvidence[];
  /** `merged`: joined two clusters; `redundant`: already together; `blocked`: a guard refused it. */
  status: LinkStatus;
  blockedBy?: string;
}

export interface GoldenValue {
  value: string;
  system: string;
  recordKey: string;
  updatedAt: string | null;
}

export interface Cluster {
  /** Stable id derived from the anchor (see stable-id.ts). */
  id: string;
  /** Smallest member record key (code-unit order): the cluster's deterministic identity. */
  anchor: string;
  members: string[];
  profile: Record<string, GoldenValue | null>;
}

export interface GuardCounters {
  /** Record values dropped because they are blocked (placeholder, generic or listed), per attribute. */
  blockedValues: Record<string, number>;
  /** Distinct values dropped by the frequency cap, per attribute, and the record values they held. */
  frequencyCapValues: Record<string, number>;
  frequencyCapRecords: Record<string, number>;
  /** Merges refused per guard: `identifierLimit:<attribute>`, `systemLimit:<system>`, `neverMerge`. */
  mergesBlocked: Record<string, number>;
}

export interface ResolutionStats {
  records: number;
  candidatePairs: number;
  links: number;
  mergedLinks: number;
  clusters: number;
  oversizedBlocks: number;
  recordsInOversizedBlocks: number;
  guards: GuardCounters;
  /** Estimated model, per attribute: m and u per level (strongest first, "else" last), and the prior. */
  model: { lambda: number; iterations: number; m: Record<string, number[]>; u: Record<string, number[]> } | null;
  timings: Record<string, number>;
}

export interface ResolutionResult {
  clusters: Cluster[];
  links: Link[];
  /** Record key → cluster id. */
  clusterOf: Map<string, string>;
  stats: ResolutionStats;
}
