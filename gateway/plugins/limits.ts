// Governance plugin: operation limits per consumer (tokens, depth, height, root fields, aliases, directives, cost), enforced before anything is planned.
//
// The shape is measured before Apollo parses the document, from the text the request
// carries (or the manifest operation it names), and cached by that text: an alias bomb
// or a 50-deep query is refused after one linear pass, before validation, planning or
// any subgraph call. Text that arrives by APQ hash only is measured after validation.
// The cost needs the schema and the variables, so it is estimated after validation.
import { parse } from 'graphql';
import { LRUCache } from 'lru-cache';
import { costEstimator, DEFAULT_COST_OPTIONS, type CostOptions } from '../operation/cost.ts';
import { countTokens, FragmentCycleError, measureOperation, selectOperation, type Measurements } from '../operation/measure.ts';
import type { OperationLimits, PolicyConfig } from '../policy-config.ts';
import { PolicyCode, policyError } from '../policy-error.ts';
import { NO_OBSERVER, type GovernancePlugin, type PolicyObserver } from './hooks.ts';

const CHECKS: { limit: keyof OperationLimits; measure: keyof Measurements; code: (typeof PolicyCode)[keyof typeof PolicyCode]; what: string }[] = [
  { limit: 'maxTokens', measure: 'tokens', code: PolicyCode.MAX_TOKENS_LIMIT, what: 'tokens' },
  { limit: 'maxDepth', measure: 'depth', code: PolicyCode.MAX_DEPTH_LIMIT, what: 'depth' },
  { limit: 'maxRootFields', measure: 'rootFields', code: PolicyCode.MAX_ROOT_FIELDS_LIMIT, what: 'root fields' },
  { limit: 'maxAliases', measure: 'aliases', code: PolicyCode.MAX_ALIASES_LIMIT, what: 'aliases' },
  { limit: 'maxDirectives', measure: 'directives', code: PolicyCode.MAX_DIRECTIVES_LIMIT, what: 'directives' },
  { limit: 'maxHeight', measure: 'height', code: PolicyCode.MAX_HEIGHT_LIMIT, what: 'field selections (height)' },
];

function enforce(measured: Measurements, limits: OperationLimits): void {
  for (const check of CHECKS) {
    const value = measured[check.measure];
    const max = limits[check.limit];
    if (value > max) {
      throw policyError(check.code, `Operation ${check.what} ${value} exceeds the limit of ${max}`, 400, { limit: check.limit, measured: value, max });
    }
  }
}

export function limitsPlugin(config: PolicyConfig, costOptions: CostOptions = DEFAULT_COST_OPTIONS, observer: PolicyObserver = NO_OBSERVER): GovernancePlugin {
  // Count tokens no further than the largest limit of any consumer, so the cache serves all.
  const profiles = [...Object.values(config.consumers), ...Object.values(config.clients), ...config.partners.map((p) => p.profile)];
  const tokenCap = Math.max(...profiles.map((p) => p.limits.maxTokens));
  const shapes = new LRUCache<string, Measurements | 'unmeasurable'>({ max: 5_000, maxSize: 50_000_000, sizeCalculation: (_v, key) => key.length + 64 });
  const estimateCost = costEstimator(costOptions);

  const measureText = (text: string, operationName: string | undefined): Measurements | 'unmeasurable' => {
    const key = `${operationName ?? ''}\n${text}`;
    const cached = shapes.get(key);
    observer.cacheLookup('operation_shapes', cached !== undefined);
    if (cached) return cached;
    let result: Measurements | 'unmeasurable' = 'unmeasurable';
    const tokens = countTokens(text, tokenCap);
    if (tokens !== null && tokens > tokenCap) {
      result = { tokens, depth: 0, height: 0, rootFields: 0, aliases: 0, directives: 0 };
    } else if (tokens !== null) {
      try {
        const document = parse(text, { noLocation: true, maxTokens: tokenCap + 1 });
        const operation = selectOperation(document, operationName);
        if (operation) result = measureOperation(document, operation, tokens);
      } catch (error) {
        if (error instanceof FragmentCycleError) throw policyError(PolicyCode.MAX_DEPTH_LIMIT, error.message, 400, { limit: 'maxDepth' });
        // Not parseable: Apollo's parser will say why.
      }
    }
    shapes.set(key, result);
    return result;
  };

  return {
    name: 'limits',
    onRequest({ params, governance }) {
      const text = governance.persisted?.body ?? params.query;
      if (text === undefined) return;
      const measured = measureText(text, params.operationName ?? governance.persisted?.name ?? undefined);
      if (measured === 'unmeasurable') return;
      governance.measured = measured;
      enforce(measured, governance.principal.profile.limits);
      governance.shapeChecked = true;
    },
    onOperation(stage) {
      const { limits } = stage.principal.profile;
      if (!stage.governance.shapeChecked) {
        enforce(measureOperation(stage.document, stage.operation, 0), limits);
        stage.governance.shapeChecked = true;
      }
      const cost = estimateCost(stage.schema.apiSchema, stage.schema.directives, stage.operation, stage.analysis.fragments, stage.variables);
      if (cost > limits.maxCost) {
        throw policyError(PolicyCode.COST_ESTIMATED_TOO_EXPENSIVE, `Operation estimated cost ${cost} exceeds the limit of ${limits.maxCost}`, 400, {
          limit: 'maxCost',
          measured: cost,
          max: limits.maxCost,
        });
      }
    },
  };
}
