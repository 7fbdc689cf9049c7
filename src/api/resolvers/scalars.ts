/** DateTime: ISO-8601 strings in, normalised UTC ISO strings out. */
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

function parse(value: unknown): string {
  const d = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) ? new Date(value) : null;
  if (d === null || Number.isNaN(d.getTime())) {
    throw new GraphQLError(`DateTime must be an ISO-8601 date-time (got ${JSON.stringify(value)})`, { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return d.toISOString();
}

export const DateTime = new GraphQLScalarType({
  name: 'DateTime',
  serialize: (value) => (value === null || value === undefined ? null : String(value)),
  parseValue: parse,
  parseLiteral: (ast) => parse(ast.kind === Kind.STRING ? ast.value : undefined),
});
