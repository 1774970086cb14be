// Resolvers of segments as data: definitions, materialized members, engagement metrics, CRUD mutations and refresh runs.
import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { badUserInput, ErrorCode } from '../kit/errors.ts';
import { readPage, toConnection } from '../kit/pagination.ts';
import type { InsightsContext } from './context.ts';
import { FEATURE_FIELDS } from './feature-fields.ts';
import type { MutationResolvers, QueryResolvers, SegmentResolvers } from './generated/resolvers-types.ts';
import type { SegmentCategory, SegmentDefinition } from './model.ts';
import { ruleText } from './rules/explain.ts';
import { parseRule, RuleError, type Rule } from './rules/validate.ts';

const MAX_NAME = 100;
const MAX_DESCRIPTION = 500;

/** A rejected rule: BAD_USER_INPUT naming the argument, with the problem and where in the rule it is. */
function ruleRejected(argumentName: string, error: RuleError): GraphQLError {
  return new GraphQLError(`Argument "${argumentName}" ${error.message} (at ${error.at})`, {
    extensions: { code: ErrorCode.BAD_USER_INPUT, argumentName, problem: error.problem, rulePath: error.at },
  });
}

function readRule(argumentName: string, input: unknown): Rule {
  try {
    return parseRule(input);
  } catch (error) {
    if (error instanceof RuleError) throw ruleRejected(argumentName, error);
    throw error;
  }
}

function readName(name: string, others: SegmentDefinition[], self?: string): string {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > MAX_NAME) throw badUserInput('input.name', `must be 1 to ${MAX_NAME} characters`);
  const clash = others.find((d) => d._id !== self && d.name.toLowerCase() === trimmed.toLowerCase());
  if (clash) throw badUserInput('input.name', `is already the name of segment "${clash._id}"`);
  return trimmed;
}

function readDescription(description: string | null | undefined): string | null {
  if (description == null) return null;
  if (description.length > MAX_DESCRIPTION) throw badUserInput('input.description', `must be at most ${MAX_DESCRIPTION} characters`);
  return description.trim() || null;
}

async function customSegment(ctx: InsightsContext, id: string): Promise<SegmentDefinition> {
  const state = await ctx.services.catalog.current();
  const existing = state.byId.get(id);
  if (existing?.builtIn) throw badUserInput('id', `names built-in segment "${id}", which cannot be changed or deleted`);
  const stored = await ctx.services.store.getSegment(id);
  if (!stored) throw badUserInput('id', `names no segment ("${id}")`);
  return stored;
}

/** Store the definition, evaluate it against every snapshot, then record when. */
async function materialize(ctx: InsightsContext, definition: SegmentDefinition): Promise<SegmentDefinition> {
  await ctx.services.materializer.evaluateEverywhere(definition);
  const done = { ...definition, materializedAt: new Date().toISOString() };
  await ctx.services.store.replaceSegment(done);
  ctx.services.catalog.invalidate();
  return done;
}

const ORDER: SegmentCategory[] = ['LIFECYCLE', 'RFM', 'CHURN', 'CHANNEL', 'CUSTOM'];

export const queryResolvers: QueryResolvers<InsightsContext> = {
  segments: async (_root, { category }, ctx) => {
    const { definitions } = await ctx.services.catalog.current();
    return definitions
      .filter((d) => !category || d.category === category)
      .sort((a, b) => Number(b.builtIn) - Number(a.builtIn) || (a.builtIn ? ORDER.indexOf(a.category) - ORDER.indexOf(b.category) : a.name.localeCompare(b.name)));
  },
  segment: async (_root, { id }, ctx) => (await ctx.services.catalog.current()).byId.get(id) ?? null,
  engagementMetrics: async (_root, { segmentId }, ctx) => {
    if (segmentId && !(await ctx.services.catalog.current()).byId.has(segmentId)) return null;
    return ctx.services.materializer.engagement(segmentId ?? null);
  },
  segmentFeatureFields: () => FEATURE_FIELDS.map((f) => ({ path: f.path, type: f.nullable ? `${f.type} (nullable)` : f.type, values: f.values ? [...f.values] : null, description: f.description })),
  segmentRefresh: async (_root, { id }, ctx) => (id ? ctx.services.store.getRun(id) : ctx.services.store.latestRun()),
};

export const mutationResolvers: MutationResolvers<InsightsContext> = {
  createSegment: async (_root, { input }, ctx) => {
    const rule = readRule('input.rule', input.rule);
    const { definitions } = await ctx.services.catalog.current();
    const now = new Date().toISOString();
    const definition: SegmentDefinition = {
      _id: `seg_${randomUUID().replaceAll('-', '').slice(0, 12)}`,
      name: readName(input.name, definitions),
      description: readDescription(input.description),
      category: 'CUSTOM',
      rule,
      builtIn: false,
      createdAt: now,
      updatedAt: now,
      materializedAt: null,
    };
    if (!(await ctx.services.store.insertSegment(definition))) throw new GraphQLError('Segment id collision; try again', { extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } });
    ctx.services.catalog.invalidate();
    return materialize(ctx, definition);
  },
  updateSegment: async (_root, { id, input }, ctx) => {
    const current = await customSegment(ctx, id);
    const rule = input.rule == null ? current.rule : readRule('input.rule', input.rule);
    const { definitions } = await ctx.services.catalog.current();
    const next: SegmentDefinition = {
      ...current,
      name: input.name == null ? current.name : readName(input.name, definitions, id),
      description: input.description === undefined ? current.description : readDescription(input.description),
      rule,
      updatedAt: new Date().toISOString(),
    };
    await ctx.services.store.replaceSegment(next);
    ctx.services.catalog.invalidate();
    return JSON.stringify(rule) === JSON.stringify(current.rule) ? next : materialize(ctx, next);
  },
  deleteSegment: async (_root, { id }, ctx) => {
    await customSegment(ctx, id);
    await ctx.services.store.deleteSegment(id);
    ctx.services.catalog.invalidate();
    await ctx.services.materializer.removeEverywhere(id);
    return id;
  },
  startSegmentRefresh: (_root, _args, ctx) => ctx.services.materializer.startRefresh(),
  completeSegmentRefresh: async (_root, { id }, ctx) => {
    const run = await ctx.services.store.getRun(id);
    if (!run) throw badUserInput('id', `names no refresh run ("${id}")`);
    // Idempotent: a client that retries after a lost answer gets the run as it stands, not an error.
    if (run.status !== 'RUNNING') return run;
    return ctx.services.materializer.completeRefresh(run);
  },
};

export const segmentResolvers: SegmentResolvers<InsightsContext> = {
  id: (d) => d._id,
  ruleText: (d) => ruleText(d.rule),
  size: (d, _args, ctx) => ctx.services.store.countMembers(d._id),
  members: async (d, args, ctx) => {
    const page = readPage<string>(args);
    const after = page.after;
    if (after !== undefined && typeof after !== 'string') throw badUserInput('after', 'is not a cursor returned by this field');
    const [ids, totalCount] = await Promise.all([ctx.services.store.members(d._id, after, page.size + 1), ctx.services.store.countMembers(d._id)]);
    return toConnection(ids.map((id) => ({ id })), page.size, (c) => c.id, { totalCount });
  },
};
