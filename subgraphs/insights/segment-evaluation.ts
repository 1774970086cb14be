// Which segments a feature document belongs to, and why: every definition's rule evaluated, matches explained clause by clause.
import type { ComputedFeatures, FeatureDocument } from './features.ts';
import type { SegmentDefinition, SegmentMatch } from './model.ts';
import { explainRule, matches, reasonText } from './rules/explain.ts';

export function segmentIdsOf(features: FeatureDocument, definitions: readonly SegmentDefinition[]): string[] {
  return definitions.filter((d) => matches(d.rule, features)).map((d) => d._id);
}

export function explainMatch(definition: SegmentDefinition, computed: ComputedFeatures): SegmentMatch {
  const clauses = explainRule(definition.rule, computed.features);
  const reason = definition.category === 'LIFECYCLE' ? computed.lifecycleReason : reasonText(clauses);
  return { segmentId: definition._id, name: definition.name, category: definition.category, reason, clauses };
}
