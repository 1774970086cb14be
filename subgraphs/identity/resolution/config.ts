// Loads and validates a field mapping and a rules file; a bad file stops with a message naming the setting.
import { readFileSync } from 'node:fs';
import { NORMALIZERS } from './normalize/registry.ts';
import type { FieldMapping, ResolutionConfig, RulesConfig } from './types.ts';

const COMPARATORS = new Set(['exact', 'jaroWinkler', 'tokenJaroWinkler', 'personName', 'date', 'editDistance']);
const SURVIVORSHIP_RULES = new Set(['sourcePriority', 'mostRecent', 'mostFrequent', 'nonEmpty']);

export class ConfigError extends Error {
  constructor(where: string, message: string) {
    super(`identity resolution config: ${where}: ${message}`);
    this.name = 'ConfigError';
  }
}

/** Reads `mapping` and `rules` JSON files and validates them together. */
export function loadResolutionConfig(mappingPath: string | URL, rulesPath: string | URL): ResolutionConfig {
  const config = {
    mapping: JSON.parse(readFileSync(mappingPath, 'utf8')) as FieldMapping,
    rules: JSON.parse(readFileSync(rulesPath, 'utf8')) as RulesConfig,
  };
  validateResolutionConfig(config);
  return config;
}

/** The mapping and rules shipped beside the engine, by name ("customer", "febrl"). */
export function bundledConfig(name: string): ResolutionConfig {
  return loadResolutionConfig(new URL(`./mappings/${name}.json`, import.meta.url), new URL(`./rules/${name}.json`, import.meta.url));
}

/** Throws a ConfigError on the first problem found. */
export function validateResolutionConfig(config: ResolutionConfig): void {
  const attributes = config.mapping?.attributes;
  if (attributes === undefined || typeof attributes !== 'object') throw new ConfigError('mapping.attributes', 'missing');
  for (const [name, attribute] of Object.entries(attributes)) {
    const where = `mapping.attributes.${name}`;
    if (!(attribute.normalizer in NORMALIZERS)) throw new ConfigError(where, `unknown normalizer "${attribute.normalizer}"`);
    if (!Array.isArray(attribute.from) || attribute.from.length === 0) throw new ConfigError(`${where}.from`, 'needs at least one raw field');
    if (attribute.combine !== undefined && attribute.combine !== 'each' && attribute.combine !== 'join') {
      throw new ConfigError(`${where}.combine`, 'must be "each" or "join"');
    }
  }
  const known = (name: string, where: string) => {
    if (!(name in attributes)) throw new ConfigError(where, `unknown attribute "${name}"`);
  };
  const rules = config.rules;
  if (rules === undefined) throw new ConfigError('rules', 'missing');
  const levelNames = new Map<string, string[]>();
  for (const [name, comparison] of Object.entries(rules.comparisons ?? {})) {
    const where = `rules.comparisons.${name}`;
    known(name, where);
    if (!COMPARATORS.has(comparison.comparator)) throw new ConfigError(`${where}.comparator`, `unknown comparator "${comparison.comparator}"`);
    const levels = comparison.levels ?? [{ name: 'exact', min: 1 }];
    levels.forEach((level, index) => {
      if (typeof level.name !== 'string' || level.name === 'else' || level.name === 'missing') {
        throw new ConfigError(`${where}.levels[${index}].name`, 'needs a name other than "else" or "missing"');
      }
      const hasMin = typeof level.min === 'number' && level.min >= 0 && level.min <= 1;
      const hasEdits = Number.isInteger(level.maxEdits) && level.maxEdits! >= 0;
      if (hasMin === hasEdits) throw new ConfigError(`${where}.levels[${index}]`, 'needs exactly one of "min" (0..1) or "maxEdits" (integer ≥ 0)');
      if (hasEdits && comparison.comparator !== 'editDistance' && comparison.comparator !== 'date') {
        throw new ConfigError(`${where}.levels[${index}]`, '"maxEdits" only applies to the editDistance and date comparators');
      }
    });
    levelNames.set(name, [...levels.map((level) => level.name), 'else']);
  }
  const levelOf = (attribute: string, level: string, where: string) => {
    const names = levelNames.get(attribute);
    if (names === undefined) throw new ConfigError(where, `attribute "${attribute}" has no comparison`);
    if (!names.includes(level)) throw new ConfigError(where, `attribute "${attribute}" has no level "${level}" (has ${names.join(', ')})`);
  };
  if (!rules.blocking || !Array.isArray(rules.blocking.keys)) throw new ConfigError('rules.blocking.keys', 'missing');
  if (!(Number.isInteger(rules.blocking.maxBlockSize) && rules.blocking.maxBlockSize >= 2)) {
    throw new ConfigError('rules.blocking.maxBlockSize', 'must be an integer ≥ 2');
  }
  rules.blocking.keys.forEach((key, index) => {
    if (!Array.isArray(key.parts) || key.parts.length === 0) throw new ConfigError(`rules.blocking.keys[${index}].parts`, 'needs at least one part');
    key.parts.forEach((part, p) => known(part.attribute, `rules.blocking.keys[${index}].parts[${p}].attribute`));
  });
  (rules.deterministic ?? []).forEach((rule, index) => {
    const where = `rules.deterministic[${index}]`;
    if (typeof rule.name !== 'string') throw new ConfigError(`${where}.name`, 'missing');
    if ((rule.when === undefined) === (rule.reference === undefined)) throw new ConfigError(where, 'needs exactly one of "when" or "reference"');
    for (const [attribute, level] of Object.entries(rule.when ?? {})) levelOf(attribute, level, `${where}.when.${attribute}`);
    if (rule.unless !== undefined && rule.when === undefined) throw new ConfigError(`${where}.unless`, 'only applies to a rule with "when"');
    for (const [attribute, level] of Object.entries(rule.unless ?? {})) levelOf(attribute, level, `${where}.unless.${attribute}`);
    if (rule.reference !== undefined) known(rule.reference.attribute, `${where}.reference.attribute`);
  });
  const probabilistic = rules.probabilistic;
  if (probabilistic !== undefined) {
    if (!(probabilistic.threshold > 0 && probabilistic.threshold <= 1)) throw new ConfigError('rules.probabilistic.threshold', 'must be in (0, 1]');
    probabilistic.fields.forEach((field, index) => {
      if (!levelNames.has(field)) throw new ConfigError(`rules.probabilistic.fields[${index}]`, `attribute "${field}" has no comparison`);
    });
  }
  const guards = rules.guards ?? {};
  for (const name of Object.keys(guards.blockedValues ?? {})) known(name, `rules.guards.blockedValues.${name}`);
  for (const [name, cap] of Object.entries(guards.frequencyCaps ?? {})) {
    known(name, `rules.guards.frequencyCaps.${name}`);
    if (!(Number.isInteger(cap) && cap >= 1)) throw new ConfigError(`rules.guards.frequencyCaps.${name}`, 'must be an integer ≥ 1');
  }
  for (const [name, limit] of Object.entries(guards.identifierLimits ?? {})) {
    const where = `rules.guards.identifierLimits.${name}`;
    known(name, where);
    const max = typeof limit === 'number' ? limit : limit.max;
    if (!(Number.isInteger(max) && max >= 1)) throw new ConfigError(where, 'max must be an integer ≥ 1');
    if (typeof limit === 'object' && limit.sameAt !== undefined) levelOf(name, limit.sameAt, `${where}.sameAt`);
  }
  for (const [name, max] of Object.entries(guards.systemLimits ?? {})) {
    if (!(Number.isInteger(max) && max >= 1)) throw new ConfigError(`rules.guards.systemLimits.${name}`, 'must be an integer ≥ 1');
  }
  for (const [name, field] of Object.entries(rules.survivorship?.fields ?? {})) {
    const where = `rules.survivorship.fields.${name}`;
    const names = Array.isArray(field.attribute) ? field.attribute : [field.attribute];
    if (names.length === 0) throw new ConfigError(`${where}.attribute`, 'needs at least one attribute');
    names.forEach((name) => known(name, `${where}.attribute`));
    if (!Array.isArray(field.rules)) throw new ConfigError(`${where}.rules`, 'must be a list');
    for (const rule of field.rules) if (!SURVIVORSHIP_RULES.has(rule)) throw new ConfigError(`${where}.rules`, `unknown rule "${rule}"`);
  }
}
