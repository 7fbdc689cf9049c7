/**
 * Typed application errors with stable codes. They are created anywhere below the API and converted
 * to GraphQL errors only by the API's error formatter; driver errors become these in store/neo4j.
 */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** Bad input: the message names the field, the rule and the value, e.g. `first must be between 1 and 100 (got 0)`. */
export class BadInputError extends AppError {
  constructor(
    readonly field: string,
    message: string,
    readonly value?: unknown,
  ) {
    super('BAD_USER_INPUT', message, { field, value: printable(value) });
    this.name = 'BadInputError';
  }
}

/** One bad setting: the key, what it must be, and the value given (secrets say only their length). */
export interface ConfigProblem {
  readonly field: string;
  readonly message: string;
  readonly value: string | undefined;
}

/**
 * Every bad setting at once (the environment, a model's configuration); `problems` keeps the messages,
 * `fields` the keys and values. `what` names what was being configured.
 */
export class ConfigError extends AppError {
  readonly fields: readonly ConfigProblem[];
  constructor(fields: readonly ConfigProblem[], what = 'configuration') {
    const problems = fields.map((f) => f.message);
    super('BAD_USER_INPUT', `Invalid ${what}:\n  ${problems.join('\n  ')}`, { problems });
    this.name = 'ConfigError';
    this.fields = fields;
  }
}

export class NotFoundError extends AppError {
  constructor(kind: string, id: string) {
    super('NOT_FOUND', `${kind} ${JSON.stringify(id)} does not exist`, { kind, id });
    this.name = 'NotFoundError';
  }
}

export class UnavailableError extends AppError {
  constructor(message: string, cause?: unknown) {
    super('UNAVAILABLE', message);
    this.name = 'UnavailableError';
    if (cause !== undefined) (this as { cause?: unknown }).cause = cause;
  }
}

/**
 * A model refused before training: the data would need more memory than its limit allows. The message
 * names the model, the item count, the bytes needed, the limit and what to use instead.
 */
export class CapacityError extends AppError {
  constructor(
    readonly model: string,
    readonly items: number,
    readonly bytesNeeded: number,
    readonly limitBytes: number,
    readonly instead: string,
    limitNote = '',
  ) {
    super(
      'BAD_USER_INPUT',
      `${model}: ${items.toLocaleString('en-US')} items need ${formatBytes(bytesNeeded)} of dense item × item matrices at peak, over the limit of ${formatBytes(limitBytes)}${limitNote ? ` (${limitNote})` : ''}; ${instead}`,
      { model, items, bytesNeeded, limitBytes },
    );
    this.name = 'CapacityError';
  }
}

/** Bytes as GiB (or MiB under one GiB), one decimal. */
export function formatBytes(bytes: number): string {
  const gib = bytes / 2 ** 30;
  return gib >= 1 ? `${gib.toFixed(1)} GiB` : `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** A short printable form of a bad value for messages (long strings are cut). */
export function printable(value: unknown): string {
  let text: string;
  if (typeof value === 'number' && !Number.isFinite(value)) text = String(value);
  else if (value === undefined) text = 'undefined';
  else text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
