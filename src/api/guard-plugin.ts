/**
 * Per operation, before it runs: depth, cost and row limits (query-limits.ts), roles (auth.ts) and the
 * key's cost budget (rate-limit.ts); after it: latency and error metrics and one log line. Metric labels
 * come from a bounded set (the schema's root field names), never from what a client chose to call its
 * operation, so /metrics cannot be grown without bound.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { Logger } from '../logging/logger';
import type { ServiceMetrics } from '../observability/service-metrics';
import { authorise } from './auth';
import type { RequestContext } from './context';
import { checkQueryLimits, type QueryLimits } from './query-limits';
import type { RateLimiter } from './rate-limit';

export interface GuardOptions {
  limits: QueryLimits;
  /** Per-key bucket of query cost units; unset = no cost budget. */
  costLimiter?: RateLimiter;
  logger: Logger;
  metrics?: ServiceMetrics;
}

/** `recommendMedia` for a one-field operation, `multiple` for several distinct root fields. */
export function operationLabel(rootFields: readonly string[]): string {
  const names = new Set(rootFields.map((f) => f.slice(f.indexOf('.') + 1)));
  if (names.size === 0) return 'none';
  return names.size === 1 ? [...names][0]! : 'multiple';
}

function costRefused(cost: number, retryAfter: number): GraphQLError {
  const headers = new Map([['retry-after', String(retryAfter)]]);
  return new GraphQLError(
    `this key's query-cost budget is spent (this query costs ${cost}); retry in ${retryAfter} s`,
    {
      extensions: { code: 'RATE_LIMITED', cost, retryAfter, http: { status: 429, headers } },
    },
  );
}

/**
 * A request refused for its size or shape still cost the service its reading and parsing, so it spends
 * the key's cost budget by its length (a 1 MB query as much as the dearest allowed query, a typo next to
 * nothing); one refused for being over a size limit (MAX_QUERY_CHARS, MAX_QUERY_TOKENS) asked for more
 * than any allowed query and is charged as the dearest one (a 60 KB text over the token limit costs ~5 ms
 * of lexing, as much as a megabyte's). A client sending such queries in a loop runs dry after a burst and
 * then waits, instead of holding the event loop for everyone else.
 */
export function chargeRefused(
  options: Pick<GuardOptions, 'costLimiter' | 'limits'>,
  key: string,
  length: number,
  oversize = false,
): void {
  const units = oversize ? options.limits.maxCost : Math.ceil(length / REFUSED_BYTES_PER_UNIT);
  options.costLimiter?.charge(key, Math.min(options.limits.maxCost, units));
}

/** graphql-js's refusal of a document over its `maxTokens` parse option (16.x spells it "more that"). */
const overTokens = (error: Error): boolean => /Document contains more tha[nt] \d+ tokens/.test(error.message);

/** Bytes of a refused request per cost unit: 20 makes 1 MB cost 50,000, the default MAX_QUERY_COST. */
const REFUSED_BYTES_PER_UNIT = 20;

export function guardPlugin(options: GuardOptions): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      const started = performance.now();
      let label = 'unparsed';
      let clientName: string | undefined;
      return {
        async parsingDidStart({ contextValue, request }) {
          // A query refused by the parser (over MAX_QUERY_TOKENS, or malformed) was still read and lexed.
          return async (error) => {
            if (error)
              chargeRefused(options, contextValue.principal.keyId, request.query?.length ?? 0, overTokens(error));
          };
        },
        async didResolveOperation({ document, operation, request, contextValue, schema }) {
          if (!operation) return;
          clientName = request.operationName ?? operation.name?.value;
          let measure;
          try {
            measure = checkQueryLimits(schema, document, operation, request.variables ?? {}, options.limits);
          } catch (error) {
            chargeRefused(options, contextValue.principal.keyId, request.query?.length ?? 0);
            throw error;
          }
          label = operationLabel(measure.rootFields);
          if (contextValue.requestLog)
            Object.assign(contextValue.requestLog, {
              operation: label,
              ...(clientName ? { operationName: clientName.slice(0, 80) } : {}),
            });
          authorise(contextValue.principal, measure.rootFields);
          const key = contextValue.principal.keyId;
          if (options.costLimiter && !options.costLimiter.take(key, measure.cost)) {
            options.metrics?.rateLimited.inc({ key, kind: 'cost' });
            throw costRefused(measure.cost, options.costLimiter.retryAfter(key, measure.cost));
          }
        },
        async willSendResponse({ response, contextValue }) {
          const errors = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
          const ms = performance.now() - started;
          const codes = errors.map((e) => String(e.extensions?.code ?? 'UNKNOWN'));
          options.metrics?.graphqlDuration.observe(ms / 1000, {
            operation: label,
            outcome: codes.length ? 'error' : 'ok',
          });
          for (const code of new Set(codes)) options.metrics?.graphqlErrors.inc({ operation: label, code });
          if (contextValue.requestLog) {
            contextValue.requestLog.operation ??= label;
            if (codes.length) contextValue.requestLog.errors = [...new Set(codes)];
          }
          const fields = {
            requestId: contextValue.requestId,
            key: contextValue.principal.keyId,
            operation: label,
            ...(clientName ? { operationName: clientName.slice(0, 80) } : {}),
            ms: Math.round(ms * 10) / 10,
            errors: codes,
          };
          if (codes.includes('INTERNAL_SERVER_ERROR')) options.logger.error('graphql request failed', fields);
          else options.logger.debug('graphql request', fields);
        },
      };
    },
  };
}
