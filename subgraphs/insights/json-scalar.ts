// The JSON scalar: segment rules travel as JSON values (objects in variables or inline literals, or JSON text).
import { GraphQLScalarType, valueFromASTUntyped } from 'graphql';

export const JsonScalar = new GraphQLScalarType({
  name: 'JSON',
  description: 'Any JSON value.',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast, variables) => valueFromASTUntyped(ast, variables),
});
