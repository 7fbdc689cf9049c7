/** A Logger that writes nothing (services built in unit tests). */
import type { Logger } from '../../src/logging/logger';

export const silent: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silent,
};
