/**
 * Hyperparameters per model: config/models/<model>.json (chosen on validation by `npm run eval`),
 * read by the eval CLI, the jobs, composite models (fused → graph-ease) and the scripts alike, and
 * `key=value` overrides as `--set` takes them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BadInputError } from '../domain/errors';

export const MODEL_CONFIG_DIR = join(__dirname, '..', '..', 'config', 'models');

export function modelConfigPath(model: string): string {
  return join(MODEL_CONFIG_DIR, `${model}.json`);
}

function readConfigFile(path: string): Record<string, unknown> {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>) : {};
}

/** A config file's hyperparameters (empty when there is no file) without its `job` section, with `overrides` on top. */
export function configFromFile(path: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const { job: _job, ...base } = readConfigFile(path);
  return { ...base, ...overrides };
}

/** The model's config file, as configFromFile reads it. */
export function modelConfig(model: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return configFromFile(modelConfigPath(model), overrides);
}

/**
 * The config a job trains with, on every engagement and with no held-out data to early-stop on: the
 * file's `job` section (e.g. the epoch count validation runs settled at) over the rest, then `overrides`.
 */
export function jobModelConfig(model: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const { job, ...base } = readConfigFile(modelConfigPath(model));
  return { ...base, ...(job && typeof job === 'object' ? (job as Record<string, unknown>) : {}), ...overrides };
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
