/**
 * Limits on what one operation may ask for, checked before it runs: nesting depth, estimated cost
 * (query-cost.ts: every alias and its ranking work counts, with the values the query runs with) and rows
 * written across all mutation fields. Refusals are BAD_USER_INPUT with HTTP status 400.
 */
import { GraphQLError, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { braceDepth, measureOperation, type OperationMeasure } from './query-cost';

export interface QueryLimits {
  maxDepth: number;
  maxCost: number;
  /** Most characters in one query document (MAX_QUERY_CHARS); large inputs belong in variables. */
  maxChars: number;
  /** Most rows one request may write (MAX_BATCH_SIZE), summed over aliased mutation fields. */
  maxRows: number;
}

/** Room for input-object braces (`filter: { … }`) on top of selection depth in the pre-parse check. */
const INPUT_BRACE_SLACK = 8;

/** A query refused for its size (characters or tokens): it asked for more than any allowed query. */
export class QuerySizeError extends GraphQLError {
  constructor(message: string, field: string) {
    super(message, { extensions: { code: 'BAD_USER_INPUT', field, http: { status: 400 } } });
  }
}

export function limitError(message: string, field: string, status = 400): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', field, http: { status } } });
}

/**
 * Before parsing: a query text longer than MAX_QUERY_CHARS, or nested far deeper than any allowed query,
 * is refused without a scan or a parse (the lexer alone takes ~5 ms to reach MAX_QUERY_TOKENS, the
 * brace scan ~3 ms a megabyte, both on the event loop everyone shares).
 */
export function checkQueryText(text: unknown, limits: Pick<QueryLimits, 'maxDepth' | 'maxChars'>): void {
  if (typeof text !== 'string') return;
  if (text.length > limits.maxChars) {
    throw new QuerySizeError(
      `query must be at most ${limits.maxChars} characters (got ${text.length}); pass large inputs as variables`,
      'query',
    );
  }
  const depth = braceDepth(text);
  if (depth > limits.maxDepth + INPUT_BRACE_SLACK) {
    throw limitError(
      `query depth must be at most ${limits.maxDepth} (got at least ${depth - INPUT_BRACE_SLACK})`,
      'query',
    );
  }
}

/** Measures the operation and throws BAD_USER_INPUT when it is too deep, too costly or writes too much. */
export function checkQueryLimits(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  limits: QueryLimits,
): OperationMeasure {
  const measure = measureOperation(schema, document, operation, variables);
  if (measure.depth > limits.maxDepth)
    throw limitError(`query depth must be at most ${limits.maxDepth} (got ${measure.depth})`, 'query');
  if (measure.cost > limits.maxCost) {
    throw limitError(
      `query cost must be at most ${limits.maxCost} (got ${measure.cost}); ask for fewer items or fewer aliased fields`,
      'query',
    );
  }
  if (measure.rows > limits.maxRows) {
    const fields = measure.rootFields.length;
    throw limitError(
      `input must hold at most ${limits.maxRows} rows in one request (got ${measure.rows} over ${fields} field${fields === 1 ? '' : 's'})`,
      'input',
    );
  }
  return measure;
}
