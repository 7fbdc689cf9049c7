/**
 * Domain → GraphQL: AppErrors keep their stable code in extensions.code (plus field/value details);
 * anything unexpected is logged and reported as INTERNAL_SERVER_ERROR without internals. In production,
 * validation messages lose graphql-js's "Did you mean …?" hints, which would map the schema for a prober.
 */
import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { isAppError } from '../domain/errors';
import type { Logger } from '../logging/logger';

export interface ErrorFormatOptions {
  hideSuggestions?: boolean;
}

const SUGGESTION = /\s*Did you mean [^?]*\?/g;

export function createErrorFormatter(logger: Logger, options: ErrorFormatOptions = {}) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (isAppError(original)) {
      const cause = (original as { cause?: unknown }).cause;
      if (original.code === 'UNAVAILABLE' && cause)
        logger.warn('unavailable', {
          error: (cause as Error)?.message?.split('\n')[0] ?? String(cause),
          path: formatted.path,
        });
      return { ...formatted, message: original.message, extensions: { ...original.details, code: original.code } };
    }
    const code = formatted.extensions?.code;
    if (code === undefined || code === 'INTERNAL_SERVER_ERROR') {
      logger.error('unexpected error', {
        err: original instanceof Error ? original : { message: String(original) },
        path: formatted.path,
      });
      return {
        message: 'Internal server error',
        path: formatted.path,
        locations: formatted.locations,
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      };
    }
    return options.hideSuggestions ? { ...formatted, message: formatted.message.replace(SUGGESTION, '') } : formatted;
  };
}
