/**
 * Domain → GraphQL: AppErrors keep their stable code in extensions.code (plus field/value details);
 * anything unexpected is logged and reported as INTERNAL_SERVER_ERROR without internals.
 */
import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { isAppError } from '../domain/errors';
import type { Logger } from '../logging/logger';

export function createErrorFormatter(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (isAppError(original)) {
      return { ...formatted, message: original.message, extensions: { ...original.details, code: original.code } };
    }
    const code = formatted.extensions?.code;
    if (code === undefined || code === 'INTERNAL_SERVER_ERROR') {
      logger.error('unexpected error', { error: (original as Error)?.stack ?? String(original), path: formatted.path });
      return { message: 'Internal server error', path: formatted.path, locations: formatted.locations, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    }
    return formatted;
  };
}
