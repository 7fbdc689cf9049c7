/** DateTime: strict RFC 3339 strings in (domain/text-rules.ts), normalised UTC ISO strings out. */
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { parseRfc3339 } from '../../domain/text-rules';

function parse(value: unknown): string {
  const d = typeof value === 'string' ? parseRfc3339(value) : null;
  if (d === null) {
    throw new GraphQLError(
      `DateTime must be an RFC 3339 date-time such as 2024-02-29T10:00:00Z (got ${JSON.stringify(value)})`,
      { extensions: { code: 'BAD_USER_INPUT' } },
    );
  }
  return d.toISOString();
}

export const DateTime = new GraphQLScalarType({
  name: 'DateTime',
  serialize: (value) => (value === null || value === undefined ? null : String(value)),
  parseValue: parse,
  parseLiteral: (ast) => parse(ast.kind === Kind.STRING ? ast.value : undefined),
});
