/**
 * Model options checked against their defaults, the schema every option of a model has: a key the
 * defaults do not have is unknown (a misspelt `lamda` is an error, not a silent default), and a value
 * must have its default's type (number, boolean, string, list of the default's element type; an
 * object is checked key by key), one of its `choices` and within its `ranges` where the model names
 * them, by dotted path (`itemGraphs.model`). Every problem is returned, so the caller reports all in
 * one error.
 */
import { printable, type ConfigProblem } from '../domain/errors';

export type Options = Record<string, unknown>;

export function isPlainObject(value: unknown): value is Options {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface OptionCheck {
  /** Prefix of every message: where the values came from (a file, `--set`). */
  where: string;
  /** The model, for messages. */
  model: string;
  /** Allowed values of string options, by dotted path. */
  choices?: Readonly<Record<string, readonly string[] | undefined>>;
  /** Bounds of number options, by dotted path. */
  ranges?: Readonly<Record<string, OptionRange | undefined>>;
}

/** A number option's bounds: at least `min`, below `below` when given, and a whole number when `integer`. */
export interface OptionRange {
  min: number;
  below?: number;
  integer?: boolean;
}

export function optionProblems(schema: object, given: unknown, check: OptionCheck, path = ''): ConfigProblem[] {
  const at = (key: string) => `${path}${key}`;
  if (!isPlainObject(given))
    return [problem(check, path.replace(/\.$/, '') || '(root)', 'must be an object of options', given)];
  const known = schema as Options;
  const out: ConfigProblem[] = [];
  for (const [key, value] of Object.entries(given)) {
    if (!Object.prototype.hasOwnProperty.call(known, key)) {
      const expected = Object.keys(known);
      out.push(
        problem(
          check,
          at(key),
          `is not an option of ${check.model} (${expected.length ? `expected one of ${expected.join(', ')}` : 'it takes none'})`,
          value,
        ),
      );
      continue;
    }
    const def = known[key];
    if (isPlainObject(def)) {
      out.push(...optionProblems(def, value, check, `${at(key)}.`));
      continue;
    }
    const rule = typeRule(def, value);
    if (rule) {
      out.push(problem(check, at(key), rule, value));
      continue;
    }
    const allowed = check.choices?.[at(key)];
    if (allowed && !allowed.includes(value as string))
      out.push(problem(check, at(key), `must be one of ${allowed.join(', ')}`, value));
    const range = check.ranges?.[at(key)];
    // A list's range holds for each of its numbers (a grid of weights).
    if (range && Array.isArray(value) && !value.every((v) => inRange(v as number, range)))
      out.push(problem(check, at(key), `must hold numbers each ${rangeRule(range).replace(/^must be /, '')}`, value));
    else if (range && !Array.isArray(value) && !inRange(value as number, range))
      out.push(problem(check, at(key), rangeRule(range), value));
  }
  return out;
}

function inRange(value: number, range: OptionRange): boolean {
  return (
    value >= range.min &&
    (range.below === undefined || value < range.below) &&
    (!range.integer || Number.isInteger(value))
  );
}

function rangeRule(range: OptionRange): string {
  const upper = range.below === undefined ? '' : ` and < ${range.below}`;
  return `must be ${range.integer ? 'a whole number ' : ''}≥ ${range.min}${upper}`;
}

/** `layer` over `base`: objects merge key by key, anything else (lists included) replaces. */
export function mergeOptions<T extends object>(base: T, layer: object): T {
  const out: Options = { ...(base as Options) };
  for (const [key, value] of Object.entries(layer)) {
    const prev = out[key];
    out[key] = isPlainObject(prev) && isPlainObject(value) ? mergeOptions(prev, value) : value;
  }
  return out as T;
}

/** What `value` must be to match the default `def`, or null when it does. */
function typeRule(def: unknown, value: unknown): string | null {
  if (Array.isArray(def)) {
    if (!Array.isArray(value)) return `must be a list${def.length ? ` of ${kind(def[0])}s` : ''}`;
    if (def.length > 0 && value.some((v) => typeRule(def[0], v) !== null)) return `must be a list of ${kind(def[0])}s`;
    return null;
  }
  if (typeof def === 'number')
    return typeof value === 'number' && Number.isFinite(value) ? null : 'must be a finite number';
  if (typeof def === 'boolean') return typeof value === 'boolean' ? null : 'must be true or false';
  if (typeof def === 'string') return typeof value === 'string' ? null : 'must be a string';
  return null;
}

function kind(v: unknown): string {
  return typeof v === 'number'
    ? 'number'
    : typeof v === 'boolean'
      ? 'boolean'
      : typeof v === 'string'
        ? 'string'
        : 'value';
}

function problem(check: OptionCheck, field: string, rule: string, value: unknown): ConfigProblem {
  return { field, message: `${check.where}: ${field} ${rule} (got ${printable(value)})`, value: printable(value) };
}
