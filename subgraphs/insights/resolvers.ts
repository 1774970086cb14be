// Resolvers of the insights subgraph: the Customer's computed fields, journey events and their sources, segments as data.
import { SourceSystemEnum, type SourceSystemId } from '../kit/source-system.ts';
import type { InsightsContext } from './context.ts';
import { customerResolvers } from './customer-resolvers.ts';
import type { Resolvers } from './generated/resolvers-types.ts';
import { sourceOf } from './journey-source.ts';
import { JsonScalar } from './json-scalar.ts';
import { mutationResolvers, queryResolvers, segmentResolvers } from './segment-resolvers.ts';

export const resolvers: Resolvers<InsightsContext> = {
  SourceSystem: SourceSystemEnum,
  JSON: JsonScalar,
  Customer: customerResolvers,
  JourneyEvent: {
    source: (event) => sourceOf(event),
  },
  JourneySource: {
    __resolveType: (stub) => stub.__typename,
  },
  CustomerFeatures: {
    // The feature document spells systems as rules do (CRM); the enum resolver wants internal ids.
    systems: (features) => features.systems.map((s) => s.toLowerCase() as SourceSystemId),
  },
  Query: queryResolvers,
  Mutation: mutationResolvers,
  Segment: segmentResolvers,
  SegmentRefresh: {
    id: (run) => run._id,
  },
};
