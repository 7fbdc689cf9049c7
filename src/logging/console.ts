/**
 * The service's output stays one JSON object a line: what libraries print with console.* (tfjs kernel
 * notices, deprecation hints) goes through the logger instead, as `source: "console"` lines.
 */
import { format } from 'node:util';
import type { Logger } from './logger';

export function routeConsole(logger: Logger): void {
  const to =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]) =>
      logger[level](format(...args), { source: 'console' });
  console.debug = to('debug');
  console.log = to('info');
  console.info = to('info');
  console.warn = to('warn');
  console.error = to('error');
}
