/**
 * Structured JSON logs through pino, one object per line on stderr, with a level filter. Lines keep the
 * shape readers rely on: `level` as a name ("info", not 30), `msg`, an ISO `time`, then the fields.
 * An Error under `err` or `error` is written with its type, message and stack.
 */
import pino from 'pino';

export type Level = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

/** Where lines go: stderr by default; tests pass a function that collects them. */
export type LineWriter = (line: string) => void;

function wrap(p: pino.Logger): Logger {
  return {
    debug: (msg, fields = {}) => p.debug(fields, msg),
    info: (msg, fields = {}) => p.info(fields, msg),
    warn: (msg, fields = {}) => p.warn(fields, msg),
    error: (msg, fields = {}) => p.error(fields, msg),
    child: (fields) => wrap(p.child(fields)),
  };
}

export function createLogger(level: Level, base: Record<string, unknown> = {}, write?: LineWriter): Logger {
  const destination = write
    ? { write: (chunk: string) => write(chunk.endsWith('\n') ? chunk.slice(0, -1) : chunk) }
    : pino.destination({ fd: 2, sync: true }); // synchronous: the last lines before process.exit are kept
  const p = pino(
    {
      level,
      base: { pid: process.pid, ...base },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
    },
    destination,
  );
  return wrap(p);
}

/** An Error (or anything thrown) as log fields: the message for humans, type and stack for the record. */
export function errorFields(error: unknown): Record<string, unknown> {
  if (error instanceof Error) return { err: error };
  return { err: { message: String(error) } };
}
