/**
 * Reads the container path as shipped (Dockerfile, docker-compose.yml) so a test can run the service
 * with exactly their environment, files and commands where no container engine runs: the final stage's
 * ENV, COPY, USER, CMD and HEALTHCHECK, and compose's environment and healthchecks with compose's own
 * variable interpolation (`${VAR}`, `${VAR:-default}`, `${VAR:?error}`, `$$`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';

export const ROOT = join(__dirname, '..', '..');

export interface Stage {
  from: string;
  name: string | undefined;
  workdir: string;
  env: Record<string, string>;
  /** [source, destination, --from stage or undefined] */
  copies: { sources: string[]; dest: string; from: string | undefined }[];
  runs: string[];
  user: string | undefined;
  cmd: string[] | undefined;
  healthcheck: string[] | undefined;
}

/** The Dockerfile's stages, in order (continuation lines joined, comments dropped). */
export function dockerfileStages(text = readFileSync(join(ROOT, 'Dockerfile'), 'utf8')): Stage[] {
  const lines = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of lines) {
    const [instr, ...restParts] = line.split(/\s+/);
    const rest = line.slice(instr!.length).trim();
    const op = instr!.toUpperCase();
    if (op === 'FROM') {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(rest);
      stages.push({
        from: m![1]!,
        name: m![2],
        workdir: '/',
        env: {},
        copies: [],
        runs: [],
        user: undefined,
        cmd: undefined,
        healthcheck: undefined,
      });
      continue;
    }
    const stage = stages[stages.length - 1];
    if (!stage) throw new Error(`Dockerfile: ${op} before FROM`);
    if (op === 'WORKDIR') stage.workdir = rest;
    else if (op === 'ENV')
      for (const pair of restParts) stage.env[pair.slice(0, pair.indexOf('='))] = pair.slice(pair.indexOf('=') + 1);
    else if (op === 'USER') stage.user = rest;
    else if (op === 'RUN') stage.runs.push(rest);
    else if (op === 'CMD') stage.cmd = JSON.parse(rest) as string[];
    else if (op === 'HEALTHCHECK') stage.healthcheck = JSON.parse(rest.slice(rest.indexOf('CMD ') + 4)) as string[];
    else if (op === 'COPY') {
      const from = restParts.find((p) => p.startsWith('--from='))?.slice(7);
      const paths = restParts.filter((p) => !p.startsWith('--'));
      stage.copies.push({ sources: paths.slice(0, -1), dest: paths[paths.length - 1]!, from });
    }
  }
  return stages;
}

/** Compose's interpolation of one string; a `${VAR:?message}` whose VAR is unset or empty throws that message. */
export function interpolate(value: string, vars: Record<string, string | undefined>): string {
  return value.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (whole, name?: string, op?: string, arg?: string, bare?: string) => {
      if (whole === '$$') return '$';
      if (bare) return vars[bare] ?? '';
      const v = vars[name!];
      const missing = op?.startsWith(':') ? v === undefined || v === '' : v === undefined;
      if (op === ':-' || op === '-') return missing ? arg! : v!;
      if (op === ':?' || op === '?') {
        if (missing) throw new Error(`required variable ${name} is missing a value: ${arg}`);
        return v!;
      }
      return v ?? '';
    },
  );
}

export interface ComposeService {
  image?: string;
  build?: unknown;
  init?: boolean;
  environment?: Record<string, string | number | boolean>;
  healthcheck?: { test: string[] | string };
  [key: string]: unknown;
}

export function composeFile(): { services: Record<string, ComposeService> } {
  return parseYaml(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as {
    services: Record<string, ComposeService>;
  };
}

/** A compose service's environment after interpolation with `vars` (what the container gets). */
export function composeEnvironment(
  service: ComposeService,
  vars: Record<string, string | undefined>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(service.environment ?? {}).map(([k, v]) => [k, interpolate(String(v), vars)]),
  );
}
