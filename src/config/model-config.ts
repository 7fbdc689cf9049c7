/**
 * Hyperparameters per model: config/models/<model>.json (chosen on validation by `npm run eval`), read
 * by the eval CLI, the jobs and the scripts, with `key=value` overrides as `--set` takes them, all
 * checked against the model's defaults (models/catalogue.ts) and reported like the environment
 * (config.ts): every bad key of every layer in one ConfigError, e.g.
 *   `--set: lamda is not an option of ease (expected one of lambda, minUsers) (got 500)`.
 * Layers, later wins: the model's defaults (an option that is another model's configuration, such as
 * fused.graphEase, starts from that model's own resolved file) ← the file ← its `job` section (for the
 * jobs, which train on every engagement with no held-out data to stop on) ← the overrides.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { BadInputError, ConfigError, type ConfigProblem } from '../domain/errors';
import { catalogueEntry, optionRules, type Catalogue } from '../models/catalogue';
import { isPlainObject, mergeOptions, optionProblems, type Options } from '../models/options';

export const MODEL_CONFIG_DIR = join(__dirname, '..', '..', 'config', 'models');

export function modelConfigPath(model: string): string {
  return join(MODEL_CONFIG_DIR, `${model}.json`);
}

export interface ModelConfigSource {
  /** The config file (default config/models/<model>.json; a missing default file means no settings). */
  file?: string;
  /** Applies the file's `job` section over the rest (what scheduled jobs train with). */
  job?: boolean;
  overrides?: Options;
  /** Where the overrides came from, for messages (default `--set`). */
  overridesFrom?: string;
}

/** The model's full options: defaults ← file ← job section ← overrides, or a ConfigError listing every bad key. */
export function resolveModelConfig(catalogue: Catalogue, name: string, source: ModelConfigSource = {}): Options {
  const problems: ConfigProblem[] = [];
  const resolved = resolveInto(catalogue, name, source, problems, []);
  if (problems.length > 0) throw new ConfigError(problems, `configuration of model ${name}`);
  return resolved;
}

function resolveInto(
  catalogue: Catalogue,
  name: string,
  source: ModelConfigSource,
  problems: ConfigProblem[],
  seen: readonly string[],
): Options {
  const entry = catalogueEntry(catalogue, name);
  if (seen.includes(name))
    throw new BadInputError('model', `model ${name} contains itself (${[...seen, name].join(' → ')})`, name);
  let base: Options = { ...(entry.defaults as Options) };
  for (const [key, component] of Object.entries(entry.components ?? {})) {
    if (component) base[key] = resolveInto(catalogue, component, {}, problems, [...seen, name]);
  }
  const check = (where: string, given: unknown) =>
    problems.push(...optionProblems(base, given, { where, model: name, ...optionRules(catalogue, name) }));
  const path = source.file ?? modelConfigPath(name);
  const where = printablePath(path);
  const file = readConfigFile(path, source.file !== undefined, where, problems);
  const { job, ...settings } = file;
  check(where, settings);
  base = mergeOptions(base, settings);
  if (source.job && job !== undefined) {
    check(`${where} job`, job);
    if (isPlainObject(job)) base = mergeOptions(base, job);
  }
  if (source.overrides) {
    check(source.overridesFrom ?? '--set', source.overrides);
    base = mergeOptions(base, source.overrides);
  }
  return base;
}

function readConfigFile(path: string, required: boolean, where: string, problems: ConfigProblem[]): Options {
  if (!existsSync(path)) {
    if (required) problems.push({ field: 'file', message: `${where}: the config file does not exist`, value: where });
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    problems.push({ field: 'file', message: `${where}: not valid JSON (${(error as Error).message})`, value: where });
    return {};
  }
  if (!isPlainObject(parsed)) {
    problems.push({ field: 'file', message: `${where}: must hold one JSON object of options`, value: where });
    return {};
  }
  return parsed;
}

function printablePath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
}

/** `key=value` → [key, value]; the value is JSON when it parses as JSON, else the plain string. */
export function parseOverride(text: string, flag = '--set'): [string, unknown] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new BadInputError(flag, `${flag} must look like key=value (got ${text})`, text);
  const raw = text.slice(eq + 1);
  try {
    return [text.slice(0, eq), JSON.parse(raw) as unknown];
  } catch {
    return [text.slice(0, eq), raw];
  }
}

/** Puts one override into `into`; a dotted key reaches into an object option (`gcn.epochs=3`). */
export function addOverride(into: Options, key: string, value: unknown): Options {
  const parts = key.split('.');
  let at = into;
  for (const part of parts.slice(0, -1)) {
    if (!isPlainObject(at[part])) at[part] = {};
    at = at[part] as Options;
  }
  at[parts[parts.length - 1]!] = value;
  return into;
}
