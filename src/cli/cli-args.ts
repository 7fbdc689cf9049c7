/**
 * What every CLI shares: strict flag parsing with node:util parseArgs (an unknown flag is an error that
 * suggests the nearest known one, `--help` prints the usage), files checked before any work starts,
 * and errors printed as one line (`error: …`; exit 2 for usage, 1 otherwise) instead of a stack dump.
 */
import { existsSync, statSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { AppError, BadInputError } from '../domain/errors';

type Options = NonNullable<ParseArgsConfig['options']>;

/** A command line that cannot be run as given; the message ends with the usage. */
export class UsageError extends BadInputError {
  constructor(field: string, message: string, value?: unknown) {
    super(field, message, value);
    this.name = 'UsageError';
  }
}

const HELP = { help: { type: 'boolean', short: 'h' } } as const;

function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++)
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  }
  return d[a.length]![b.length]!;
}

/** `--epoch` → `--epochs`, `--batchsize` → `--batch-size`: the known flag within a few edits, if any. */
export function nearestFlag(given: string, known: readonly string[]): string | undefined {
  const bare = given.replace(/^-+/, '').split('=')[0]!.toLowerCase();
  let best: { name: string; d: number } | undefined;
  for (const name of known) {
    const d = Math.min(distance(bare, name), distance(bare.replace(/[-_]/g, ''), name.replace(/[-_]/g, '')));
    if (d <= Math.max(1, Math.floor(name.length / 3)) && (!best || d < best.d)) best = { name, d };
  }
  return best && `--${best.name}`;
}

export interface ParsedCli<V> {
  values: V & { help?: boolean };
  positionals: string[];
}

/**
 * Parses `argv` strictly against `options` (plus --help/-h). Unknown flags, missing values and extra
 * positionals throw a UsageError naming the flag, with a suggestion and the usage.
 */
export function parseCli<O extends Options>(
  argv: readonly string[],
  options: O,
  usage: string,
  maxPositionals = 0,
): ParsedCli<{
  [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : O[K]['multiple'] extends true ? string[] : string;
}> {
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { ...options, ...HELP },
      strict: true,
      allowPositionals: true,
    }) as typeof parsed;
  } catch (error) {
    const message = (error as Error).message;
    const flag = /'(-[^']*)'/.exec(message)?.[1] ?? '';
    const code = (error as { code?: string }).code;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const hint = nearestFlag(flag, Object.keys(options));
      throw new UsageError(flag, `unknown option ${flag}${hint ? ` (did you mean ${hint}?)` : ''}\n${usage}`, flag);
    }
    throw new UsageError(flag || 'argv', `${message.split('. ')[0]}\n${usage}`, flag || argv.join(' '));
  }
  if (!parsed.values.help && parsed.positionals.length > maxPositionals) {
    const extra = parsed.positionals[maxPositionals]!;
    throw new UsageError('argv', `unexpected argument ${JSON.stringify(extra)}\n${usage}`, extra);
  }
  return parsed as never;
}

/** A positive integer flag, or the fallback when absent. */
export function intFlag(name: string, raw: string | undefined, fallback: number, min = 1): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`--${name}`, `--${name} must be an integer >= ${min} (got ${JSON.stringify(raw)})`, raw);
  return n;
}

/** Fails before any work when `path` is missing (or is not the kind of entry expected). */
export function requirePath(path: string, what: string, kind: 'file' | 'directory' = 'file'): string {
  if (!existsSync(path)) throw new BadInputError(what, `${what} does not exist: ${path}`, path);
  const isDir = statSync(path).isDirectory();
  if (kind === 'file' && isDir) throw new BadInputError(what, `${what} must be a file, not a directory: ${path}`, path);
  if (kind === 'directory' && !isDir) throw new BadInputError(what, `${what} must be a directory: ${path}`, path);
  return path;
}

/** One line for a failed command: the message of errors we expect, the stack only for bugs. */
export function cliErrorLine(error: unknown): string {
  const errno = error as NodeJS.ErrnoException;
  if (errno?.code === 'ENOENT' && errno.path) return `error: no such file or directory: ${errno.path}`;
  if ((errno?.code === 'EACCES' || errno?.code === 'EPERM') && errno.path)
    return `error: permission denied: ${errno.path}`;
  if (error instanceof AppError) return `error: ${error.message}`;
  if (error instanceof Error) return `error: ${process.env.DEBUG ? error.stack : error.message}`;
  return `error: ${String(error)}`;
}

/** Runs a CLI's main: usage errors exit 2, other failures 1, each as one `error: …` line on stderr. */
// eslint-disable-next-line @typescript-eslint/no-invalid-void-type -- a main returns an exit code or nothing (exit 0)
export function runCli(main: () => Promise<number | void>): void {
  main().then(
    (code) => {
      if (typeof code === 'number') process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${cliErrorLine(error)}\n`);
      process.exitCode = error instanceof UsageError ? 2 : 1;
    },
  );
}
